import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { connectStore, disconnectStore } from '../db/connection';
import { deployAll, projectRoot } from '../deploy/deploy-all';
import { EngineClient } from '../platform/engine-client';
import { seedDemoOrg } from '../seed/seed-demo';
import { argValue, config } from './bench-support';
import { killHard, runUnderFaults } from './fault-run';

/**
 * `npm run bench -- --faults [--n 1000] [--worker-kills 40] [--server-kills 3] [--seed S]`: N reviews
 * to their published result while the worker is killed with SIGKILL at random moments and the server
 * now and then (src/bench/fault-run.ts), then the counts: every step once, the chain intact, no
 * incident, every case ended. Exit 1 when anything is wrong; the seed repeats the kill schedule.
 */
const N = argValue('n', 1000);
const WORKER_KILLS = argValue('worker-kills', 40);
const SERVER_KILLS = argValue('server-kills', 3);
const SEED = argValue('seed', Math.floor(Math.random() * 2 ** 31));
const port = Number(process.env.PORT);
const logDir = process.env.BENCH_LOG_DIR ?? join(projectRoot, 'data', 'logs');
// A killed worker's tasks come back after their lock: short, so each kill costs seconds.
const WORKER_ENV = { WORKER_LOCK_MS: '5000' };
const SERVER_ENV = { RATE_LIMIT_WRITES_PER_USER: '100000', RATE_LIMIT_SIGN_IN_PER_USER_NAME: '100000', RATE_LIMIT_SIGN_IN_FAILURES_PER_IP: '100000' };

function startPart(part: 'server' | 'worker', name: string, env: Record<string, string>): ChildProcess {
  mkdirSync(logDir, { recursive: true });
  const child = spawn(process.execPath, [join(projectRoot, 'dist', part, 'main.js')], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(join(logDir, `${part}-${name}.log`), { flags: 'a' });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  return child;
}

let serverStarts = 0;
async function startServer(): Promise<ChildProcess> {
  const server = startPart('server', `faults-${serverStarts++}`, SERVER_ENV);
  const deadline = Date.now() + 60_000;
  while (!(await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false))) {
    if (Date.now() > deadline || server.exitCode !== null) throw new Error('the server did not start; see its log');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return server;
}

async function main(): Promise<number> {
  const engine = new EngineClient(config.engineUrl, config.engineUser, config.enginePassword);
  await connectStore(config.mongodbUri);
  await deployAll(engine, 'bench');
  await seedDemoOrg();
  console.log(`fault run: ${N} reviews, the worker killed ${WORKER_KILLS} times, the server ${SERVER_KILLS}; seed ${SEED} (--seed ${SEED} repeats the schedule)`);
  const parts: { server: ChildProcess | undefined; worker: ChildProcess | undefined } = { server: await startServer(), worker: undefined };
  try {
    const report = await runUnderFaults(
      { baseUrl: `http://127.0.0.1:${port}`, engine, reviews: N, workerKills: WORKER_KILLS, serverKills: SERVER_KILLS, seed: SEED, prefix: `f${Date.now().toString(36)}`, endWithinMs: 60 * 60_000 },
      { startServer, startWorker: (name) => startPart('worker', name, WORKER_ENV) },
      parts,
    );
    console.log(`${N} reviews in ${(report.elapsedMs / 1000).toFixed(0)} s; worker killed ${report.kills} times, server ${report.serverKills}; ${report.unanswered} submissions refused or without an answer (the person carried on from the inbox)`);
    if (report.problems.length === 0) {
      console.log('every step once: submissions, scores, audit entries; the audit chain intact; no incident; every case ended');
      return 0;
    }
    console.log(`${report.problems.length} problems (seed ${SEED}):`);
    for (const line of report.problems.slice(0, 50)) console.log(`  ${line}`);
    return 1;
  } finally {
    await killHard(parts.worker);
    await killHard(parts.server);
    await disconnectStore();
  }
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
