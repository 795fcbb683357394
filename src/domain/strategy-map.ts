/**
 * The strategy map's roll-up (战略地图): how progress climbs from people's check-ins and imported
 * metrics to unit goals and to the board's strategic themes. Pure: the caller reads the goals,
 * check-ins and metrics and passes them in. Every number comes back with its parts (which goals or
 * metrics, with which weights), so a page can say how it was computed.
 *
 * The themes are the top of the goal cascade: a theme's code is the code of the strategic goal the
 * executive office sets in a cycle (EXEC's S1, S2 …); a unit goal belongs to the theme its parent
 * chain ends at. Themes, their key indicators and the roll-up shares are the `strategy-map` policy.
 *
 * Worked example (test/unit/strategy-map.test.ts):
 *   - Liu's goal "deposits" (weight 60) checked in at 50 %, Chen's goal "deposits" (weight 40) at 80 %:
 *     the unit goal "grow deposits" is (60 × 50 + 40 × 80) / (60 + 40) = 62 %.
 *   - KPI "wealth sales", higher is better, target ¥2.5bn, imported ¥2.0bn: 80 %.
 *     KPI "NPL ratio", lower is better, target 1.5 %, imported 2 %: 1.5 / 2 = 75 %.
 *     The theme's indicators, weights 50/50: 77.5 %.
 *   - The theme with shares 50 % indicators and 50 % unit goals, unit goals at 62 % and 40 %
 *     (a plain mean, 51 %): 50 % × 77.5 + 50 % × 51 = 64.3 %.
 *   - A side with no figures yet gives its share to the other; with neither, the theme has no progress
 *     yet (null), never 0 %.
 */

export type LocalName = { en: string; 'zh-CN': string };
export type Better = 'higher' | 'lower';

/** One key indicator of a theme, fed by an imported metric (policies/metric-catalogue.json). */
export interface StrategyKpi {
  key: string;
  title: LocalName;
  /** The metric-catalogue key whose imported figures feed the indicator. */
  metric: string;
  /** The units whose figures count (unit-scoped metrics), added up or averaged. */
  units: string[];
  aggregate: 'sum' | 'mean';
  /** In the metric's own unit of measure (minor currency units, percent, count). */
  target: number;
  better: Better;
  /** Relative weight among the theme's indicators. */
  weight: number;
}

export interface StrategyTheme {
  /** The strategic goal's code in each cycle (EXEC's S1 …). */
  code: string;
  title: LocalName;
  summary?: LocalName;
  kpis: StrategyKpi[];
}

export interface StrategyMapPolicy {
  /** How a theme's progress weighs its indicators against the unit goals serving it; they total 100. */
  rollUp: { kpiSharePercent: number; goalSharePercent: number };
  themes: StrategyTheme[];
}

/** One input of a rolled-up number. */
export interface RollUpPart {
  kind: 'personGoal' | 'unitGoal' | 'kpi' | 'unit' | 'hidden' | 'kpis' | 'unitGoals';
  id: string;
  /** Progress in per cent (0–100), or null while it has no figure. */
  percent: number | null;
  weight: number;
  /** How many goals a 'hidden' part stands for. */
  count?: number;
}

/** A rolled-up progress and how it was computed. */
export interface RolledUp {
  percent: number | null;
  /** 'weighted-mean' | 'mean' | 'shares' | the KPI rules: what the page explains in words. */
  rule: 'weighted-mean' | 'mean' | 'shares' | 'kpi-higher' | 'kpi-lower' | 'check-in';
  parts: RollUpPart[];
}

const round1 = (value: number) => Math.round(value * 10) / 10;
const clamp = (value: number) => Math.max(0, Math.min(100, value));

/**
 * A KPI's achievement: higher is better → actual / target, capped at 100 %; lower is better → 100 %
 * at or under the target, else target / actual. No figure yet → null.
 *   higher, target 200, actual 150 → 75; actual 260 → 100
 *   lower, target 1.5, actual 1.2 → 100; actual 2 → 75; target 0, actual 3 → 0
 */
export function kpiAchievement(kpi: Pick<StrategyKpi, 'target' | 'better'>, actual: number | null): number | null {
  if (actual === null || !Number.isFinite(actual)) return null;
  if (kpi.better === 'higher') {
    if (kpi.target <= 0) return actual >= kpi.target ? 100 : 0;
    return round1(clamp((actual / kpi.target) * 100));
  }
  if (actual <= kpi.target) return 100;
  if (kpi.target <= 0) return 0;
  return round1(clamp((kpi.target / actual) * 100));
}

