// `npm run audit:verify`: checks the audit hash chain of the running meritflow (or of
// MONGODB_URI) and names the first broken entry. Exit 0 intact, 1 broken.
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { root } from './lib/paths.mjs';
import { loadRuntimeEnv } from './lib/runtime-env.mjs';

const env = { ...process.env, ...loadRuntimeEnv() };
const result = spawnSync(process.execPath, [join(root, 'dist', 'cli', 'audit-verify.js')], { env, stdio: 'inherit' });
process.exit(result.status ?? 1);
