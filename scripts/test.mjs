// `npm test`: the same provisioning as `npm start`, on free ports with a throw-away data folder,
// then jest: unit tests (pure domain) and integration tests against the real engine and store.
// The browser code and the tests are type-checked meanwhile (the build checks the rest of src):
// tsc runs beside the stack's start and jest, mostly waiting ones, and a type error fails the run.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureNpmPackages, build, typecheck } from './lib/setup.mjs';
import { startStack } from './lib/stack.mjs';
import { root } from './lib/paths.mjs';
import { runForExitCode, stopAll, stopOnSignals } from './lib/processes.mjs';
import { ensureChromium } from './lib/chromium.mjs';

const dataDir = mkdtempSync(join(tmpdir(), 'meritflow-test-'));
// Worker logs go here even when the engine and store run elsewhere (ENGINE_URL / MONGODB_URI set).
mkdirSync(join(dataDir, 'logs'), { recursive: true });
let exitCode = 1;
stopOnSignals();
try {
  await ensureNpmPackages();
  await build();
  const started = Date.now();
  // The whole suite (CI) type-checks everything; a run of chosen files leaves it to `npm run typecheck`,
  // so that repeated runs of one file do not pay for checking the whole tree each time.
  const wholeSuite = process.argv.slice(2).every((arg) => arg.startsWith('-'));
  const typeErrors = !wholeSuite ? Promise.resolve(null) : typecheck().then((report) => {
    console.log(`type check ${report ? 'failed' : 'passed'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return report;
  });
  const [{ env }, chromium] = await Promise.all([startStack({ dataDir }), ensureChromium()]);
  console.log(`engine and store ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  exitCode = await runForExitCode(process.execPath, [join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--runInBand', ...process.argv.slice(2)], {
    cwd: root,
    env: { ...env, MERITFLOW_TEST_DATA_DIR: dataDir, CHROMIUM_PATH: chromium },
  });
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
