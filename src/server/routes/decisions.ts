import { Router, type NextFunction, type Request, type Response } from 'express';
import { requireUser } from '../current-user';
import type { EngineClient } from '../engine-client';
import { badRequest, notFound } from '../http-errors';
import { DECISION_KEY, decisionVersions, decisionXml, deployDecisionVersion, diffAgainstDeployed, listDecisions, saveDecisionDraft } from '../modeler/decision-library';
import { readBody } from '../request-body';
import type { RateLimits } from '../security/rate-limits';
import { MODELER_ROLES, versionOfBody, versionParam } from './modeler';

/**
 * Decision tables (DMN) as versioned data, for process owners and admins as /api/processes is:
 *   GET  /api/decisions                               each decision: latest and deployed version
 *   GET  /api/decisions/:key/versions                 versions (who, when, origin, note, deployed) and deployments
 *   GET  /api/decisions/:key/versions/:version/xml    one version's DMN
 *   GET  /api/decisions/:key/versions/:version/diff   what it changes against the deployed version (columns, rules)
 *   POST /api/decisions/:key/drafts                   { xml, note? } → a new version after the lint (and its diff), or 400 with problems
 *   POST /api/decisions/:key/deployments              { version } → the engine's newest definition (a roll back is an older version)
 * Others get 403, as the modeler's API answers them.
 */
function apiAccess(req: Request, res: Response, next: NextFunction): void {
  if (req.user?.roles.some((role) => MODELER_ROLES.includes(role))) return next();
  res.status(403).json({ error: 'only process owners and admins edit decision tables' });
}

function keyParam(req: Request): string {
  const key = String(req.params.key);
  if (!DECISION_KEY.test(key)) throw notFound('decision');
  return key;
}


export function decisionRoutes(engine: EngineClient, limits: RateLimits): Router {
  const router = Router();
  const api = [requireUser, apiAccess];
  router.get('/api/decisions', ...api, async (_req, res) => {
    res.json({ decisions: await listDecisions(engine) });
  });
  router.get('/api/decisions/:key/versions', ...api, async (req, res) => {
    res.json(await decisionVersions(engine, keyParam(req)));
  });
  router.get('/api/decisions/:key/versions/:version/xml', ...api, async (req, res) => {
    const key = keyParam(req);
    const version = versionParam(req);
    res.json({ key, version, xml: await decisionXml(key, version) });
  });
  router.get('/api/decisions/:key/versions/:version/diff', ...api, async (req, res) => {
    const key = keyParam(req);
    const version = versionParam(req);
    res.json({ key, version, ...(await diffAgainstDeployed(engine, key, await decisionXml(key, version))) });
  });
  router.post('/api/decisions/:key/drafts', ...api, limits.writes, async (req, res) => {
    const key = keyParam(req);
    const body = readBody(req.body, { xml: { type: 'string', required: true, maxLength: 200_000 }, note: { type: 'string', maxLength: 500 } });
    if (body.note !== undefined && !/^[^<>\u0000-\u001f]*$/.test(body.note)) throw badRequest('the request is not valid', [{ field: 'note', code: 'pattern', message: 'a note is one line of plain text without < or >' }]);
    const saved = await saveDecisionDraft(engine, key, body.xml, body.note ?? '', req.user!.id);
    res.status(saved.created ? 201 : 200).json(saved);
  });
  router.post('/api/decisions/:key/deployments', ...api, limits.writes, async (req, res) => {
    const key = keyParam(req);
    res.status(201).json(await deployDecisionVersion(engine, key, versionOfBody(req.body), req.user!.id));
  });
  return router;
}
