/**
 * How a band of the curve stands, in words a unit head acts on: "A: 2 of at most 1 — one too many".
 * The same function serves the meeting page as the head moves people (src/web) and the server's
 * answer to a submission, so the page and the refusal never say different things.
 *
 * A band's allowed counts come from calibration.ts (whole people within target ± tolerance of the
 * group). The standing is
 *   within       allowedMin ≤ count ≤ allowedMax
 *   over         count > allowedMax: `by` = count − allowedMax people must move out
 *   under        count < allowedMin: `by` = allowedMin − count people must move in
 *   unreachable  no whole number of people lies within the tolerance for a group this size
 *                (allowedMin > allowedMax); the band cannot be held, and `by` is 0
 * and the limit the sentence names: "exactly 1", "at most 1", "at least 2", "2 to 4".
 * A group below the policy's minimum size is judged the same way, but the curve is advisory there:
 * the page shows the words without a warning and the server does not refuse (`binding` false).
 *
 * Worked examples, the shipped curve (A 10 %, ±5 points) for 10 people: allowed A = 1…1.
 *   A with 2 → over by 1, limit "exactly 1"; A with 0 → under by 1; A with 1 → within.
 * For 7 people: A allowed ceil(0.35)=1 … floor(1.05)=1 → exactly 1 (14.3 % of 7, although the target
 * is 10 %: a whole person is the nearest fit, which is why the page names counts, not percentages).
 */
export type BandState = 'within' | 'over' | 'under' | 'unreachable';
export type LimitKind = 'exactly' | 'atMost' | 'atLeast' | 'between' | 'none';

export interface BandCounts {
  band: string;
  actualCount: number;
  allowedMin: number;
  allowedMax: number;
  targetCount: number;
  targetPercent: number;
}

export interface BandStanding {
  band: string;
  count: number;
  state: BandState;
  /** People to move out (over) or in (under); 0 otherwise. */
  by: number;
  limit: LimitKind;
  allowedMin: number;
  allowedMax: number;
  targetCount: number;
  targetPercent: number;
}

export function limitKind(allowedMin: number, allowedMax: number, groupSize: number): LimitKind {
  if (allowedMin > allowedMax) return 'none';
  if (allowedMin === allowedMax) return 'exactly';
  if (allowedMin <= 0) return 'atMost';
  if (allowedMax >= groupSize) return 'atLeast';
  return 'between';
}

export function bandStanding(band: BandCounts, groupSize: number): BandStanding {
  const { actualCount: count, allowedMin, allowedMax } = band;
  const limit = limitKind(allowedMin, allowedMax, groupSize);
  const state: BandState = allowedMin > allowedMax ? 'unreachable'
    : count > allowedMax ? 'over' : count < allowedMin ? 'under' : 'within';
  const by = state === 'over' ? count - allowedMax : state === 'under' ? allowedMin - count : 0;
  return { band: band.band, count, state, by, limit, allowedMin, allowedMax, targetCount: band.targetCount, targetPercent: band.targetPercent };
}

/**
 * A sentence from a template of the reader's language: `%name` is replaced by params.name
 * (longest names first, so %countWord is not read as %count). Unknown placeholders stay as written.
 */
export function fillTemplate(template: string, params: Record<string, string | number>): string {
  const names = Object.keys(params).sort((a, b) => b.length - a.length);
  if (names.length === 0) return template;
  const pattern = new RegExp(`%(${names.map((n) => n.replace(/[^A-Za-z0-9]/g, '')).join('|')})`, 'g');
  return template.replace(pattern, (_match, name: string) => String(params[name]));
}

/** A count as a word where the language has a list of them ("one", "two"…), otherwise as digits. */
export function countWord(count: number, words: readonly string[]): string {
  return Number.isInteger(count) && count >= 0 && count < words.length && words[count] ? words[count]! : String(count);
}

/** The templates a standing is told with, one language's. */
export interface StandingTemplates {
  /** e.g. "%band: %count of %limit — %byWord too many" */
  over: string;
  under: string;
  within: string;
  unreachable: string;
  /** Advisory (the group is below the minimum size): no "too many", just where the band is against the curve. */
  advisory: string;
  limitExactly: string;
  limitAtMost: string;
  limitAtLeast: string;
  limitBetween: string;
  /** Comma-separated words for 0, 1, 2…; empty to write digits. */
  numberWords: string;
}

export function limitText(standing: Pick<BandStanding, 'limit' | 'allowedMin' | 'allowedMax'>, templates: StandingTemplates): string {
  const params = { min: standing.allowedMin, max: standing.allowedMax };
  switch (standing.limit) {
    case 'exactly': return fillTemplate(templates.limitExactly, params);
    case 'atMost': return fillTemplate(templates.limitAtMost, params);
    case 'atLeast': return fillTemplate(templates.limitAtLeast, params);
    case 'between': return fillTemplate(templates.limitBetween, params);
    case 'none': return '';
  }
}

/** The sentence for one band: where it stands against its allowed counts, or against the curve when advisory. */
export function standingText(standing: BandStanding, binding: boolean, templates: StandingTemplates, bandLabel = standing.band): string {
  const words = templates.numberWords ? templates.numberWords.split(',').map((w) => w.trim()) : [];
  const params = {
    band: bandLabel, count: standing.count, countWord: countWord(standing.count, words), by: standing.by, byWord: countWord(standing.by, words),
    limit: limitText(standing, templates), min: standing.allowedMin, max: standing.allowedMax, target: standing.targetCount, percent: standing.targetPercent,
  };
  if (!binding) return fillTemplate(templates.advisory, params);
  return fillTemplate(templates[standing.state], params);
}
