/**
 * The talent view's rules (001 §5, results applied beyond pay): who has been rated high several
 * cycles in a row, who sits in a high-potential box of the 9-box, and who is ready for promotion.
 * Pure: the caller passes each person's results oldest cycle first, the rating scale best first and
 * the policy (policies/talent.json). Every flag carries its reason, as a code and the values a page
 * words in the reader's language.
 *
 * Worked example, shipped policy (high = A or B, two in a row; high potential = performance high and
 * behaviour high; ready = two high in a row and high potential in the latest cycle), scale A–E:
 *
 *   2025-H2 B (behaviour 4), 2026-H1 A (behaviour 5)
 *     → consecutive-high  { count: 2, required: 2, ratings: "2025-H2 B, 2026-H1 A" }
 *     → high-potential    { cycle: 2026-H1, performance: high, behaviour: high }
 *     → ready-for-promotion { count: 2, cycle: 2026-H1 }
 *   2025-H2 A (5), 2026-H1 C (5)        → nothing: the run is broken, and C is not high performance
 *   2025-H2 A (5), 2026-H1 not reviewed → nothing for the run (a gap breaks it); the 9-box of the
 *                                         latest cycle with a result (2025-H2) → high-potential
 */
import { behaviourLevel, performanceLevel, type Level, type RatingScale } from './nine-box';

export interface TalentPolicy {
  highRatings: string[];
  consecutiveHighCycles: number;
  highPotential: { performance: Level[]; behaviour: Level[] };
  readyForPromotion: { consecutiveHighCycles: number; highPotentialInLatest: boolean };
  cyclesShown: number;
}

/** One cycle of one person: the rating that stands (appeal over calibration over the manager's) and the 9-box dimension's rating. */
export interface CycleResult {
  cycle: string;
  rating: string | null;
  behaviour: number | null;
}

export type TalentFlagCode = 'consecutive-high' | 'high-potential' | 'ready-for-promotion';

export interface TalentFlag {
  flag: TalentFlagCode;
  /** What the page words: the cycles and ratings, the box, the policy's requirement. */
  reason: Record<string, string | number>;
}

export interface PlacedResult extends CycleResult {
  box: { performance: Level; behaviour: Level } | null;
}

export interface TalentRecord {
  history: PlacedResult[];
  /** High ratings in a row up to the latest cycle shown. */
  consecutiveHigh: number;
  flags: TalentFlag[];
}

export function talentRecord(history: readonly CycleResult[], policy: TalentPolicy, scaleBestFirst: readonly string[], ratingScale?: RatingScale): TalentRecord {
  const placed: PlacedResult[] = history.map((r) => {
    const performance = r.rating ? performanceLevel(r.rating, scaleBestFirst) : null;
    const behaviour = behaviourLevel(r.behaviour, ratingScale);
    return { ...r, box: performance && behaviour ? { performance, behaviour } : null };
  });
  // The run counts back from the latest cycle shown; a cycle without a rating breaks it.
  let run = 0;
  for (let i = placed.length - 1; i >= 0 && placed[i]!.rating !== null && policy.highRatings.includes(placed[i]!.rating!); i--) run++;
  const runCycles = placed.slice(placed.length - run);
  const flags: TalentFlag[] = [];
  const ratingsText = runCycles.map((r) => `${r.cycle} ${r.rating}`).join(', ');
  if (run >= policy.consecutiveHighCycles) flags.push({ flag: 'consecutive-high', reason: { count: run, required: policy.consecutiveHighCycles, ratings: ratingsText } });
  const latestPlaced = [...placed].reverse().find((r) => r.rating !== null);
  const box = latestPlaced?.box ?? null;
  const highPotential = box !== null && policy.highPotential.performance.includes(box.performance) && policy.highPotential.behaviour.includes(box.behaviour);
  if (highPotential) flags.push({ flag: 'high-potential', reason: { cycle: latestPlaced!.cycle, performance: box.performance, behaviour: box.behaviour } });
  const latestIsPlaced = latestPlaced !== undefined && latestPlaced === placed[placed.length - 1];
  const ready = run >= policy.readyForPromotion.consecutiveHighCycles
    && (!policy.readyForPromotion.highPotentialInLatest || (highPotential && latestIsPlaced));
  if (ready) flags.push({ flag: 'ready-for-promotion', reason: { count: run, required: policy.readyForPromotion.consecutiveHighCycles, ratings: ratingsText, cycle: placed[placed.length - 1]!.cycle } });
  return { history: placed, consecutiveHigh: run, flags };
}