/** The indicator's figure from the units' imported figures: the sum or mean of those present; none present → null. */
export function kpiActual(kpi: Pick<StrategyKpi, 'aggregate'>, figures: Array<number | null>): number | null {
  const present = figures.filter((f): f is number => typeof f === 'number' && Number.isFinite(f));
  if (present.length === 0) return null;
  const sum = present.reduce((s, f) => s + f, 0);
  return kpi.aggregate === 'sum' ? sum : sum / present.length;
}

/** Σ(weight × percent) / Σ weight over the parts that have a figure; none → null. */
export function weightedMean(parts: RollUpPart[]): number | null {
  const counted = parts.filter((p) => p.percent !== null && p.weight > 0);
  const total = counted.reduce((s, p) => s + p.weight, 0);
  if (total === 0) return null;
  return round1(counted.reduce((s, p) => s + p.weight * (p.percent as number), 0) / total);
}

/** A person's goal: its latest check-in's progress, or null before the first check-in. */
export function personGoalProgress(checkIns: Array<{ at: Date | string; percent?: number }>): number | null {
  const withPercent = checkIns.filter((c) => typeof c.percent === 'number')
    .sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
  const last = withPercent[withPercent.length - 1];
  return last ? clamp(last.percent as number) : null;
}

/**
 * A unit goal: the weighted mean of the people's goals linked to it (each weighted by the weight the
 * person gave it) and of the unit goals below it (each weighted 100, as one person's whole plan).
 */
export function unitGoalRollUp(personGoals: Array<{ id: string; weight: number; percent: number | null }>, below: Array<{ id: string; percent: number | null }> = []): RolledUp {
  const parts: RollUpPart[] = [
    ...personGoals.map((g): RollUpPart => ({ kind: 'personGoal', id: g.id, percent: g.percent, weight: g.weight })),
    ...below.map((g): RollUpPart => ({ kind: 'unitGoal', id: g.id, percent: g.percent, weight: 100 })),
  ];
  return { percent: weightedMean(parts), rule: 'weighted-mean', parts };
}

/** The theme's indicators together: their weighted mean. */
export function kpisRollUp(kpis: Array<{ key: string; weight: number; percent: number | null }>): RolledUp {
  const parts = kpis.map((k): RollUpPart => ({ kind: 'kpi', id: k.key, percent: k.percent, weight: k.weight }));
  return { percent: weightedMean(parts), rule: 'weighted-mean', parts };
}

/** Unit goals (or units) together: a plain mean, each counting once. */
export function meanRollUp(kind: 'unitGoal' | 'unit', items: Array<{ id: string; percent: number | null }>): RolledUp {
  const parts = items.map((g): RollUpPart => ({ kind, id: g.id, percent: g.percent, weight: 1 }));
  return { percent: weightedMean(parts), rule: 'mean', parts };
}

/**
 * A theme: its indicators and the unit goals serving it, weighed by the policy's shares. A side with
 * no figure yet gives its share to the other (the part's weight says 0 then).
 */
export function themeRollUp(policy: StrategyMapPolicy['rollUp'], kpis: RolledUp, unitGoals: RolledUp): RolledUp {
  const kpiShare = kpis.percent === null ? 0 : policy.kpiSharePercent;
  const goalShare = unitGoals.percent === null ? 0 : policy.goalSharePercent;
  const parts: RollUpPart[] = [
    { kind: 'kpis', id: 'kpis', percent: kpis.percent, weight: kpiShare },
    { kind: 'unitGoals', id: 'unitGoals', percent: unitGoals.percent, weight: goalShare },
  ];
  return { percent: weightedMean(parts), rule: 'shares', parts };
}

/**
 * The theme a unit goal serves: the code of the goal its parent chain ends at. `parents` maps a
 * goal id to its parent id and code; a chain that loops or breaks ends where it stops.
 */
export function themeCodeOf(goalId: string, goals: Map<string, { parentId?: string; code: string }>, maxDepth = 10): string | null {
  let id: string | undefined = goalId;
  let code: string | null = null;
  const seen = new Set<string>();
  while (id && !seen.has(id) && seen.size < maxDepth) {
    seen.add(id);
    const goal = goals.get(id);
    if (!goal) break;
    code = goal.code;
    id = goal.parentId;
  }
  return code;
}

/**
 * What a reader who may not see some people's goals is told: the goals they may see as they are, the
 * others summed into one part ("3 goals of people not shown to you, weight 150, progress 55 %").
 * The number itself is the same for every reader.
 */
