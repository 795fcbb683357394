import { Router, type Request } from 'express';
import { OrgUnitModel } from '../../db/models/org-unit';
import { PersonModel, type Role } from '../../db/models/person';
import { CYCLE_ID, REVIEW_PROCESS_KEY } from '../cases/launch-reviews';
import { UNIT_ID } from '../cases/launch-calibrations';
import { requireRole, requireUser, type CurrentUser } from '../current-user';
import type { EngineClient } from '../engine-client';
import { notFound } from '../http-errors';
import { readBody } from '../request-body';
import type { RateLimits } from '../security/rate-limits';
import { render } from '../views';
import { localeOf, translate } from '../i18n';
import { dryRunLaunch, readLaunch, recentLaunches, startLaunch } from '../hr/cycle-launches';
import { cycleDashboard, DASHBOARD_ROLES, dashboardUnits } from '../hr/cycle-dashboard';
import { launchedCycles } from '../../db/models/cycle';
import { calibrationBoard } from '../hr/calibration-board';
import { bonusPool } from '../hr/bonus-pool';

/** Who launches a cycle's reviews (as POST /api/cycles/:cycle/reviews). */
export const LAUNCH_ROLES: readonly Role[] = ['hr', 'process-owner', 'admin'];
/** Who reads a launch's progress: those who launch, and auditors. */
const LAUNCH_READERS: readonly Role[] = [...LAUNCH_ROLES, 'auditor'];
const LAUNCH_ID = /^[0-9a-f-]{36}$/;
/** Strings the launch page's script shows (hr.launch.js.*). */
const SCRIPT_MESSAGES = ['needCycle', 'needUnits', 'failed', 'progressText', 'finished', 'interrupted', 'withoutApproverNames', 'employee', 'unit', 'firstApprover', 'rule', 'rule.manager', 'rule.unit-head', 'rule.parent-unit-head'];

const hasRole = (user: CurrentUser, roles: readonly Role[]) => user.roles.some((role) => roles.includes(role));

const launchBody = (req: Request) => {
  const body = readBody(req.body, { unitIds: { type: 'string[]', maxLength: 1000 }, processVersion: { type: 'string', maxLength: 10 } });
  return { cycle: String(req.params.cycle), unitIds: body.unitIds, processVersion: body.processVersion };
};

export function hrRoutes(engine: EngineClient, limits: RateLimits): Router {
  const router = Router();

  router.post('/api/cycles/:cycle/launches/dry-run', requireUser, requireRole(...LAUNCH_ROLES), limits.writes, async (req, res) => {
    res.json(await dryRunLaunch(engine, launchBody(req)));
  });

  router.post('/api/cycles/:cycle/launches', requireUser, requireRole(...LAUNCH_ROLES), limits.writes, async (req, res) => {
    const launch = await startLaunch(engine, launchBody(req), req.user!.id);
    res.status(202).location(`/api/launches/${launch._id}`).json({ launchId: launch._id, total: launch.total, skipped: launch.skipped });
  });

  router.get('/api/launches/:launchId', requireUser, requireRole(...LAUNCH_READERS), async (req, res) => {
    const launch = await readLaunch(String(req.params.launchId));
    if (!launch) throw notFound('launch');
    res.json(launch);
  });

  const launchPage = async (req: Request, res: Parameters<typeof render>[1], launchId: string | null) => {
    if (!hasRole(req.user!, LAUNCH_ROLES)) throw notFound('page');
    const [units, people, definitions, launches] = await Promise.all([
      OrgUnitModel.find({}, { name: 1, parentId: 1 }).lean(),
      PersonModel.find({ active: true }, { unitId: 1 }).lean(),
      engine.processDefinitions(REVIEW_PROCESS_KEY),
      recentLaunches(),
    ]);
    const counts = new Map<string, number>();
    for (const p of people) counts.set(p.unitId, (counts.get(p.unitId) ?? 0) + 1);
    render(req, res, 'hr-launch', {
      title: 'launch',
      units: units.sort((a, b) => a._id.localeCompare(b._id)).map((u) => ({ id: u._id, name: u.name, hasSubunits: units.some((child) => child.parentId === u._id), people: counts.get(u._id) ?? 0 })),
      bankPeople: people.length,
      versions: definitions.map((d, i) => ({ version: d.version, latest: i === 0, deploymentId: d.deploymentId })),
      launches,
      launchId,
      page: { launchId, messages: Object.fromEntries(SCRIPT_MESSAGES.map((key) => [key, translate(localeOf(req), `hr.launch.js.${key}`)])) },
    });
  };

  router.get('/cycles/launch', requireUser, (req, res) => launchPage(req, res, null));
  router.get('/cycles/launch/:launchId', requireUser, async (req, res) => {
    const launchId = String(req.params.launchId);
    if (!LAUNCH_ID.test(launchId)) throw notFound('page');
    await launchPage(req, res, launchId);
  });

  // Every launched cycle, for those who may open a dashboard (an HRBP's shows only their units).
  router.get('/cycles', requireUser, async (req, res) => {
    if (!req.user!.roles.some((role) => DASHBOARD_ROLES.includes(role))) throw notFound('page');
    const cycles = (await launchedCycles()).map((c) => ({ cycle: c._id, firstLaunchedAt: c.firstLaunchedAt.toISOString() }));
    render(req, res, 'hr-cycles', { title: translate(localeOf(req), 'hr.cycles.title'), cycles });
  });

  router.get('/cycles/:cycle/dashboard', requireUser, async (req, res) => {
    const cycle = String(req.params.cycle);
    const visible = await dashboardUnits(req.user!);
    if (visible === false || !CYCLE_ID.test(cycle)) throw notFound('page');
    const dashboard = await cycleDashboard(engine, cycle, visible);
    render(req, res, 'hr-dashboard', { title: cycle, dashboard, scoped: visible !== null });
  });

  router.get('/calibrations/:cycle/:unitId', requireUser, async (req, res) => {
    const [cycle, unitId] = [String(req.params.cycle), String(req.params.unitId)];
    const board = CYCLE_ID.test(cycle) && UNIT_ID.test(unitId) ? await calibrationBoard(req.user!, cycle, unitId) : null;
    if (!board) throw notFound('page');
    render(req, res, 'hr-calibration', { title: `${cycle} · ${unitId}`, board });
  });

  router.get('/bonus-rounds/:cycle/:unitId', requireUser, async (req, res) => {
    const [cycle, unitId] = [String(req.params.cycle), String(req.params.unitId)];
    const pool = CYCLE_ID.test(cycle) && UNIT_ID.test(unitId) ? await bonusPool(req.user!, cycle, unitId) : null;
    if (!pool) throw notFound('page');
    render(req, res, 'hr-bonus-round', { title: `${cycle} · ${unitId}`, pool });
  });
  return router;
}
