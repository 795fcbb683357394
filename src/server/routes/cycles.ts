import { Router, type Request } from 'express';
import type { LaunchAccepted } from '../../domain/api-types';
import { launchedCycles } from '../../db/models/cycle';
import { LAUNCH_ROLES } from '../access/launch-access';
import { fileAppeal } from '../cases/file-appeal';
import { launchBonusRounds } from '../../platform/cases/launch-bonus-rounds';
import { CALIBRATION_PROCESS_KEY, launchCalibrations } from '../../platform/cases/launch-calibrations';
import { CYCLE_ID, launchReviews } from '../../platform/cases/launch-reviews';
import { requireRole, requireUser } from '../current-user';
import type { EngineClient } from '../engine-client';
import { forbidden, notFound } from '../http-errors';
import { cycleDashboard, DASHBOARD_ROLES, dashboardStarts, dashboardUnits, withOpenableLinks } from '../hr/cycle-dashboard';
import { dryRunLaunch, startLaunch } from '../hr/cycle-launches';
import { launchPage } from '../hr/launch-page';
import { localeOf, translate } from '../i18n';
import { readBody } from '../request-body';
import { APPEAL_FILING, BONUS_ROUND_LAUNCH, CALIBRATION_LAUNCH, CYCLE_LAUNCH, REVIEW_LAUNCH } from '../request-bodies';
import type { RateLimits } from '../security/rate-limits';
import { render } from '../views';

const LAUNCH_ID = /^[0-9a-f-]{36}$/;

const launchBody = (req: Request) => {
  const body = readBody(req.body, CYCLE_LAUNCH);
  return { cycle: String(req.params.cycle), unitIds: body.unitIds, processVersion: body.processVersion };
};

/**
 * /api/cycles/:cycle/… starts a cycle's cases (reviews, calibrations, bonus rounds, one's own appeal;
 * launches of reviews with progress), and /cycles… are HR's pages: the launched cycles, the launch
 * page, a cycle's dashboard. A launch's progress is /api/launches (routes/launches.ts).
 */
export function cycleRoutes(engine: EngineClient, limits: RateLimits): Router {
  const router = Router();

  router.post('/api/cycles/:cycle/reviews', requireUser, requireRole(...LAUNCH_ROLES), limits.writes, async (req, res) => {
    // No body launches every employee who has a manager; launchReviews checks each id.
    const { employeeIds, checkInReminder } = readBody(req.body, REVIEW_LAUNCH);
    // Replacing the policy's reminder rhythm is HR's call, not the process owner's or an admin's.
    if (checkInReminder !== undefined && !req.user!.roles.includes('hr')) throw forbidden('only HR may change the check-in reminder schedule at launch');
    const result = await launchReviews(engine, { cycle: req.params.cycle, employeeIds, user: req.user!, checkInReminder });
    res.status(result.launched.length > 0 ? 201 : 200).json(result);
  });

  router.post('/api/cycles/:cycle/launches/dry-run', requireUser, requireRole(...LAUNCH_ROLES), limits.writes, async (req, res) => {
    res.json(await dryRunLaunch(engine, launchBody(req), req.user!));
  });

  router.post('/api/cycles/:cycle/launches', requireUser, requireRole(...LAUNCH_ROLES), limits.writes, async (req, res) => {
    const launch = await startLaunch(engine, launchBody(req), req.user!);
    res.status(202).location(`/api/launches/${launch._id}`).json({ launchId: launch._id, total: launch.total, skipped: launch.skipped } satisfies LaunchAccepted);
  });

  router.post('/api/cycles/:cycle/calibrations', requireUser, requireRole('hr', 'process-owner', 'admin', 'hrbp'), limits.writes, async (req, res) => {
    const { unitIds } = readBody(req.body, CALIBRATION_LAUNCH);
    const result = await launchCalibrations(engine, { cycle: String(req.params.cycle), unitIds, user: req.user! });
    if (!result.ok) {
      const { ok: _ok, ...blocked } = result;
      res.status(409).json({ error: 'some units are not ready for calibration', processKey: CALIBRATION_PROCESS_KEY, ...blocked });
      return;
    }
    const { ok: _ok, ...launched } = result;
    res.status(launched.launched.length > 0 ? 201 : 200).json(launched);
  });

  router.post('/api/cycles/:cycle/bonus-rounds', requireUser, requireRole('hr', 'admin'), limits.writes, async (req, res) => {
    const body = readBody(req.body, BONUS_ROUND_LAUNCH);
    const result = await launchBonusRounds(engine, { cycle: req.params.cycle, ...body, user: req.user! });
    res.status(result.launched.length > 0 ? 201 : 200).json(result);
  });

  // Only for oneself: the person filing is the signed-in user, never a field of the body.
  router.post('/api/cycles/:cycle/appeals', requireUser, limits.writes, async (req, res) => {
    const { data } = readBody(req.body, APPEAL_FILING);
    const { appeal, replayed } = await fileAppeal(engine, req.user!, String(req.params.cycle), data, undefined, localeOf(req));
    res.status(replayed ? 200 : 201).json({ appeal, replayed });
  });

  // Every launched cycle, for those who may open a dashboard (an HRBP's shows only their units).
  router.get('/cycles', requireUser, async (req, res) => {
    if (!req.user!.roles.some((role) => DASHBOARD_ROLES.includes(role))) throw notFound('page');
    const cycles = (await launchedCycles()).map((c) => ({ cycle: c._id, firstLaunchedAt: c.firstLaunchedAt.toISOString() }));
    render(req, res, 'hr-cycles', { title: translate(localeOf(req), 'hr.cycles.title'), cycles });
  });

  const showLaunchPage = async (req: Request, res: Parameters<typeof render>[1], launchId: string | null) => {
    const page = await launchPage(engine, req.user!, localeOf(req), launchId, {
      flow: typeof req.query.flow === 'string' ? req.query.flow : undefined, cycle: typeof req.query.cycle === 'string' ? req.query.cycle : undefined,
    });
    if (!page) throw notFound('page');
    render(req, res, 'hr-launch', { title: 'launch', ...page });
  };
  router.get('/cycles/launch', requireUser, (req, res) => showLaunchPage(req, res, null));
  router.get('/cycles/launch/:launchId', requireUser, async (req, res) => {
    const launchId = String(req.params.launchId);
    if (!LAUNCH_ID.test(launchId)) throw notFound('page');
    await showLaunchPage(req, res, launchId);
  });

  router.get('/cycles/:cycle/dashboard', requireUser, async (req, res) => {
    const cycle = String(req.params.cycle);
    const visible = await dashboardUnits(req.user!);
    if (visible === false || !CYCLE_ID.test(cycle)) throw notFound('page');
    const [dashboard, starts] = await Promise.all([cycleDashboard(engine, cycle, visible), dashboardStarts(engine, req.user!)]);
    render(req, res, 'hr-dashboard', { title: cycle, dashboard: { ...dashboard, funnel: { ...dashboard.funnel, units: await withOpenableLinks(req.user!, dashboard.funnel.units) } }, starts, scoped: visible !== null });
  });
  return router;
}
