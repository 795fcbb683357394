import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { loadConfig, type Config, type RateLimitSettings } from '../../src/server/config';
import { connectStore, disconnectStore } from '../../src/db/connection';
import { pollUntil } from '../../src/lib/concurrency';
import { deployAll } from '../../src/deploy/deploy-all';
import { createApp } from '../../src/server/app';
import { EngineClient } from '../../src/server/engine-client';
import { seedDemoOrg } from '../../src/seed/seed-demo';

/**
 * The real parts for an integration test: scripts/test.mjs has started Operaton and FerretDB; this
 * connects to them, deploys the shipped processes, forms and policies, seeds the demo bank and
 * serves the express app on a free port. Workers are real child processes (startWorker).
 */
export interface TestStack {
  baseUrl: string;
  engine: EngineClient;
  /**
   * Another server on the same engine and store, with other settings. Its sign-in counters (kept in
   * the store) start fresh: each server counts in a scope of its own unless `rateLimitScope` names
   * one another server counts in too, as the nodes of one deployment do.
   */
  serve(overrides?: ConfigOverrides, options?: { rateLimitScope?: string }): Promise<string>;
  close(): Promise<void>;
}

export type ConfigOverrides = Partial<Omit<Config, 'rateLimits'>> & { rateLimits?: Partial<RateLimitSettings> };

const root = join(__dirname, '..', '..');

export async function startTestStack(overrides: ConfigOverrides = {}): Promise<TestStack> {
  const config = loadConfig();
  await connectStore(config.mongodbUri);
  const engine = new EngineClient(config.engineUrl, config.engineUser, config.enginePassword);
  await deployAll(engine, 'test');
  await seedDemoOrg();
  const servers: Server[] = [];
  const serve = async (more: ConfigOverrides = {}, options: { rateLimitScope?: string } = {}): Promise<string> => {
    const merged: Config = { ...config, ...overrides, ...more, rateLimits: { ...config.rateLimits, ...overrides.rateLimits, ...more.rateLimits } };
    const server: Server = await new Promise((resolve) => {
      const s = createApp(merged, engine, { rateLimits: { scope: options.rateLimitScope ?? randomUUID() } }).listen(0, '127.0.0.1', () => resolve(s));
    });
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  return {
    baseUrl: await serve(),
    engine,
    serve,
    async close() {
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
      await disconnectStore();
    },
  };
}

/** A worker process as production runs it (dist/worker/main.js), with its output in the test data folder. */
export function startWorker(name: string, env: Record<string, string> = {}): ChildProcess {
  return startPart('worker', name, { WORKER_ID: name, ...env });
}

/**
 * A server process as production runs it (dist/server/main.js) on `port`, for a test that kills
 * and restarts it; most tests serve the app in their own process (startTestStack).
 */
export function startServer(name: string, port: number, env: Record<string, string> = {}): ChildProcess {
  return startPart('server', name, { PORT: String(port), ...env });
}

/** A free loopback port for a server process of the test's own. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    }).on('error', reject);
  });
}

function startPart(part: 'worker' | 'server', name: string, env: Record<string, string>): ChildProcess {
  const logFile = join(process.env.MERITFLOW_TEST_DATA_DIR ?? root, 'logs', `${part}-${name}.log`);
  const child = spawn(process.execPath, [join(root, 'dist', part, 'main.js')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // With an engine and store of scripts/dev-stack.mjs nothing else made the test data folder's logs.
  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile, { flags: 'a' });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  return child;
}

export async function stopWorker(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export function eventually<T>(label: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 60_000): Promise<T> {
  return pollUntil(label, probe, timeoutMs, 200);
}

/** A distinct cycle per test file, so files never see each other's cases. */
export function uniqueCycle(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
}
