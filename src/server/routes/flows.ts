import { Router } from 'express';
import type { LaunchAccepted } from '../../domain/api-types';
import { requireUser } from '../current-user';
import type { EngineClient } from '../engine-client';
import { localeOf } from '../i18n';
import { flowDisplayName, flowsStartableBy, flowToStart } from '../../platform/launcher/flow-definitions';
import { dryRunFlowLaunch, FLOW_LAUNCH_BODY, startFlowLaunch } from '../../platform/launcher/flow-launches';
import { readBody } from '../request-body';
import type { RateLimits } from '../security/rate-limits';

/**
 * The launcher's API: the flows a person may start (as their diagrams say), and a launch of one for
 * a cycle and a set of people or units, with a dry run. A flow the person may not start answers
 * exactly as one that is not deployed (404).
 */
export function flowRoutes(engine: EngineClient, limits: RateLimits): Router {
  const router = Router();

  router.get('/api/flows', requireUser, async (req, res) => {
    const locale = localeOf(req);
    const flows = await flowsStartableBy(engine, req.user!);
    res.json(flows.map((f) => ({ key: f.key, name: flowDisplayName(locale, f.key, f.processName), version: f.version, subjectType: f.subjectType })));
  });

  router.post('/api/flows/:key/launches/dry-run', requireUser, limits.writes, async (req, res) => {
    const body = readBody(req.body, FLOW_LAUNCH_BODY);
    const flow = await flowToStart(engine, String(req.params.key), body.processVersion, req.user!);
    res.json(await dryRunFlowLaunch(flow, body));
  });

  router.post('/api/flows/:key/launches', requireUser, limits.writes, async (req, res) => {
    const body = readBody(req.body, FLOW_LAUNCH_BODY);
    const flow = await flowToStart(engine, String(req.params.key), body.processVersion, req.user!);
    const launch = await startFlowLaunch(engine, flow, body, req.user!);
    res.status(202).location(`/api/launches/${launch._id}`).json({ launchId: launch._id, total: launch.total, skipped: launch.skipped } satisfies LaunchAccepted);
  });
  return router;
}
