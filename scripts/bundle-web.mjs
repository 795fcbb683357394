// Bundles the browser code in src/web into public/build. Form.io's renderer comes from its own
// dist build (served at /vendor/formio) and is used here as the global `Formio`.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './lib/paths.mjs';

const webDir = join(root, 'src', 'web');
const entryPoints = readdirSync(webDir).filter((f) => f.endsWith('-page.ts')).map((f) => join(webDir, f));
await build({
  entryPoints,
  outdir: join(root, 'public', 'build'),
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'iife',
  target: ['es2020'],
  logLevel: 'warning',
});
