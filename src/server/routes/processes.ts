import { Router } from 'express';
import type { ProcessList, VersionDiff, VersionXml } from '../../domain/api-types';
import { requireUser } from '../current-user';
import { problemsWithText } from '../error-text';
import type { EngineClient } from '../engine-client';
import { localeOf } from '../i18n';
import { createFlow } from '../modeler/new-flow';
import { newFlowOf } from '../modeler/new-flow-request';
import { deployVersion, diffAgainstRunning, listProcesses, PROCESS_KEY, processVersions, processXml, saveDraft } from '../modeler/process-library';
import { readBody } from '../request-body';
import { NEW_PROCESS, XML_DRAFT } from '../request-bodies';
import type { RateLimits } from '../security/rate-limits';
import { draftNote, keyParam, modelerApiAccess, plainLine, versionOfBody, versionParam } from './support/modeler-requests';

/**
 * /api/processes: the flows as versioned data for the modeler (process owners and admins; others
 * 403). Every save, deploy and roll back is in the audit log.
 */
export function processRoutes(engine: EngineClient, limits: RateLimits): Router {
  const router = Router();
  const api = [requireUser, modelerApiAccess('only process owners and admins use the modeler and the form builder')];
  const processKey = keyParam(PROCESS_KEY, 'process');

  router.get('/api/processes', ...api, async (_req, res) => {
    res.json({ processes: await listProcesses(engine) } satisfies ProcessList);
  });
  router.get('/api/processes/:key/versions', ...api, async (req, res) => {
    res.json(await processVersions(engine, processKey(req)));
  });
  router.get('/api/processes/:key/versions/:version/xml', ...api, async (req, res) => {
    const key = processKey(req);
    const version = versionParam(req);
    res.json({ key, version, xml: await processXml(key, version) } satisfies VersionXml);
  });
  router.get('/api/processes/:key/versions/:version/diff', ...api, async (req, res) => {
    const key = processKey(req);
    const version = versionParam(req);
    res.json({ key, version, ...(await diffAgainstRunning(engine, key, await processXml(key, version))) } satisfies VersionDiff);
  });
  // A new flow: blank, a copy of another, or an imported .bpmn file; version 1 through the same lint as every save.
  router.post('/api/processes', ...api, limits.writes, async (req, res) => {
    const body = readBody(req.body, NEW_PROCESS);
    const name = plainLine('name', body.name?.trim());
    const note = plainLine('note', body.note) ?? '';
    const { key, source } = await newFlowOf({ ...body, name }, localeOf(req));
    res.status(201).json(await createFlow(engine, key, source, note, req.user!.id));
  });
  router.post('/api/processes/:key/drafts', ...api, limits.writes, async (req, res) => {
    const key = processKey(req);
    const body = readBody(req.body, XML_DRAFT);
    const saved = await saveDraft(engine, key, body.xml, draftNote(body.note), req.user!.id);
    // The lint's warnings in the reader's language too, as a refusal's problems are (error-text.ts).
    res.status(saved.created ? 201 : 200).json({ ...saved, warnings: problemsWithText(saved.warnings, localeOf(req)) });
  });
  router.post('/api/processes/:key/deployments', ...api, limits.writes, async (req, res) => {
    const key = processKey(req);
    res.status(201).json(await deployVersion(engine, key, versionOfBody(req.body), req.user!.id));
  });
  return router;
}
