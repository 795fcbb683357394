/**
 * What an employee's own page says about their numbers, as pure functions: the "why" of a rating
 * told from the stored explanations (inputs, formula steps, policy versions), how a deferred tranche
 * stands on a given day, and how many days an appeal window has left. The words come from a
 * translate function, so the same reasoning reads in zh-CN and en.
 */
import { parseIsoDate } from './dates';
import type { DimensionLabel, ScoreExplanation } from './scoring';

export type Translate = (key: string) => string;

/** Puts values into a sentence: "{rating} from {score}" with { rating: 'B', score: 3.8 } → "B from 3.8". */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
}

/**
 * A dimension's name in the reader's language: the scoring policy's label kept in the score (or the
 * 360 summary), else the translations' name of a shipped dimension (scores stored before labels
 * were policy data), else its key.
 */
export function dimensionName(dimension: string, label: Partial<DimensionLabel> | undefined, locale: keyof DimensionLabel | undefined, t: Translate): string {
  const fromPolicy = locale ? label?.[locale] : undefined;
  if (fromPolicy) return fromPolicy;
  const key = `dimension.${dimension}`;
  const translated = t(key);
  return translated === key ? dimension : translated;
}

/** A rating decided after the score: calibration or an appeal (src/db/models/score.ts RatingDecision). */
export interface RatingDecisionLike {
  kind: 'calibration' | 'appeal';
  fromRating: string;
  toRating: string;
  reason: string;
  decidedByName?: string;
  policy?: { key: string; version: number };
}

/** Shortest faithful text of a number: 1.2000000001 → "1.2", 0.35 → "0.35". */
export function num(value: number): string {
  return String(Math.round(value * 1e4) / 1e4);
}

/**
 * The lines that answer "why is my rating X?", in order: each dimension's rating × weight, the sum,
 * the band the score falls in (with the scoring policy's key and version), then every later decision
 * that changed or confirmed the rating, with its reason.
 *
 * Worked example (front office weights 0.5 / 0.2 / 0.15 / 0.15; ratings 4, 3, 4, 4):
 *   business 4 × 0.5 = 2; risk 3 × 0.2 = 0.6; compliance 4 × 0.15 = 0.6; behaviour 4 × 0.15 = 0.6;
 *   score = 3.8 → band B (from 3.5), policy scoring v1; then calibration B → C with its reason.
 * A dimension is named by the policy's label in the reader's language (client relationship 5 ×
 * 0.2 = 1 → "客户关系: 5 × 0.2 = 1" in zh-CN).
 */
export function whyLines(final: ScoreExplanation, decisions: RatingDecisionLike[], t: Translate, locale?: keyof DimensionLabel, policyName: (key: string) => string = (key) => key): string[] {
  const lines: string[] = [];
  lines.push(fill(t('me.why.formula'), { businessLine: t(`me.businessLine.${final.businessLine}`) }));
  for (const step of final.steps) {
    lines.push(fill(t('me.why.step'), { dimension: dimensionName(step.dimension, final.dimensionLabels?.[step.dimension], locale, t), rating: num(step.rating), weight: num(step.weight), contribution: num(step.contribution) }));
  }
  lines.push(fill(t('me.why.band'), { score: num(final.score), rating: final.rating, minScore: num(final.band.minScore), policy: policyName(final.policy.key), version: final.policy.version }));
  for (const decision of decisions) {
    const changed = decision.fromRating !== decision.toRating;
    const key = `me.why.${decision.kind}.${changed ? 'changed' : 'kept'}`;
    const base = fill(t(key), { from: decision.fromRating, to: decision.toRating, by: decision.decidedByName ?? '' });
    const reason = decision.reason ? ` ${fill(t('me.why.reason'), { reason: decision.reason })}` : '';
    const policy = decision.policy ? ` ${fill(t('me.why.policy'), { policy: policyName(decision.policy.key), version: decision.policy.version })}` : '';
    lines.push(`${base}${reason}${policy}`);
  }
  return lines;
}

/** What a tranche is for its owner on a given day. */
export type TrancheState = 'paid' | 'vested' | 'unvested' | 'cancelled' | 'clawed-back';

/**
 * A stored tranche status (scheduled / paid / cancelled / clawed-back) on `today` (YYYY-MM-DD):
 * a scheduled tranche whose vesting date has come is vested (due for payment), before it unvested.
 * Scheduled for 2027-03-01: unvested on 2027-02-28, vested on 2027-03-01.
 */
export function trancheState(status: string, vestingDate: string, today: string): TrancheState {
  parseIsoDate(today, 'today');
  if (status === 'paid' || status === 'cancelled' || status === 'clawed-back') return status;
  return vestingDate <= today ? 'vested' : 'unvested';
}

/**
 * When a tranche is due to the person: its scheduled date, but never before the award was approved.
 * An award dated 2026-09-30 and approved on 2026-12-05 pays its upfront part on 2026-12-05, not
 * "vested since September" (the schedule keeps the award date; the payout cannot precede the
 * approval). Without an approval date the scheduled date stands.
 */
export function trancheDueDate(vestingDate: string, approvedOn: string | null): string {
  parseIsoDate(vestingDate, 'vestingDate');
  if (!approvedOn) return vestingDate;
  parseIsoDate(approvedOn, 'approvedOn');
  return approvedOn > vestingDate ? approvedOn : vestingDate;
}

/**
 * Whole days still to come before the window closes, the closing day included and today not:
 * published 2026-12-01 with a 15-day window (open through 2026-12-16) → 15 on the 1st, 1 on the
 * 15th, 0 on the 16th (the last day, "closes today") and after. Counting today as well said
 * "16 days left" of a 15-day window.
 */
export function daysLeft(closesOn: string, today: string): number {
  const a = parseIsoDate(closesOn, 'closesOn');
  const b = parseIsoDate(today, 'today');
  const diff = (Date.UTC(a.year, a.month - 1, a.day) - Date.UTC(b.year, b.month - 1, b.day)) / 86_400_000;
  return Math.max(0, diff);
}

/** The share of the whole score a dimension contributed, in per cent, for the bar's length (0–100). */
export function barPercent(contribution: number, scaleMax: number, weight: number): number {
  if (!(scaleMax > 0) || !(weight > 0)) return 0;
  return Math.max(0, Math.min(100, Math.round((contribution / (scaleMax * weight)) * 100)));
}
