// `npm run bench [-- --n 1000] [--domain-only] [--full-cycle] [--inbox-load] [--peers [--small]] [--profile] [--faults] [--cluster]`: the domain computation for 50,000 employees, then a throw-away engine and store, the server
// and worker as in production, then src/bench/review-bench.ts drives reviews up to calibration through them (or, with --full-cycle,
// src/bench/full-cycle-bench.ts drives whole cycles: reviews, calibrations, bonus rounds) and prints the ratio against the engine alone.
// --faults: src/bench/fault-bench.ts drives N reviews while killing the worker and the server, and counts that every step happened once.
// --peers: issue 16's comparisons in one run: form submissions against the Form.io server (src/bench/peers/forms-bench.ts), the
// worker against the engine's Java client (src/bench/peers/worker-bench.ts), then the inbox under load (--inbox-load), then the
// submission route with its task completion (src/bench/peers/complete-bench.ts), then the full cycle on a fresh stack (--full-cycle, N = 430
// unless --n), and at the end every target with whether it is met. --small: the same at a fraction of the sizes, to check the run works (its figures are not the targets').
// --cluster: the same benches (review, full cycle, inbox load) on the cluster topology (scripts/lib/cluster.mjs: PostgreSQL, two engine nodes, FerretDB on
// PostgreSQL, nginx in front of two servers; two workers), driven through nginx.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ensureNpmPackages, build } from './lib/setup.mjs';
import { startStack } from './lib/stack.mjs';
import { startCluster } from './lib/cluster.mjs';
import { root } from './lib/paths.mjs';
import { freePort } from './lib/ports.mjs';
import { runForExitCode, servicePids, startService, stopAll, stopOnSignals, waitFor } from './lib/processes.mjs';
import { runCollectingTargets } from './lib/bench-targets.mjs';

const dataDir = mkdtempSync(join(tmpdir(), 'meritflow-bench-'));
let exitCode = 1;
const profiling = process.argv.includes('--profile');
const peers = process.argv.includes('--peers');
// --small scales every size the peers benches read (their own --… flags still win, being earlier in argv).
const benchArgs = [...process.argv.slice(2), ...(peers && process.argv.includes('--small') ? ['--forms-n', '60', '--worker-n', '1000', '--tasks', '1000', '--people', '100', '--users', '20', '--seconds', '15', '--complete-n', '30'] : [])];
// Every line a bench prints with a verdict, repeated together at the end of a --peers run.
const targetLines = [];
// --inbox-load: src/bench/inbox-load-bench.ts, the inbox's latency with 10,000 open tasks, and the services' memory.
const benchFile = process.argv.includes('--inbox-load') || peers ? 'inbox-load-bench.js' : process.argv.includes('--full-cycle') ? 'full-cycle-bench.js' : 'review-bench.js';
let profileFiles = [];
stopOnSignals();

