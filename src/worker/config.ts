import { hostname } from 'node:os';
import { readEngineSettings, readMailSettings, readStoreSettings, SettingsReader, type EngineSettings, type Env, type MailSettings, type StoreSettings } from '../platform/config';

/**
 * The external-task worker's settings: the engine, the store and its polling. It needs no session
 * secret and no sign-in settings; those are the web server's.
 */
export interface WorkerConfig extends EngineSettings, StoreSettings, MailSettings {
  workerId: string;
  /** Tasks fetched per poll. */
  maxTasks: number;
  /** Handlers running at once; no more tasks are fetched meanwhile. */
  maxParallel: number;
  lockMs: number;
  longPollMs: number;
}

export function loadWorkerConfig(env: Env = process.env): WorkerConfig {
  const read = new SettingsReader(env);
  const maxTasks = read.wholeNumber('WORKER_MAX_TASKS', 10);
  return read.done({
    ...readEngineSettings(read),
    ...readStoreSettings(read),
    ...readMailSettings(read, env),
    workerId: read.text('WORKER_ID', `meritflow-worker-${hostname()}-${process.pid}`),
    maxTasks,
    maxParallel: read.wholeNumber('WORKER_MAX_PARALLEL', maxTasks),
    lockMs: read.wholeNumber('WORKER_LOCK_MS', 30_000),
    longPollMs: read.wholeNumber('WORKER_LONG_POLL_MS', 10_000),
  });
}
