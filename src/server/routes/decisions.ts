import { Router } from 'express';
import type { DecisionList, DecisionPageData, VersionDiff, VersionXml } from '../../domain/api-types';
import { requireUser } from '../current-user';
import { problemsWithText } from '../error-text';
import type { EngineClient } from '../engine-client';
import { localeOf, translate } from '../i18n';
import { DECISION_KEY, decisionVersions, decisionXml, deployDecisionVersion, diffAgainstDeployed, listDecisions, saveDecisionDraft } from '../modeler/decision-library';
import { clientStrings, namesFor } from '../modeler/page-data';
import { readBody } from '../request-body';
import { XML_DRAFT } from '../request-bodies';
import type { RateLimits } from '../security/rate-limits';
import { render } from '../views';
import { draftNote, keyParam, modelerApiAccess, modelerPageAccess, queryLine, versionOfBody, versionParam } from './support/modeler-requests';

/**
 * Decision tables (DMN) as versioned data, for process owners and admins as /api/processes is:
 *   GET  /decisions/:key                              the decision table editor (a page)
 *   GET  /api/decisions                               each decision: latest and deployed version
 *   GET  /api/decisions/:key/versions                 versions (who, when, origin, note, deployed) and deployments
 *   GET  /api/decisions/:key/versions/:version/xml    one version's DMN
 *   GET  /api/decisions/:key/versions/:version/diff   what it changes against the deployed version (columns, rules)
 *   POST /api/decisions/:key/drafts                   { xml, note? } → a new version after the lint (and its diff), or 400 with problems
 *   POST /api/decisions/:key/deployments              { version } → the engine's newest definition (a roll back is an older version)
 * Others get 403, as the modeler's API answers them, and the page says why.
 */
export function decisionRoutes(engine: EngineClient, limits: RateLimits): Router {
  const router = Router();
  const api = [requireUser, modelerApiAccess('only process owners and admins edit decision tables')];
  const decisionKey = keyParam(DECISION_KEY, 'decision');

  // The editor; the tables and their versions come from /api/decisions. A new table
  // (?new=1&name=…, or &from=<key> for a copy) starts here unsaved.
  router.get('/decisions/:key', requireUser, modelerPageAccess, async (req, res) => {
    const key = decisionKey(req);
    const locale = localeOf(req);
    const from = queryLine(req, 'from', DECISION_KEY, 60);
    const savers = await decisionVersions(engine, key).then((h) => h.versions.map((v) => v.createdBy), () => []);
    render(req, res, 'decision', {
      title: translate(locale, 'modeler.decision.title'), key,
      clientData: { key, locale, strings: clientStrings(locale), isNew: req.query.new === '1', name: queryLine(req, 'name'), from: from || null, people: await namesFor(locale, req.user!.id, savers) } satisfies DecisionPageData,
    });
  });

  router.get('/api/decisions', ...api, async (_req, res) => {
    res.json({ decisions: await listDecisions(engine) } satisfies DecisionList);
  });
  router.get('/api/decisions/:key/versions', ...api, async (req, res) => {
    res.json(await decisionVersions(engine, decisionKey(req)));
  });
  router.get('/api/decisions/:key/versions/:version/xml', ...api, async (req, res) => {
    const key = decisionKey(req);
    const version = versionParam(req);
    res.json({ key, version, xml: await decisionXml(key, version) } satisfies VersionXml);
  });
  router.get('/api/decisions/:key/versions/:version/diff', ...api, async (req, res) => {
    const key = decisionKey(req);
    const version = versionParam(req);
    res.json({ key, version, ...(await diffAgainstDeployed(engine, key, await decisionXml(key, version))) } satisfies VersionDiff);
  });
  router.post('/api/decisions/:key/drafts', ...api, limits.writes, async (req, res) => {
    const key = decisionKey(req);
    const body = readBody(req.body, XML_DRAFT);
    const saved = await saveDecisionDraft(engine, key, body.xml, draftNote(body.note), req.user!.id);
    // The lint's warnings in the reader's language too, as a refusal's problems are (error-text.ts).
    res.status(saved.created ? 201 : 200).json({ ...saved, warnings: problemsWithText(saved.warnings, localeOf(req)) });
  });
  router.post('/api/decisions/:key/deployments', ...api, limits.writes, async (req, res) => {
    const key = decisionKey(req);
    res.status(201).json(await deployDecisionVersion(engine, key, versionOfBody(req.body), req.user!.id));
  });
  return router;
}