/** The server and worker as in production on a started stack; the environment a bench driving them needs. */
async function startServerAndWorker(childEnv, port, logDir, profileOf) {
  const server = startService('server', process.execPath, [join(root, 'dist', 'server', 'main.js')], { env: { ...childEnv, ...profileOf('server') }, logFile: join(logDir, 'server.log') });
  startService('worker', process.execPath, [join(root, 'dist', 'worker', 'main.js')], { env: { ...childEnv, ...profileOf('worker') }, logFile: join(logDir, 'worker.log') });
  await waitFor('server', async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, { child: server, timeoutMs: 30_000 });
  return { ...childEnv, BENCH_BASE_URL: `http://127.0.0.1:${port}`, BENCH_SERVICE_PIDS: servicePids() };
}
try {
  await ensureNpmPackages();
  await build();
  // The domain needs no services: measured first, alone on the machine.
  // (Not for --faults: that run counts what happened, it times nothing.)
  exitCode = process.argv.includes('--faults') || peers ? 0 : await runForExitCode(process.execPath, [join(root, 'dist', 'bench', 'domain-bench.js')]);
  if (exitCode !== 0 || process.argv.includes('--domain-only')) throw Object.assign(new Error(''), { done: true });
  if (process.argv.includes('--cluster')) {
    if (process.argv.includes('--faults') || profiling || peers) throw new Error('--cluster runs the review, full-cycle and inbox-load benches (not --faults, --profile or --peers)');
    const cluster = await startCluster({ dataDir });
    const servers = [1, 2].map((i) => cluster.serverProcess(i));
    for (const i of [1, 2]) cluster.startWorker(`worker-${i}`);
    await Promise.all(servers.map((server, i) => cluster.serverAnswers(i + 1, server)));
    exitCode = await runForExitCode(process.execPath, [join(root, 'dist', 'bench', benchFile), ...benchArgs], {
      env: { ...cluster.env, BENCH_BASE_URL: cluster.url, BENCH_SERVICE_PIDS: servicePids() },
    });
    throw Object.assign(new Error(''), { done: true });
  }
  const { env, logDir } = await startStack({ dataDir });
  const port = await freePort();
  const childEnv = { ...env, PORT: String(port) };
  // --profile: where the server's and the worker's store and engine time went, printed at the end.
  const profileOf = (part) => (profiling ? { STORE_PROFILE: join(logDir, `store-profile-${part}.txt`), ENGINE_PROFILE: join(logDir, `engine-profile-${part}.txt`) } : {});
  if (process.argv.includes('--faults')) {
    // The fault run starts, kills and restarts the server and the worker itself (src/bench/fault-bench.ts).
    exitCode = await runForExitCode(process.execPath, [join(root, 'dist', 'bench', 'fault-bench.js'), ...process.argv.slice(2)], { env: { ...childEnv, BENCH_LOG_DIR: logDir } });
    throw Object.assign(new Error(''), { done: true });
  }
  if (peers) {
    // Before the server and worker start: each peer and its meritflow counterpart meet only the engine and the store.
    for (const file of ['forms-bench.js', 'worker-bench.js']) {
      const code = await runCollectingTargets(process.execPath, [join(root, 'dist', 'bench', 'peers', file), ...benchArgs], { ...childEnv, BENCH_LOG_DIR: logDir }, targetLines);
      if (code !== 0) exitCode = code;
    }
  }
  const benchEnv = await startServerAndWorker(childEnv, port, logDir, profileOf);
  profileFiles = ['server', 'worker'].flatMap((part) => Object.values(profileOf(part)));
  const code = peers
    ? await runCollectingTargets(process.execPath, [join(root, 'dist', 'bench', benchFile), ...benchArgs], benchEnv, targetLines)
    : await runForExitCode(process.execPath, [join(root, 'dist', 'bench', benchFile), ...benchArgs], { env: benchEnv });
  if (code !== 0 || !peers) exitCode = code;
  if (peers && code === 0) {
    // Then the whole submission route, which also completes each task, on the inbox run's open tasks.
    const completed = await runCollectingTargets(process.execPath, [join(root, 'dist', 'bench', 'peers', 'complete-bench.js'), ...benchArgs], { ...benchEnv, BENCH_LOG_DIR: logDir }, targetLines);
    if (completed !== 0) exitCode = completed;
    // Last, the full cycle on a stack of its own (the inbox run leaves 10,000 open tasks behind):
    // N = 430 unless --n says otherwise, 43 with --small. Its targets are set for N = 10,000 (2 h here).
    await stopAll();
    const cycleStack = await startStack({ dataDir: join(dataDir, 'full-cycle') });
    const cyclePort = await freePort();
    const cycleEnv = { ...cycleStack.env, PORT: String(cyclePort) };
    const cycleBenchEnv = await startServerAndWorker(cycleEnv, cyclePort, cycleStack.logDir, () => ({}));
    const cycleArgs = [...benchArgs, '--n', process.argv.includes('--small') ? '43' : '430'];
    const cycled = await runCollectingTargets(process.execPath, [join(root, 'dist', 'bench', 'full-cycle-bench.js'), ...cycleArgs], cycleBenchEnv, targetLines);
    if (cycled !== 0) exitCode = cycled;
  }
} catch (error) {
  if (!error.done) console.error(error.message ?? error);
} finally {
  await stopAll();
  for (const file of profileFiles) {
    if (!existsSync(file)) continue;
    console.log(`\ntime by call, ${basename(file)} (top 20):`);
    console.log(readFileSync(file, 'utf8').split('\n').slice(0, 20).join('\n'));
  }
  if (peers && targetLines.length > 0) {
    console.log(`\nissue 16's targets, this run${process.argv.includes('--small') ? ' (--small: sizes below the targets\')' : ''}:`);
    for (const line of targetLines) console.log(line);
    console.log(`met: ${targetLines.filter((line) => !/not met/i.test(line)).length} of ${targetLines.length}`);
  }
  if (exitCode === 0) rmSync(dataDir, { recursive: true, force: true });
  else console.error(`bench data and logs kept in ${dataDir}`);
}
process.exit(exitCode);
