import { CycleModel, launchedCycles } from '../../db/models/cycle';
import { unitGoalsOfCycle, type UnitGoal } from '../../db/models/goal';
import { MetricModel, metricId } from '../../db/models/metric';
import { OrgUnitModel } from '../../db/models/org-unit';
import { PersonModel, type Person } from '../../db/models/person';
import { CYCLE_ID } from '../../domain/ids';
import {
  kpiAchievement, kpiActual, kpisRollUp, meanRollUp, themeCodeOf, themeRollUp, unitGoalRollUp, withHiddenGoals,
  type RolledUp, type StrategyMapPolicy,
} from '../../domain/strategy-map';
import { latestPolicy } from '../../import/latest-policy';
import type { MetricCatalogue } from '../../import/metric-catalogue';
import { formatMoney } from '../../lib/format-money';
import { mayReadCaseOf } from '../access/case-access';
import type { CurrentUser } from '../current-user';
import { translate, type Locale } from '../i18n';
import { goalProgress, personGoalsServing } from './goals-in-force';

/**
 * The strategy map of a cycle for one reader (GET /strategy, /api/strategy/:cycle): the board's
 * themes (the `strategy-map` policy) with their key indicators from imported metrics, the unit goals
 * serving each theme grouped by unit, and the people's goals under them that the reader may see
 * (mayReadCaseOf: own, reports, HR scope). Themes, indicators and unit goals are for everyone signed
 * in; every progress figure is rolled up by src/domain/strategy-map.ts and carries its parts. The
 * number is the same for every reader; goals the reader may not see are summed into one line.
 */

type Names = { en: string; 'zh-CN': string };
type PersonRow = Pick<Person, '_id' | 'name' | 'managerId' | 'unitId'>;

export interface HowLine { kind: string; id: string; label: string; percent: number | null; value: string; weight: string }
export interface Bar { percent: number | null; width: number; text: string; rule: string; lines: HowLine[] }

export interface PersonGoalView {
  id: string; anchor: string; title: string; target: string; weight: number; person: string; personId: string;
  bar: Bar; checkedInAt: Date | null; here: boolean;
}
export interface UnitGoalView { id: string; title: string; target: string; bar: Bar; people: PersonGoalView[]; below: UnitGoalView[]; open: boolean }
export interface UnitView { id: string; name: string; bar: Bar; goals: UnitGoalView[]; open: boolean }
export interface KpiView { key: string; name: string; metric: string; units: string; target: string; actual: string | null; better: string; bar: Bar }
export interface ThemeView { code: string; name: string; summary: string | null; statement: string | null; bar: Bar; kpisBar: Bar; kpis: KpiView[]; units: UnitView[]; selected: boolean }
export interface StrategyMapView {
  cycle: string;
  policyVersion: number;
  shares: { kpi: number; goal: number };
  themes: ThemeView[];
  selected: ThemeView | null;
  /** The person goal asked for (?goal=), when the reader may see it. */
  goal: string | null;
}

const local = (names: Names | undefined, locale: Locale) => (names ? names[locale] ?? names.en : '');

/** The launched cycles, newest first, for the cycle picker (a cycle HR has not launched is reached by its address). */
export async function strategyCycles(): Promise<string[]> {
  return (await launchedCycles()).map((c) => c._id);
}

/**
 * The map, or null when there is nothing to show: an unknown cycle, a theme the map does not have,
 * or a person's goal (?goal=) that does not exist or that the reader may not see (the same answer).
 */
