// `npm run launch -- <cycle> [employeeId…]`: launches reviews on the running meritflow.
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { root } from './lib/paths.mjs';
import { loadRuntimeEnv } from './lib/runtime-env.mjs';

const env = { ...process.env, ...loadRuntimeEnv() };
const result = spawnSync(process.execPath, [join(root, 'dist', 'cli', 'launch.js'), ...process.argv.slice(2)], { env, stdio: 'inherit' });
process.exit(result.status ?? 1);
