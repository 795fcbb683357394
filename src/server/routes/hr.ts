import { Router, type Request } from 'express';
import { OrgUnitModel } from '../../db/models/org-unit';
import { PersonModel, type Role } from '../../db/models/person';
import { CYCLE_ID, REVIEW_PROCESS_KEY } from '../cases/launch-reviews';
import { UNIT_ID } from '../cases/launch-calibrations';
import { requireRole, requireUser, type CurrentUser } from '../current-user';
import type { EngineClient } from '../engine-client';
import { forbidden, HttpError, notFound } from '../http-errors';
import { flowDisplayName, flowsStartableBy, flowToStart, startRulesOf } from '../launcher/flow-definitions';
import { mayStartFlow } from '../../domain/flow-starters';
import { readBody } from '../request-body';
import type { RateLimits } from '../security/rate-limits';
import { render } from '../views';
import { localeOf, translate } from '../i18n';
import { dryRunLaunch, launchProgress, readLaunch, readLaunchDocument, recentLaunches, startLaunch } from '../hr/cycle-launches';
import { resumeFlowLaunch } from '../launcher/flow-launches';
import { cycleDashboard, DASHBOARD_ROLES, dashboardUnits } from '../hr/cycle-dashboard';
import { launchedCycles } from '../../db/models/cycle';
import { calibrationBoard } from '../hr/calibration-board';
import { mayReadCalibration } from '../calibrations/calibration-view';
import { mayReadBonusOfUnit } from '../access/bonus-access';
import { bonusPool } from '../hr/bonus-pool';

/** Who launches a cycle's reviews (as POST /api/cycles/:cycle/reviews). */
export const LAUNCH_ROLES: readonly Role[] = ['hr', 'process-owner', 'admin'];
/** Who reads a launch's progress: those who launch, and auditors. */
const LAUNCH_READERS: readonly Role[] = [...LAUNCH_ROLES, 'auditor'];
const LAUNCH_ID = /^[0-9a-f-]{36}$/;
/** Strings the launch page's script shows (hr.launch.js.*). */
const SCRIPT_MESSAGES = [
  'resume', 'resumed', 'needCycle', 'needUnits', 'needUnitsOnly', 'failed', 'progressText', 'finished', 'interrupted', 'employee', 'unit', 'unitHead', 'firstApprover', 'rule',
  'rule.manager', 'rule.unit-head', 'rule.parent-unit-head', 'rule.head', 'note.performance-review', 'note.person', 'note.unit',
  ...['no-approver', 'no-head', 'no-head-or-hrbp', 'no-reviews', 'unfinished-reviews', 'no-standing-rating', 'no-compensation', 'mixed-currency', 'missing-metrics'].map((code) => `reason.${code}`),
];

const hasRole = (user: CurrentUser, roles: readonly Role[]) => user.roles.some((role) => roles.includes(role));

const launchBody = (req: Request) => {
  const body = readBody(req.body, { unitIds: { type: 'string[]', maxLength: 1000 }, processVersion: { type: 'string', maxLength: 10 } });
  return { cycle: String(req.params.cycle), unitIds: body.unitIds, processVersion: body.processVersion };
};