export function withHiddenGoals(rollUp: RolledUp, visible: (personGoalId: string) => boolean): RolledUp {
  const hidden = rollUp.parts.filter((p) => p.kind === 'personGoal' && !visible(p.id));
  if (hidden.length === 0) return rollUp;
  const shown = rollUp.parts.filter((p) => !(p.kind === 'personGoal' && !visible(p.id)));
  const weight = hidden.reduce((s, p) => s + p.weight, 0);
  return {
    ...rollUp,
    parts: [...shown, { kind: 'hidden', id: 'hidden', count: hidden.length, weight, percent: weightedMean(hidden) }],
  };
}

/** Problems with a strategy-map policy body, by field (the policy editor shows them at the field). */
export function strategyMapProblems(body: Record<string, unknown>): Array<{ field: string; code: string; message: string }> {
  const out: Array<{ field: string; code: string; message: string }> = [];
  const problem = (field: string, code: string, message: string) => out.push({ field, code, message });
  const rollUp = body.rollUp as Record<string, unknown> | undefined;
  const share = (name: string) => {
    const value = rollUp?.[name];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) problem(`rollUp.${name}`, 'range', 'a share between 0 and 100');
    return typeof value === 'number' ? value : NaN;
  };
  const kpiShare = share('kpiSharePercent');
  const goalShare = share('goalSharePercent');
  if (Number.isFinite(kpiShare) && Number.isFinite(goalShare) && Math.abs(kpiShare + goalShare - 100) > 1e-9) problem('rollUp.goalSharePercent', 'total', 'the two shares total 100');
  const themes = body.themes;
  if (!Array.isArray(themes) || themes.length === 0) return [...out, { field: 'themes', code: 'required', message: 'at least one theme' }];
  const codes = new Set<string>();
  themes.forEach((theme: Record<string, unknown>, t) => {
    const at = `themes[${t}]`;
    const code = theme?.code;
    if (typeof code !== 'string' || !/^[A-Za-z0-9_-]{1,20}$/.test(code)) problem(`${at}.code`, 'pattern', 'letters, digits, - or _ (up to 20)');
    else if (codes.has(code)) problem(`${at}.code`, 'duplicate', 'each theme has its own code');
    else codes.add(code);
    namesProblems(theme?.title, `${at}.title`, problem);
    const kpis = theme?.kpis;
    if (!Array.isArray(kpis)) { problem(`${at}.kpis`, 'type', 'a list of indicators'); return; }
    const keys = new Set<string>();
    kpis.forEach((kpi: Record<string, unknown>, k) => {
      const kAt = `${at}.kpis[${k}]`;
      if (typeof kpi?.key !== 'string' || !/^[A-Za-z0-9_-]{1,40}$/.test(kpi.key)) problem(`${kAt}.key`, 'pattern', 'letters, digits, - or _ (up to 40)');
      else if (keys.has(kpi.key)) problem(`${kAt}.key`, 'duplicate', 'each indicator of a theme has its own key');
      else keys.add(kpi.key);
      namesProblems(kpi?.title, `${kAt}.title`, problem);
      if (typeof kpi?.metric !== 'string' || kpi.metric.length === 0) problem(`${kAt}.metric`, 'required', 'the metric that feeds it');
      if (!Array.isArray(kpi?.units) || kpi.units.length === 0 || !kpi.units.every((u) => typeof u === 'string' && /^[A-Za-z0-9_-]{1,80}$/.test(u))) problem(`${kAt}.units`, 'required', 'at least one unit');
      if (kpi?.aggregate !== 'sum' && kpi?.aggregate !== 'mean') problem(`${kAt}.aggregate`, 'oneOf', 'sum or mean');
      if (kpi?.better !== 'higher' && kpi?.better !== 'lower') problem(`${kAt}.better`, 'oneOf', 'higher or lower');
      if (typeof kpi?.target !== 'number' || !Number.isFinite(kpi.target) || kpi.target < 0) problem(`${kAt}.target`, 'range', 'a target of 0 or more');
      if (typeof kpi?.weight !== 'number' || !Number.isFinite(kpi.weight) || kpi.weight <= 0 || kpi.weight > 100) problem(`${kAt}.weight`, 'range', 'a weight above 0, up to 100');
    });
  });
  return out;
}

function namesProblems(value: unknown, field: string, problem: (field: string, code: string, message: string) => void): void {
  const names = value as Record<string, unknown> | undefined;
  for (const locale of ['en', 'zh-CN']) {
    const name = names?.[locale];
    if (typeof name !== 'string' || name.trim().length === 0 || name.length > 120) problem(`${field}.${locale}`, 'required', 'a name of up to 120 characters');
  }
}
