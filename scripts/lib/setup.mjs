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

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

/** Compiles TypeScript (incrementally) and bundles the browser code. */
export async function build(log = console.log) {
  log('building…');
  await run(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { cwd: root });
  await run(process.execPath, [join(root, 'scripts', 'bundle-web.mjs')], { cwd: root });
}

/**
 * What the build does not compile but must type-check all the same: the browser code (esbuild only
 * strips its types) and the tests (swc only strips theirs). tsconfig.json, which the build compiles,
 * is the rest of src.
 */
export const CHECK_ONLY_PROJECTS = ['tsconfig.web.json', 'tsconfig.test.json'];

/**
 * Type-checks the given projects one after the other (incrementally: a second run reads
 * dist/.tsbuildinfo-*); resolves with tsc's report, empty when all pass, and never rejects.
 */
export async function typecheck(projects = CHECK_ONLY_PROJECTS) {
  const reports = [];
  for (const project of projects) {
    await run(process.execPath, [tsc, '-p', join(root, project), '--noEmit', '--pretty', 'false'], { cwd: root })
      .catch((error) => reports.push(`${project}:\n${error.message.split('\n').slice(1).join('\n').trim()}`));
  }
  return reports.join('\n');
}
