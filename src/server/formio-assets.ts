import express, { Router } from 'express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * formio.js and what it loads at run time, all from this server. formio.js fetches some libraries
 * only when a form needs them (the date picker's flatpickr and its shortcut buttons, an editor…)
 * from its public CDN, which the pages' CSP blocks and a bank's network refuses. Its CDN class takes
 * a base URL; the bundle is served with that set to /vendor/formio-cdn, where the libraries a
 * shipped or owner's form can use are served from node_modules. A library not served there fails
 * locally instead of reaching outside.
 */
const LOCAL_CDN = '/vendor/formio-cdn';

export function formioAssets(modules: string): Router {
  const router = Router();
  const dist = join(modules, '@formio', 'js', 'dist');
  const bundle = `${readFileSync(join(dist, 'formio.full.min.js'), 'utf8')}\n;Formio.cdn.setBaseUrl(${JSON.stringify(LOCAL_CDN)});\n`;
  router.get('/vendor/formio/formio.full.min.js', (_req, res) => {
    res.type('application/javascript').send(bundle);
  });
  router.use('/vendor/formio', express.static(dist));
  router.use(`${LOCAL_CDN}/flatpickr-formio`, express.static(join(modules, 'flatpickr', 'dist')));
  router.use(`${LOCAL_CDN}/shortcut-buttons-flatpickr`, express.static(join(modules, 'shortcut-buttons-flatpickr', 'dist')));
  return router;
}
