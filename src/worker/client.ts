import type { WorkerConfig } from './config';

const POLL_GAP_MS = 10;
const ERROR_BACKOFF_MS = 2000;

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
    interval: POLL_GAP_MS,
    autoPoll: false,
    interceptors: config.engineUser ? new BasicAuthInterceptor({ username: config.engineUser, password: config.enginePassword }) : undefined,
  });
  // The client waits `interval` after every poll, also one that brought tasks, and re-checks at that
  // pace while all handlers run. At 200 ms a worker with maxTasks 10 completed 32 no-op tasks/s
  // where the Java client, which polls again at once, completed 107 (npm run bench -- --peers). The
  // long poll keeps an idle worker's polls to one per WORKER_LONG_POLL_MS whatever the gap; an engine
  // that refuses must not be asked 100 times a second, so after a failed poll the gap is longer.
  client.on('poll:error', (error) => {
    client.options.interval = ERROR_BACKOFF_MS;
    console.error('poll failed:', error);
  });
  client.on('poll:success', () => { client.options.interval = POLL_GAP_MS; });
  return { client, Variables };
}
