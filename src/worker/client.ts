import type { WorkerConfig } from './config';
import { PARTIAL_BATCH_GAP_MS, pollGap } from './poll-gap';

/**
 * The external-task client as the worker runs it, from its settings. The peers bench
 * (src/bench/peers/noop-worker.ts) builds its no-op worker with this too, so it measures these settings.
 */
export async function createWorkerClient(config: WorkerConfig) {
  // The client is ESM-only; a dynamic import loads it from this CommonJS build.
  const { Client, BasicAuthInterceptor, Variables } = await import('camunda-external-task-client-js');
  const client = new Client({
    baseUrl: config.engineUrl,
    workerId: config.workerId,
    maxTasks: config.maxTasks,
    // Without this the client fetches more whenever it polls, while earlier handlers still run:
    // under load one worker held 457 locked tasks, ran them all at once and outlived their locks.
    maxParallelExecutions: config.maxParallel,
    lockDuration: config.lockMs,
    asyncResponseTimeout: config.longPollMs,
    interval: PARTIAL_BATCH_GAP_MS,
    autoPoll: false,
    interceptors: config.engineUser ? new BasicAuthInterceptor({ username: config.engineUser, password: config.enginePassword }) : undefined,
  });
  // The client waits `interval` after every poll, and re-checks at that pace while all handlers run;
  // poll-gap.ts says how long, from the last poll. The client reads `interval` as a poll starts, so a
  // poll's outcome sets the wait after the next one: in a run of full (or of partial) batches, the same.
  let asked = 0;
  client.on('poll:start', () => { asked = Math.min(config.maxTasks, config.maxParallel - client.activeTasksCount); });
  client.on('poll:success', (tasks) => { client.options.interval = pollGap({ failed: false, fetched: Array.isArray(tasks) ? tasks.length : 0, asked }); });
  client.on('poll:error', (error) => {
    client.options.interval = pollGap({ failed: true });
    console.error('poll failed:', error);
  });
  return { client, Variables };
}
