import { parseIsoDate } from './dates';

/**
 * Appeals: when one may be filed, and what a decision does to the rating. Pure; the policy
 * (window length, the panel's SLA) is a versioned document; the grounds are the filing form's.
 */
export class AppealInputError extends Error {
  override readonly name = 'AppealInputError';
}

export interface AppealPolicy {
  /** Calendar days after the result is published during which an appeal may be filed. */
  windowDays: number;
  /** ISO-8601 duration the panel has before the case escalates, e.g. P10D. */
  panelSla: string;
}

export interface AppealWindow {
  open: boolean;
  /** The last day on which an appeal is accepted (inclusive). */
  closesOn: string;
}

function addDays(isoDate: string, days: number): string {
  const { year, month, day } = parseIsoDate(isoDate);
  const date = new Date(Date.UTC(year, month - 1, day + days));
  return date.toISOString().slice(0, 10);
}

/** Published on 2026-12-01 with a 15-day window: open through 2026-12-16, closed on the 17th. */
export function appealWindow(publishedOn: string, today: string, policy: Pick<AppealPolicy, 'windowDays'>): AppealWindow {
  if (!Number.isInteger(policy.windowDays) || policy.windowDays < 0) throw new AppealInputError(`windowDays must be a whole number of days ≥ 0, got ${policy.windowDays}`);
  parseIsoDate(today, 'today');
  const closesOn = addDays(publishedOn, policy.windowDays);
  return { open: today >= publishedOn && today <= closesOn, closesOn };
}

export interface AppealDecisionInput {
  outcome: 'upheld' | 'dismissed';
  currentRating: string;
  newRating?: string;
}

/**
 * The rating after the panel's decision. Upheld means the panel sets a different rating; an upheld
 * appeal that names the current rating (or none) is a contradiction the panel must resolve.
 */
export function ratingAfterDecision(input: AppealDecisionInput, ratings: readonly string[]): string {
  if (input.outcome === 'dismissed') return input.currentRating;
  if (!input.newRating || !ratings.includes(input.newRating)) {
    throw new AppealInputError(`an upheld appeal names a new rating among ${ratings.join(', ')}`);
  }
  if (input.newRating === input.currentRating) throw new AppealInputError(`an upheld appeal changes the rating; ${input.currentRating} is the current one`);
  return input.newRating;
}
