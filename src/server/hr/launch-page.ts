import { OrgUnitModel } from '../../db/models/org-unit';
import { PersonModel } from '../../db/models/person';
import { mayStartFlow } from '../../domain/flow-starters';
import { mayLaunchReviews, mayReadEveryLaunch } from '../access/launch-access';
import { REVIEW_PROCESS_KEY } from '../../platform/cases/launch-reviews';
import { CYCLE_ID } from '../../domain/ids';
import { launchedCycles } from '../../db/models/cycle';
import { DASHBOARD_ROLES } from './cycle-dashboard';
import type { CurrentUser } from '../current-user';
import type { EngineClient } from '../engine-client';
import { translate, type Locale } from '../i18n';
import { flowDisplayName, flowsStartableBy, startRulesOf } from '../../platform/launcher/flow-definitions';
import { recentLaunches } from './cycle-launches';

/** Strings the launch page's script shows (hr.launch.js.*). */
const SCRIPT_MESSAGES = [
  'resume', 'resumed', 'retry', 'needCycle', 'needUnits', 'needUnitsOnly', 'failed', 'progressText', 'finished', 'interrupted', 'employee', 'unit', 'unitHead', 'firstApprover', 'rule',
  'rule.manager', 'rule.unit-head', 'rule.parent-unit-head', 'rule.head', 'note.performance-review', 'note.person', 'note.unit',
  ...['no-approver', 'no-head', 'no-head-or-hrbp', 'no-reviews', 'unfinished-reviews', 'no-standing-rating', 'no-compensation', 'mixed-currency', 'missing-metrics', 'start-failed'].map((code) => `reason.${code}`),
];

/**
 * The launch page (/cycles/launch): the flows this person may start with their versions, the units
 * and how many people each has, and the recent launches; null when the page is not for them.
 */
export async function launchPage(engine: EngineClient, user: CurrentUser, locale: Locale, launchId: string | null, asked: { flow?: string; cycle?: string } = {}) {
  const startable = await flowsStartableBy(engine, user);
  // The page is for whoever may start a flow; those who launch reviews see it (and its launches) even when no flow is deployed for them.
  if (startable.length === 0 && !mayLaunchReviews(user)) return null;
  const [units, people, versionLists, launches, cycles] = await Promise.all([
    OrgUnitModel.find({}, { name: 1, parentId: 1 }).lean(),
    PersonModel.find({ active: true }, { unitId: 1, name: 1 }).lean(),
    // The versions of each flow this person may start: each version's diagram says (read once per version).
    Promise.all(startable.map(async (f) => {
      const definitions = await engine.processDefinitions(f.key, 50);
      const rules = await Promise.all(definitions.map((d) => startRulesOf(engine, d)));
      return definitions.filter((_d, i) => mayStartFlow(rules[i]!, user));
    })),
    // Those who read every launch see everyone's; someone a flow's diagram names sees their own.
    recentLaunches(mayReadEveryLaunch(user) ? null : user.id),
    // Cycles also start outside this page (the API, the demo story): the page says they run.
    user.roles.some((role) => DASHBOARD_ROLES.includes(role)) ? launchedCycles() : Promise.resolve([]),
  ]);
  const mayOpenDashboard = user.roles.some((role) => DASHBOARD_ROLES.includes(role));
  const counts = new Map<string, number>();
  for (const p of people) counts.set(p.unitId, (counts.get(p.unitId) ?? 0) + 1);
  const flows = startable.map((f, i) => ({
    key: f.key, name: flowDisplayName(locale, f.key, f.processName), subjectType: f.subjectType,
    versions: versionLists[i]!.map((d, j) => ({ version: d.version, latest: j === 0 })),
  })).sort((a, b) => a.name.localeCompare(b.name, locale));
  // The review launch stays the page's first choice, as it was its only one.
  // A dashboard's "start calibrations" or "start bonus rounds" opens the page on that flow and cycle.
  const chosen = flows.find((f) => f.key === asked.flow) ?? flows.find((f) => f.key === REVIEW_PROCESS_KEY) ?? flows[0] ?? null;
  const nameOf = (key: string, processName: string | null) => flowDisplayName(locale, key, processName);
  return {
    flows: flows.map((f) => ({ ...f, chosen: f === chosen })),
    chosen,
    askedCycle: asked.cycle && CYCLE_ID.test(asked.cycle) ? asked.cycle : '',
    units: units.sort((a, b) => a._id.localeCompare(b._id)).map((u) => ({ id: u._id, name: u.name, hasSubunits: units.some((child) => child.parentId === u._id), people: counts.get(u._id) ?? 0 })),
    bankPeople: people.length,
    // The scope by name: units and people, never their ids.
    launches: launches.map((l) => ({
      ...l, flowName: nameOf(l.process.key, l.processName),
      scopeNames: [...(l.unitIds ?? []).map((id) => units.find((u) => u._id === id)?.name ?? { en: id, 'zh-CN': id }), ...(l.subjectIds ?? []).map((id) => people.find((p) => p._id === id)?.name ?? { en: id, 'zh-CN': id })],
    })),
    cycles: cycles.slice(0, 10).map((c) => ({ cycle: c._id, firstLaunchedAt: c.firstLaunchedAt.toISOString() })),
    launchId,
    mayOpenDashboard,
    page: {
      launchId,
      flows: flows.map((f) => ({ key: f.key, name: f.name, subjectType: f.subjectType, versions: f.versions })),
      flowNames: Object.fromEntries(launches.map((l) => [l.process.key, nameOf(l.process.key, l.processName)])),
      unitNames: Object.fromEntries(units.map((u) => [u._id, u.name[locale] ?? u.name.en])),
      messages: { ...Object.fromEntries(SCRIPT_MESSAGES.map((key) => [key, translate(locale, `hr.launch.js.${key}`)])), latest: translate(locale, 'hr.launch.latest') },
    },
  };
}
