import type { WorkerConfig } from './config';

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
    interval: 200,
    autoPoll: false,
    interceptors: config.engineUser ? new BasicAuthInterceptor({ username: config.engineUser, password: config.enginePassword }) : undefined,
  });
  client.on('poll:error', (error) => console.error('poll failed:', error));
  return { client, Variables };
}