export function hrRoutes(engine: EngineClient, limits: RateLimits): Router {
  const router = Router();

  router.post('/api/cycles/:cycle/launches/dry-run', requireUser, requireRole(...LAUNCH_ROLES), limits.writes, async (req, res) => {
    res.json(await dryRunLaunch(engine, launchBody(req), req.user!));
  });

  router.post('/api/cycles/:cycle/launches', requireUser, requireRole(...LAUNCH_ROLES), limits.writes, async (req, res) => {
    const launch = await startLaunch(engine, launchBody(req), req.user!);
    res.status(202).location(`/api/launches/${launch._id}`).json({ launchId: launch._id, total: launch.total, skipped: launch.skipped });
  });

  // Those who launch reviews and auditors read every launch; whoever a flow's diagram lets start it reads their own.
  router.get('/api/launches/:launchId', requireUser, async (req, res) => {
    const launch = await readLaunch(String(req.params.launchId));
    if (!hasRole(req.user!, LAUNCH_READERS) && launch?.startedBy !== req.user!.id) throw forbidden('not allowed');
    if (!launch) throw notFound('launch');
    res.json(launch);
  });

  // A stopped launch, resumed by whoever may start that flow version now (the diagram says, as for any launch).
  router.post('/api/launches/:launchId/resume', requireUser, limits.writes, async (req, res) => {
    readBody(req.body, {});
    const stopped = await readLaunchDocument(String(req.params.launchId));
    if (!stopped || (!hasRole(req.user!, LAUNCH_READERS) && stopped.startedBy !== req.user!.id)) throw notFound('launch');
    if (launchProgress(stopped).status !== 'interrupted') throw new HttpError(409, `this launch is ${launchProgress(stopped).status}, not interrupted: nothing to resume`);
    const launch = await resumeFlowLaunch(engine, stopped, req.user!, (key, version) => flowToStart(engine, key, version, req.user!));
    res.status(202).location(`/api/launches/${launch._id}`).json({ launchId: launch._id, total: launch.total, skipped: launch.skipped, resumes: stopped._id });
  });

  const calibrationBoardAllowed = async (user: CurrentUser, unitId: string) => {
    const unit = await OrgUnitModel.findById(unitId, { headId: 1, hrbpId: 1 }).lean();
    return Boolean(unit && mayReadCalibration(user, unit));
  };

  const launchPage = async (req: Request, res: Parameters<typeof render>[1], launchId: string | null) => {
    const locale = localeOf(req);
    const startable = await flowsStartableBy(engine, req.user!);
    // The page is for whoever may start a flow; those who launch reviews see it (and its launches) even when no flow is deployed for them.
    if (startable.length === 0 && !hasRole(req.user!, LAUNCH_ROLES)) throw notFound('page');
    const [units, people, versionLists, launches, cycles] = await Promise.all([
      OrgUnitModel.find({}, { name: 1, parentId: 1 }).lean(),
      PersonModel.find({ active: true }, { unitId: 1, name: 1 }).lean(),
      // The versions of each flow this person may start: each version's diagram says (read once per version).
      Promise.all(startable.map(async (f) => {
        const definitions = await engine.processDefinitions(f.key, 50);
        const rules = await Promise.all(definitions.map((d) => startRulesOf(engine, d)));
        return definitions.filter((_d, i) => mayStartFlow(rules[i]!, req.user!));
      })),
      // Those who read every launch see everyone's; someone a flow's diagram names sees their own.
      recentLaunches(hasRole(req.user!, LAUNCH_READERS) ? null : req.user!.id),
      // Cycles also start outside this page (the API, the demo story): the page says they run.
      hasRole(req.user!, DASHBOARD_ROLES) ? launchedCycles() : Promise.resolve([]),
    ]);
    const counts = new Map<string, number>();
    for (const p of people) counts.set(p.unitId, (counts.get(p.unitId) ?? 0) + 1);
    const flows = startable.map((f, i) => ({
      key: f.key, name: flowDisplayName(locale, f.key, f.processName), subjectType: f.subjectType,
      versions: versionLists[i]!.map((d, j) => ({ version: d.version, latest: j === 0 })),
    })).sort((a, b) => a.name.localeCompare(b.name, locale));
    // The review launch stays the page's first choice, as it was its only one.
    // A dashboard's "start calibrations" or "start bonus rounds" opens the page on that flow and cycle.
    const asked = typeof req.query.flow === 'string' ? flows.find((f) => f.key === req.query.flow) : undefined;
    const chosen = asked ?? flows.find((f) => f.key === REVIEW_PROCESS_KEY) ?? flows[0] ?? null;
    const askedCycle = typeof req.query.cycle === 'string' && CYCLE_ID.test(req.query.cycle) ? req.query.cycle : '';
    const nameOf = (key: string, processName: string | null) => flowDisplayName(locale, key, processName);
    render(req, res, 'hr-launch', {
      title: 'launch',
      flows: flows.map((f) => ({ ...f, chosen: f === chosen })),
      chosen,
      askedCycle,
      units: units.sort((a, b) => a._id.localeCompare(b._id)).map((u) => ({ id: u._id, name: u.name, hasSubunits: units.some((child) => child.parentId === u._id), people: counts.get(u._id) ?? 0 })),
      bankPeople: people.length,
      // The scope by name: units and people, never their ids.
      launches: launches.map((l) => ({
        ...l, flowName: nameOf(l.process.key, l.processName),
        scopeNames: [...(l.unitIds ?? []).map((id) => units.find((u) => u._id === id)?.name ?? { en: id, 'zh-CN': id }), ...(l.subjectIds ?? []).map((id) => people.find((p) => p._id === id)?.name ?? { en: id, 'zh-CN': id })],
      })),
      cycles: cycles.slice(0, 10).map((c) => ({ cycle: c._id, firstLaunchedAt: c.firstLaunchedAt.toISOString() })),
      launchId,
      page: {
        launchId,
        flows: flows.map((f) => ({ key: f.key, name: f.name, subjectType: f.subjectType, versions: f.versions })),
        flowNames: Object.fromEntries(launches.map((l) => [l.process.key, nameOf(l.process.key, l.processName)])),
        unitNames: Object.fromEntries(units.map((u) => [u._id, u.name[locale] ?? u.name.en])),
        messages: { ...Object.fromEntries(SCRIPT_MESSAGES.map((key) => [key, translate(locale, `hr.launch.js.${key}`)])), latest: translate(locale, 'hr.launch.latest') },
      },
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
    const [dashboard, startable] = await Promise.all([cycleDashboard(engine, cycle, visible), flowsStartableBy(engine, req.user!)]);
    // A link only where it opens: the committee reads pay, not every unit's calibration.
    const units = await Promise.all(dashboard.funnel.units.map(async (u) => ({
      ...u,
      mayOpenCalibration: Boolean(u.calibration) && (await calibrationBoardAllowed(req.user!, u.unitId)),
      mayOpenBonusRound: Boolean(u.bonusRound) && (await mayReadBonusOfUnit(req.user!, u.unitId)),
    })));
    const starts = { calibration: startable.some((f) => f.key === 'calibration'), bonus: startable.some((f) => f.key === 'bonus-approval') };
    render(req, res, 'hr-dashboard', { title: cycle, dashboard: { ...dashboard, funnel: { ...dashboard.funnel, units } }, starts, scoped: visible !== null });
  });

  router.get('/calibrations/:cycle/:unitId', requireUser, async (req, res) => {
    const [cycle, unitId] = [String(req.params.cycle), String(req.params.unitId)];
    const board = CYCLE_ID.test(cycle) && UNIT_ID.test(unitId) ? await calibrationBoard(req.user!, cycle, unitId) : null;
    if (!board) throw notFound('page');
    render(req, res, 'hr-calibration', { title: `${cycle} · ${unitId}`, board });
  });

  router.get('/bonus-rounds/:cycle/:unitId', requireUser, async (req, res) => {
    const [cycle, unitId] = [String(req.params.cycle), String(req.params.unitId)];
    const pool = CYCLE_ID.test(cycle) && UNIT_ID.test(unitId) ? await bonusPool(req.user!, cycle, unitId, localeOf(req)) : null;
    if (!pool) throw notFound('page');
    render(req, res, 'hr-bonus-round', { title: `${translate(localeOf(req), 'hr.bonus.title')} · ${pool.detail.unit?.name[localeOf(req)] ?? unitId} · ${cycle}`, pool });
  });
  return router;
}
