import { Router } from 'express';
import type { LaunchAccepted } from '../../domain/api-types';
import { mayReadLaunch } from '../access/launch-access';
import { requireUser } from '../current-user';
import type { EngineClient } from '../engine-client';
import { forbidden, HttpError, notFound } from '../http-errors';
import { launchProgress, readLaunch, readLaunchDocument, withSubjectNames } from '../hr/cycle-launches';
import { flowToStart } from '../../platform/launcher/flow-definitions';
import { resumeFlowLaunch, retryFailedLaunch } from '../../platform/launcher/flow-launches';
import { readBody } from '../request-body';
import { NO_BODY } from '../request-bodies';
import type { RateLimits } from '../security/rate-limits';

/** /api/launches/:launchId: a launch's progress, resuming one that stopped, retrying the people one could not start. */
export function launchRoutes(engine: EngineClient, limits: RateLimits): Router {
  const router = Router();

  // Those who launch reviews and auditors read every launch; whoever a flow's diagram lets start it reads their own.
  router.get('/api/launches/:launchId', requireUser, async (req, res) => {
    const launch = await readLaunch(String(req.params.launchId));
    if (!mayReadLaunch(req.user!, launch)) throw forbidden('not allowed');
    if (!launch) throw notFound('launch');
    res.json(await withSubjectNames(launch));
  });

  // A stopped launch, resumed by whoever may start that flow version now (the diagram says, as for any launch).
  router.post('/api/launches/:launchId/resume', requireUser, limits.writes, async (req, res) => {
    readBody(req.body, NO_BODY);
    const stopped = await readLaunchDocument(String(req.params.launchId));
    if (!stopped || !mayReadLaunch(req.user!, stopped)) throw notFound('launch');
    if (launchProgress(stopped).status !== 'interrupted') throw new HttpError(409, `this launch is ${launchProgress(stopped).status}, not interrupted: nothing to resume`);
    const launch = await resumeFlowLaunch(engine, stopped, req.user!, (key, version) => flowToStart(engine, key, version, req.user!));
    res.status(202).location(`/api/launches/${launch._id}`).json({ launchId: launch._id, total: launch.total, skipped: launch.skipped, resumes: stopped._id } satisfies LaunchAccepted);
  });

  // A finished launch's failures tried again (retryFailedLaunch): just those people, each case started once.
  router.post('/api/launches/:launchId/retry', requireUser, limits.writes, async (req, res) => {
    readBody(req.body, NO_BODY);
    const finished = await readLaunchDocument(String(req.params.launchId));
    if (!finished || !mayReadLaunch(req.user!, finished)) throw notFound('launch');
    const status = launchProgress(finished).status;
    if (status !== 'finished') throw new HttpError(409, `this launch is ${status}, not finished: nothing to retry yet`);
    if (finished.failed.length === 0) throw new HttpError(409, 'this launch started every case: nothing to retry');
    const launch = await retryFailedLaunch(engine, finished, req.user!, (key, version) => flowToStart(engine, key, version, req.user!));
    res.status(202).location(`/api/launches/${launch._id}`).json({ launchId: launch._id, total: launch.total, skipped: launch.skipped, resumes: finished._id } satisfies LaunchAccepted);
  });
  return router;
}
