// For development: starts the engine and the store once and keeps them running, so that
// `npm test -- <file>` can reuse them instead of starting its own (scripts/test.mjs starts
// nothing that ENGINE_URL / MONGODB_URI already name). Writes the settings as a shell file:
//   node scripts/dev-stack.mjs /tmp/stack.env &   then   set -a; . /tmp/stack.env; set +a; npm test -- test/integration/x
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack } from './lib/stack.mjs';
import { stopOnSignals } from './lib/processes.mjs';

const envFile = process.argv[2] ?? join(tmpdir(), 'meritflow-stack.env');
stopOnSignals();
const dataDir = mkdtempSync(join(tmpdir(), 'meritflow-dev-'));
const { env } = await startStack({ dataDir });
writeFileSync(envFile, Object.entries({ ...env, MERITFLOW_TEST_DATA_DIR: dataDir }).map(([k, v]) => `${k}='${v}'`).join('\n') + '\n');
console.log(`engine and store running (data in ${dataDir}); settings in ${envFile}; Ctrl-C stops them`);
