// `npm test`: the same provisioning as `npm start`, on free ports with a throw-away data folder,
// then jest: unit tests (pure domain) and integration tests against the real engine and store.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureNpmPackages, build } from './lib/setup.mjs';
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
  const [{ env }, chromium] = await Promise.all([startStack({ dataDir }), ensureChromium()]);
  console.log(`engine and store ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  exitCode = await runForExitCode(process.execPath, [join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--runInBand', ...process.argv.slice(2)], {
    cwd: root,
    env: { ...env, MERITFLOW_TEST_DATA_DIR: dataDir, CHROMIUM_PATH: chromium },
  });
} catch (error) {
  console.error(error.message ?? error);
} finally {
  await stopAll();
  if (exitCode === 0) rmSync(dataDir, { recursive: true, force: true });
  else console.error(`test data and logs kept in ${dataDir}`);
}
process.exit(exitCode);
