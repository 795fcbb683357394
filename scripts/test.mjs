// `npm test`: the same provisioning as `npm start`, on free ports with a throw-away data folder,
// then jest: unit tests (pure domain) and integration tests against the real engine and store.
// The browser code and the tests are type-checked meanwhile (the build checks the rest of src):
// tsc runs beside the stack's start and jest, mostly waiting ones, and a type error fails the run.
// Then, with the embedded stack stopped, test/cluster against the cluster topology
// (scripts/lib/cluster.mjs: PostgreSQL, two engine nodes, FerretDB on PostgreSQL, nginx): its
// tests start their own server and worker nodes behind nginx and kill nodes. `npm test --
// test/cluster/…` runs only that phase; naming only other files leaves it out.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureNpmPackages, build, typecheck } from './lib/setup.mjs';
import { startStack } from './lib/stack.mjs';
import { startCluster } from './lib/cluster.mjs';
import { root } from './lib/paths.mjs';
import { runForExitCode, stopAll, stopOnSignals } from './lib/processes.mjs';
import { ensureChromium } from './lib/chromium.mjs';

const dataDir = mkdtempSync(join(tmpdir(), 'meritflow-test-'));
// Worker logs go here even when the engine and store run elsewhere (ENGINE_URL / MONGODB_URI set).
mkdirSync(join(dataDir, 'logs'), { recursive: true });
let exitCode = 1;
stopOnSignals();
const args = process.argv.slice(2);
const flags = args.filter((arg) => arg.startsWith('-'));
const clusterFiles = args.filter((arg) => !arg.startsWith('-') && arg.includes('test/cluster'));
const otherFiles = args.filter((arg) => !arg.startsWith('-') && !arg.includes('test/cluster'));
// The whole suite (CI) type-checks everything; a run of chosen files leaves it to `npm run typecheck`,
// so that repeated runs of one file do not pay for checking the whole tree each time.
const wholeSuite = args.every((arg) => arg.startsWith('-'));
const jest = join(root, 'node_modules', 'jest', 'bin', 'jest.js');

async function embeddedPhase(started) {
  const [{ env }, chromium] = await Promise.all([startStack({ dataDir }), ensureChromium()]);
  console.log(`engine and store ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const code = await runForExitCode(process.execPath, [jest, '--runInBand', ...args.filter((arg) => !clusterFiles.includes(arg))], {
    cwd: root,
    env: { ...env, MERITFLOW_TEST_DATA_DIR: dataDir, CHROMIUM_PATH: chromium },
  });
  // The cluster phase needs the machine: the embedded engine and store go first.
  await stopAll();
  return code;
}

async function clusterPhase() {
  const started = Date.now();
  // A killed engine node's jobs wait for the job lock: short here, so that costs seconds.
  const cluster = await startCluster({ dataDir: join(dataDir, 'cluster'), engineJobLockMs: 10_000 });
  console.log(`cluster ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return runForExitCode(process.execPath, [jest, '--config', join(root, 'jest.cluster.config.js'), '--runInBand', ...flags, ...clusterFiles], {
    cwd: root,
    env: {
      ...cluster.env,
      MERITFLOW_TEST_DATA_DIR: dataDir,
      CLUSTER_URL: cluster.url,
      CLUSTER_SERVER_PORTS: cluster.serverPorts.join(','),
      CLUSTER_ENGINE_PIDS: cluster.engines.map((engine) => engine.child.pid).join(','),
    },
  });
}

try {
  await ensureNpmPackages();
  await build();
  const started = Date.now();
  const typeErrors = !wholeSuite ? Promise.resolve(null) : typecheck().then((report) => {
    console.log(`type check ${report ? 'failed' : 'passed'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return report;
  });
  // Both phases run even when the first fails (`a ||= await b()` would skip b).
  const codes = [];
  if (wholeSuite || otherFiles.length > 0 || clusterFiles.length === 0) codes.push(await embeddedPhase(started));
  if (wholeSuite || clusterFiles.length > 0) codes.push(await clusterPhase());
  exitCode = codes.find((code) => code !== 0) ?? 0;
  const report = await typeErrors;
  if (report) {
    console.error(`\ntype errors (npm run typecheck shows them too):\n${report}`);
    exitCode ||= 1;
  }
} catch (error) {
  console.error(error.message ?? error);
} finally {
  await stopAll();
  if (exitCode === 0) rmSync(dataDir, { recursive: true, force: true });
  else console.error(`test data and logs kept in ${dataDir}`);
}
process.exit(exitCode);
