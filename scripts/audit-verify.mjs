// `npm run audit:verify`: checks the audit hash chain of the running meritflow (or of
// MONGODB_URI) and names the first broken entry. Exit 0 intact, 1 broken.
// `npm run audit:verify -- --file <export>` checks an export (CSV or JSON lines) instead.
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { root } from './lib/paths.mjs';
import { loadRuntimeEnv } from './lib/runtime-env.mjs';

// An export is checked without meritflow running: only the stored chain needs the store.
const env = process.argv.includes('--file') ? process.env : { ...process.env, ...loadRuntimeEnv() };
const result = spawnSync(process.execPath, [join(root, 'dist', 'cli', 'audit-verify.js'), ...process.argv.slice(2)], { env, stdio: 'inherit' });
process.exit(result.status ?? 1);
