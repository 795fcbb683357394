import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultDataDir } from './paths.mjs';

const file = join(defaultDataDir, 'runtime-env.json');

/** `npm start` records where its engine and store listen, so `npm run launch` can find them. */
export function saveRuntimeEnv(env) {
  writeFileSync(file, JSON.stringify(env, null, 2), { mode: 0o600 });
}

export function loadRuntimeEnv() {
  if (process.env.ENGINE_URL && process.env.MONGODB_URI) return {};
  if (!existsSync(file)) throw new Error('meritflow is not running here: start it with `npm start`, or set ENGINE_URL and MONGODB_URI');
  return JSON.parse(readFileSync(file, 'utf8'));
}
