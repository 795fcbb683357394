/**
 * Early warning of risky selling (000 §三.3): results that jump while risk exposure or complaints
 * rise suggest mis-selling. A rule names a lead figure and the figures that must move with it; the
 * thresholds, the figures and the pairs to watch are policy data (policies/early-warning.json).
 *
 * Worked example (the shipped rule "sales-jump-with-risk"): sales up more than 50 % quarter on
 * quarter while complaints rise or the share of high-risk products sold at least doubles.
 *   2026-Q1 → 2026-Q2: sales 2,000,000 → 3,400,000 (+70 %), complaints 1 → 3 (rising) → warning
 *   2026-Q1 → 2026-Q2: sales 2,000,000 → 2,900,000 (+45 %), complaints 1 → 4             → none (near miss)
 *   2026-Q1 → 2026-Q2: sales 2,000,000 → 3,400,000 (+70 %), complaints 2 → 2, share 10 → 20 % (×2) → warning
 *
 * Units are watched too, by rules of the same shape over the unit's own figures (`unitRules`, e.g.
 * "unit-sales-jump-with-complaints": the unit's sales up more than 30 % while its complaints grow by
 * more than half or its high-risk share grows by half):
 *   2026-Q1 → 2026-Q2: unit sales 100m → 140m (+40 %), complaints 10 → 16 (+60 %) → warning on the unit
 *   2026-Q1 → 2026-Q2: unit sales 100m → 128m (+28 %), complaints 10 → 20       → none (near miss)
 *
 * Pure: no I/O. Periods are quarters (`2026-Q2`); only consecutive quarters are compared, so a gap in
 * the data never compares Q1 with Q3.
 */

export interface AlongsideCondition {
  metric: string;
  /** Raised when the figure grows by more than this percentage. */
  minGrowthPercent?: number;
  /** Raised when the figure is at least this multiple of the previous period's. */
  minRatio?: number;
  /** Raised when the figure is higher than in the previous period at all. */
  rising?: boolean;
}

export interface EarlyWarningRule {
  key: string;
  title: { en: string; 'zh-CN': string };
  /** The figure whose jump raises the question, and by how much it must grow (percent, period on period). */
  lead: { metric: string; minGrowthPercent: number };
  /** Any one of these moving with the lead raises the warning. */
  alongside: AlongsideCondition[];
}

export interface EarlyWarningPolicy {
  /** The currency the watched money figures are reported in (imports carry minor units, no currency). */
  currency: string;
  /** Over each person's own figures. */
  rules: EarlyWarningRule[];
  /** Over each unit's own figures (the unit as a whole, not the sum of its people); absent in policies before them. */
  unitRules?: EarlyWarningRule[];
}

/** Whose figures a rule reads: a person's, or a unit's as a whole. */
export type WarningScope = 'person' | 'unit';

/** The rules a policy applies to one kind of subject. */
export function rulesFor(policy: EarlyWarningPolicy, scope: WarningScope): EarlyWarningRule[] {
  return scope === 'unit' ? policy.unitRules ?? [] : policy.rules;
}

/** One person's figures for one quarter, by metric key. */
export interface PeriodFigures {
  period: string;
  values: Record<string, number>;
}

/** A figure that raised (or went with) the warning: both periods' values and how it moved. */
export interface WarningEvidence {
  metric: string;
  previous: number;
  current: number;
  /** Percentage change; null when the previous value was 0. */
  growthPercent: number | null;
  /** Which part of the rule it met: the lead, or one of the conditions alongside. */
  role: 'lead' | 'alongside';
}

export interface DetectedWarning {
  rule: string;
  period: string;
  previousPeriod: string;
  evidence: WarningEvidence[];
}

const QUARTER = /^(\d{4})-Q([1-4])$/;

/** The quarter before `period`, or null when `period` is not a quarter. */
export function previousQuarter(period: string): string | null {
  const match = QUARTER.exec(period);
  if (!match) return null;
  const [year, quarter] = [Number(match[1]), Number(match[2])];
  return quarter === 1 ? `${year - 1}-Q4` : `${year}-Q${quarter - 1}`;
}

export function isQuarter(period: string): boolean {
  return QUARTER.test(period);
}

function growthPercent(previous: number, current: number): number | null {
  return previous === 0 ? null : Math.round(((current - previous) / previous) * 10_000) / 100;
}

function meets(condition: AlongsideCondition, previous: number, current: number): boolean {
  const growth = growthPercent(previous, current);
  if (condition.rising && current > previous) return true;
  if (condition.minGrowthPercent !== undefined && growth !== null && growth > condition.minGrowthPercent) return true;
  if (condition.minRatio !== undefined && previous > 0 && current / previous >= condition.minRatio) return true;
  return false;
}

/**
 * Every warning one rule raises over one person's quarters: for each quarter whose previous quarter
 * is also present, the lead grew by more than its threshold and at least one figure alongside met
 * its condition. The evidence lists the lead and every figure alongside that met its condition.
 */
export function detectWarnings(rule: EarlyWarningRule, quarters: readonly PeriodFigures[]): DetectedWarning[] {
  const byPeriod = new Map(quarters.filter((q) => isQuarter(q.period)).map((q) => [q.period, q.values]));
  const warnings: DetectedWarning[] = [];
  for (const [period, values] of [...byPeriod].sort(([a], [b]) => a.localeCompare(b))) {
    const previousPeriod = previousQuarter(period)!;
    const before = byPeriod.get(previousPeriod);
    if (!before) continue;
    const [leadBefore, leadNow] = [before[rule.lead.metric], values[rule.lead.metric]];
    if (leadBefore === undefined || leadNow === undefined) continue;
    const leadGrowth = growthPercent(leadBefore, leadNow);
    if (leadGrowth === null || leadGrowth <= rule.lead.minGrowthPercent) continue;
    const alongside = rule.alongside.flatMap((condition): WarningEvidence[] => {
      const [was, is] = [before[condition.metric], values[condition.metric]];
      return was !== undefined && is !== undefined && meets(condition, was, is)
        ? [{ metric: condition.metric, previous: was, current: is, growthPercent: growthPercent(was, is), role: 'alongside' }]
        : [];
    });
    if (alongside.length === 0) continue;
    warnings.push({
      rule: rule.key, period, previousPeriod,
      evidence: [{ metric: rule.lead.metric, previous: leadBefore, current: leadNow, growthPercent: leadGrowth, role: 'lead' }, ...alongside],
    });
  }
  return warnings;
}

/** The metric keys a policy's rules for one kind of subject read, so an import of none of them needs no detection. */
export function watchedMetrics(policy: EarlyWarningPolicy, scope: WarningScope = 'person'): Set<string> {
  return new Set(rulesFor(policy, scope).flatMap((rule) => [rule.lead.metric, ...rule.alongside.map((c) => c.metric)]));
}

/** A policy's rule of either kind by key, with its kind. */
export function findRule(policy: EarlyWarningPolicy, key: string): { rule: EarlyWarningRule; scope: WarningScope } | null {
  for (const scope of ['person', 'unit'] as const) {
    const rule = rulesFor(policy, scope).find((r) => r.key === key);
    if (rule) return { rule, scope };
  }
  return null;
}
