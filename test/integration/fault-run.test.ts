import { killHard, runUnderFaults } from '../../src/bench/fault-run';
import { eventually, freePort, startServer, startTestStack, startWorker, uniqueCycle, type TestStack } from '../support/stack';
import type { ChildProcess } from 'node:child_process';

/**
 * Issue 20's fault test at small scale: a few dozen reviews driven over HTTP by their employees and
 * managers, from launch to the published result, while the worker is killed with SIGKILL at random
 * moments (and started again) and the server once (src/bench/fault-run.ts drives and counts).
 * Afterwards each step left exactly one submission, one score and one audit entry of each kind, the
 * audit chain verifies, no incident is open and every case ended. The kill schedule comes from a
 * seeded random: the seed is printed, and FAULT_SEED=<seed> repeats it. `npm run bench -- --faults`
 * is the larger run.
 */
const REVIEWS = Number(process.env.FAULT_REVIEWS ?? 16);
const WORKER_KILLS = Number(process.env.FAULT_WORKER_KILLS ?? 10);
const SEED = Number(process.env.FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
// A killed worker's tasks come back after their lock: short here, so a kill costs seconds, not half a minute.
const WORKER_ENV = { WORKER_LOCK_MS: '4000', WORKER_LONG_POLL_MS: '2000' };
const SERVER_ENV = { RATE_LIMIT_WRITES_PER_USER: '100000', RATE_LIMIT_SIGN_IN_PER_USER_NAME: '100000', RATE_LIMIT_SIGN_IN_FAILURES_PER_IP: '100000' };

let stack: TestStack;
let port = 0;
const parts: { server: ChildProcess | undefined; worker: ChildProcess | undefined } = { server: undefined, worker: undefined };

async function serverUp(): Promise<ChildProcess> {
  const server = startServer('faults', port, SERVER_ENV);
  await eventually('the server answers', async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.ok, 60_000);
  return server;
}

beforeAll(async () => {
  console.log(`fault run seed ${SEED} (FAULT_SEED=${SEED} repeats the kill schedule)`);
  stack = await startTestStack();
  port = await freePort();
  parts.server = await serverUp();
}, 120_000);

afterAll(async () => {
  await killHard(parts.worker);
  await killHard(parts.server);
  await stack?.close();
});

test(`${REVIEWS} reviews while the worker is killed at random and the server once: every step once, the chain intact, no incident, every case ended`, async () => {
  const report = await runUnderFaults(
    { baseUrl: `http://127.0.0.1:${port}`, engine: stack.engine, reviews: REVIEWS, workerKills: WORKER_KILLS, serverKills: 1, seed: SEED, prefix: uniqueCycle('faults'), endWithinMs: 180_000 },
    { startServer: serverUp, startWorker: (name) => startWorker(name, WORKER_ENV) },
    parts,
  );
  console.log(`fault run seed ${SEED}: worker killed ${report.kills} times, server ${report.serverKills}; ${Math.round(report.elapsedMs / 1000)} s; ${report.unanswered} submissions refused or without an answer`);
  expect(report.problems).toEqual([]);
  expect(report.kills).toBeGreaterThanOrEqual(Math.min(3, WORKER_KILLS));
  expect(report.serverKills).toBe(1);
}, 300_000);