export async function strategyMapView(user: CurrentUser, cycle: string, locale: Locale, ask: { theme?: string; goal?: string } = {}): Promise<StrategyMapView | null> {
  if (!CYCLE_ID.test(cycle) || (ask.goal?.length ?? 0) > 200 || (ask.theme?.length ?? 0) > 40) return null;
  const [policy, catalogue, cycleGoals, launched] = await Promise.all([
    latestPolicy<StrategyMapPolicy & { currency?: string }>('strategy-map'),
    latestPolicy<MetricCatalogue>('metric-catalogue'),
    unitGoalsOfCycle(cycle),
    CycleModel.findById(cycle, { _id: 1 }).lean(),
  ]);
  if (cycleGoals.length === 0 && !launched) return null;
  const t = (key: string) => translate(locale, key);
  const currency = policy.body.currency ?? 'CNY';
  const units = new Map((await OrgUnitModel.find({}, { name: 1 }).lean()).map((u) => [u._id, u.name]));
  const unitName = (id: string) => local(units.get(id), locale) || id;

  // People's goals and their progress from check-ins.
  const serving = cycleGoals.filter((g) => g.parentId);
  const personGoals = await personGoalsServing(serving.map((g) => g._id));
  const personIds = [...new Set(personGoals.map((g) => g.personId))];
  const people = new Map<string, PersonRow>();
  for (const id of personIds) {
    const person = await PersonModel.findById(id, { name: 1, managerId: 1, unitId: 1 }).lean<PersonRow>();
    if (person) people.set(id, person);
  }
  const visible = new Set<string>();
  for (const person of people.values()) if (await mayReadCaseOf(user, person)) visible.add(person._id);
  const progress = await goalProgress(cycle, [...visible]);
  // Goals the reader may not see still count; their progress is read without showing them.
  const hiddenProgress = await goalProgress(cycle, personIds.filter((id) => !visible.has(id)));
  const percentOf = (goalId: string) => (progress.get(goalId) ?? hiddenProgress.get(goalId))?.percent ?? null;
  const goalVisible = (goalId: string) => {
    const goal = personGoals.find((g) => g._id === goalId);
    return Boolean(goal && visible.has(goal.personId));
  };
  const asked = ask.goal && goalVisible(ask.goal) ? personGoals.find((g) => g._id === ask.goal)! : null;
  if (ask.goal && !asked) return null;

  const fmt = (percent: number | null) => (percent === null ? t('strategy.noFigure') : `${percent.toLocaleString(locale, { maximumFractionDigits: 1 })}%`);
  const goalById = new Map(cycleGoals.map((g) => [g._id, g]));
  const labelOf = (part: RolledUp['parts'][number]): string => {
    if (part.kind === 'personGoal') {
      const goal = personGoals.find((g) => g._id === part.id);
      return goal ? `${local(people.get(goal.personId)?.name, locale)}: ${goal.title}` : part.id;
    }
    if (part.kind === 'unitGoal') { const g = goalById.get(part.id); return g ? `${unitName(g.unitId)}: ${local(g.title, locale)}` : part.id; }
    if (part.kind === 'unit') return unitName(part.id);
    if (part.kind === 'hidden') return t('strategy.hiddenGoals').replace('{{count}}', String(part.count ?? 0));
    if (part.kind === 'kpis') return t('strategy.part.kpis');
    if (part.kind === 'unitGoals') return t('strategy.part.unitGoals');
    const kpi = policy.body.themes.flatMap((th) => th.kpis).find((k) => k.key === part.id);
    return kpi ? local(kpi.title, locale) : part.id;
  };
  const bar = (rollUp: RolledUp): Bar => ({
    percent: rollUp.percent,
    width: rollUp.percent === null ? 0 : Math.round(rollUp.percent),
    text: fmt(rollUp.percent),
    rule: t(`strategy.rule.${rollUp.rule}`),
    lines: rollUp.parts.map((part) => ({
      kind: part.kind, id: part.id, label: labelOf(part), percent: part.percent,
      value: fmt(part.percent),
      weight: rollUp.rule === 'shares' ? `${part.weight}%` : rollUp.rule === 'mean' ? '1' : String(part.weight),
    })),
  });

  // Unit goals, bottom up: people's goals, then the unit goals below.
  const unitGoalRollUps = new Map<string, RolledUp>();
  const rollUpOf = (goal: UnitGoal, depth = 0): RolledUp => {
    const known = unitGoalRollUps.get(goal._id);
    if (known) return known;
    const below = depth > 10 ? [] : cycleGoals.filter((g) => g.parentId === goal._id);
    const mine = personGoals.filter((g) => g.unitGoalId === goal._id);
    const rollUp = unitGoalRollUp(mine.map((g) => ({ id: g._id, weight: g.weight, percent: percentOf(g._id) })), below.map((g) => ({ id: g._id, percent: rollUpOf(g, depth + 1).percent })));
    unitGoalRollUps.set(goal._id, rollUp);
    return rollUp;
  };
  const unitGoalView = (goal: UnitGoal, depth = 0): UnitGoalView => {
    const mine = personGoals.filter((g) => g.unitGoalId === goal._id && visible.has(g.personId));
    const below = depth > 10 ? [] : cycleGoals.filter((g) => g.parentId === goal._id).map((g) => unitGoalView(g, depth + 1));
    return {
      id: goal._id, title: local(goal.title, locale), target: goal.target,
      bar: bar(withHiddenGoals(rollUpOf(goal), goalVisible)),
      people: mine.map((g) => ({
        id: g._id, anchor: `goal-${g._id}`, title: g.title, target: g.target, weight: g.weight,
        person: local(people.get(g.personId)?.name, locale), personId: g.personId,
        bar: bar({ percent: percentOf(g._id), rule: 'check-in', parts: [] }),
        checkedInAt: progress.get(g._id)?.at ?? null, here: asked?._id === g._id,
      })),
      below,
      open: asked?.unitGoalId === goal._id || below.some((b) => b.open),
    };
  };

  const parents = new Map(cycleGoals.map((g) => [g._id, { parentId: g.parentId, code: g.code }]));
  const tops = cycleGoals.filter((g) => !g.parentId);
  const themeOfAsked = asked ? themeCodeOf(asked.unitGoalId, parents) : null;
  // The policy's themes, then any strategic goal of the cycle the policy does not name yet.
  const themes = [
    ...policy.body.themes,
    ...tops.filter((g) => !policy.body.themes.some((th) => th.code === g.code)).map((g) => ({ code: g.code, title: g.title, kpis: [] })),
  ];
  const metricValue = async (key: string, unitId: string) => (await MetricModel.findById(metricId(cycle, { type: 'unit', id: unitId }, key), { value: 1 }).lean())?.value ?? null;
  const shown = (value: number, unitOfMeasure: string | undefined) => {
    if (unitOfMeasure === 'minor currency units') return formatMoney(value, currency, locale);
    const number = value.toLocaleString(locale, { maximumFractionDigits: 2 });
    return unitOfMeasure === 'percent' ? `${number}%` : number;
  };

  const themeViews: ThemeView[] = [];
  for (const theme of themes) {
    const top = tops.find((g) => g.code === theme.code);
    const kpis: KpiView[] = [];
    const kpiParts: Array<{ key: string; weight: number; percent: number | null }> = [];
    for (const kpi of theme.kpis) {
      const entry = catalogue.body.metrics.find((m) => m.key === kpi.metric);
      const actual = kpiActual(kpi, await Promise.all(kpi.units.map((u) => metricValue(kpi.metric, u))));
      const percent = kpiAchievement(kpi, actual);
      kpiParts.push({ key: kpi.key, weight: kpi.weight, percent });
      kpis.push({
        key: kpi.key, name: local(kpi.title, locale), metric: entry ? local(entry.title, locale) : kpi.metric,
        units: kpi.units.map(unitName).join(locale === 'zh-CN' ? '、' : ', '),
        target: shown(kpi.target, entry?.unitOfMeasure), actual: actual === null ? null : shown(actual, entry?.unitOfMeasure),
        better: t(`strategy.better.${kpi.better}`),
        bar: bar({ percent, rule: kpi.better === 'higher' ? 'kpi-higher' : 'kpi-lower', parts: [] }),
      });
    }
    const kpisUp = kpisRollUp(kpiParts);
    const serving = top ? cycleGoals.filter((g) => g.parentId === top._id) : [];
    const goalsUp = meanRollUp('unitGoal', serving.map((g) => ({ id: g._id, percent: rollUpOf(g).percent })));
    const unitIds = [...new Set(serving.map((g) => g.unitId))];
    const unitViews = unitIds.map((unitId): UnitView => {
      const goals = serving.filter((g) => g.unitId === unitId);
      const views = goals.map((g) => unitGoalView(g));
      return { id: unitId, name: unitName(unitId), bar: bar(meanRollUp('unitGoal', goals.map((g) => ({ id: g._id, percent: rollUpOf(g).percent })))), goals: views, open: views.some((v) => v.open) };
    // The units furthest behind first; those with no figure yet after them.
    }).sort((a, b) => (a.bar.percent ?? 1000) - (b.bar.percent ?? 1000) || a.name.localeCompare(b.name));
    themeViews.push({
      code: theme.code, name: local(theme.title, locale), summary: 'summary' in theme && theme.summary ? local(theme.summary, locale) : null,
      statement: top ? `${local(top.title, locale)} (${top.target})` : null,
      bar: bar(themeRollUp(policy.body.rollUp, kpisUp, goalsUp)), kpisBar: bar(kpisUp), kpis, units: unitViews,
      selected: theme.code === (ask.theme ?? themeOfAsked),
    });
  }
  if (ask.theme && !themeViews.some((th) => th.code === ask.theme)) return null;
  return {
    cycle, policyVersion: policy.version,
    shares: { kpi: policy.body.rollUp.kpiSharePercent, goal: policy.body.rollUp.goalSharePercent },
    themes: themeViews, selected: themeViews.find((th) => th.selected) ?? null, goal: asked?._id ?? null,
  };
}
