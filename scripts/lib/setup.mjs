import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './paths.mjs';
import { run } from './processes.mjs';

/** Installs npm packages when node_modules is missing or older than the lock file. */
export async function ensureNpmPackages(log = console.log) {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing npm packages…');
  // Not `npm ci`: the lock npm 11 writes here leaves out other platforms' optional packages, and
  // `npm ci` then refuses it as out of sync. `npm install` installs the locked versions all the same.
  await run('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, quiet: false });
}

/** Compiles TypeScript (incrementally) and bundles the browser code. */
export async function build(log = console.log) {
  log('building…');
  await run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.json')], { cwd: root });
  await run(process.execPath, [join(root, 'scripts', 'bundle-web.mjs')], { cwd: root });
}
