/**
 * Calibration against a target distribution (强制分布). The calibration policy (policies/calibration.json)
 * names a curve: bands of one or more ratings with a target share each (10/20/40/20/10 over A–E, or
 * 20/70/10 over top/middle/bottom), a tolerance in percentage points and a minimum group size below
 * which the curve is only advisory.
 *
 * For a group of n people:
 *   target count of a band = its share of n, whole people, by largest remainder so the counts sum to n
 *                            (equal remainders favour the band listed first);
 *   gap                    = actual count − target count (positive: the band has too many);
 *   allowed range          = ceil(n × (target% − tolerance) / 100) … floor(n × (target% + tolerance) / 100),
 *                            i.e. the counts whose share lies within ± tolerance of the target;
 *   must lose / must gain  = the fewest people that bring the band into its allowed range.
 * All comparisons are exact (integers), so a share exactly at the tolerance edge is within it.
 *
 * whatIf applies proposed moves (person, from, to, reason) in order and recomputes. A move is rejected,
 * not applied, when it has no reason, names an unknown person or rating, changes nothing, or its "from"
 * is not the person's rating at that point; rejected moves are returned with the cause.
 */
import { assertPolicyRef, type Explanation, type ExplanationStep, type PolicyRef } from './explanation';
import { divide, largestRemainder, pow10, roundTo, toCommonScale } from './money';

export class CalibrationInputError extends Error {
  override readonly name = 'CalibrationInputError';
}

export interface CurveBand {
  band: string;
  ratings: string[];
  percent: number;
}

export interface CalibrationPolicy {
  curve: CurveBand[];
  tolerancePercentagePoints: number;
  minGroupSize: number;
}

export interface RatedPerson {
  id: string;
  rating: string;
}

export interface BandAnalysis {
  band: string;
  ratings: string[];
  targetPercent: number;
  /** n × target% / 100 before rounding, for the explanation. */
  quota: number;
  targetCount: number;
  actualCount: number;
  /** Rounded to 2 decimals for display; the tolerance test is exact. */
  actualPercent: number;
  gap: number;
  allowedMin: number;
  allowedMax: number;
  withinTolerance: boolean;
  /** False when no whole number of people lies within tolerance for a group this size (small groups). */
  reachable: boolean;
  mustLose: number;
  mustGain: number;
}

export interface DistributionInputs {
  groupSize: number;
  countsByRating: Record<string, number>;
}

export interface DistributionAnalysis extends Explanation<DistributionInputs> {
  groupSize: number;
  /** False when the group is smaller than the policy minimum: the curve is advisory only. */
  curveBinding: boolean;
  withinTolerance: boolean;
  /** Within tolerance, or the curve is only advisory for a group this small. */
  passes: boolean;
  bands: BandAnalysis[];
}

export interface CalibrationMove {
  personId: string;
  from: string;
  to: string;
  reason: string;
}

export type MoveRejection = 'missing-reason' | 'unknown-person' | 'unknown-rating' | 'stale-from' | 'no-change';

export interface WhatIfResult {
  before: DistributionAnalysis;
  after: DistributionAnalysis;
  applied: Array<CalibrationMove & { index: number }>;
  rejected: Array<{ index: number; move: CalibrationMove; cause: MoveRejection; message: string }>;
  /** Each person whose rating differs after the applied moves, with every reason given. */
  changes: Array<{ personId: string; from: string; to: string; reasons: string[] }>;
  policy: PolicyRef;
}

interface PreparedCurve {
  bands: CurveBand[];
  bandOfRating: Map<string, number>;
  percentUnits: bigint[];
  toleranceUnits: bigint;
  /** 100 % in the common units. */
  hundred: bigint;
}

function prepareCurve(policy: CalibrationPolicy): PreparedCurve {
  const curve = policy.curve ?? [];
  if (curve.length === 0) throw new CalibrationInputError('the calibration curve has no bands');
  const bandOfRating = new Map<string, number>();
  curve.forEach((band, index) => {
    if (!band.band || !Array.isArray(band.ratings) || band.ratings.length === 0) throw new CalibrationInputError(`curve band ${index + 1} needs a name and at least one rating`);
    if (!Number.isFinite(band.percent) || band.percent < 0) throw new CalibrationInputError(`curve band ${band.band}: percent must be ≥ 0, got ${band.percent}`);
    for (const rating of band.ratings) {
      if (bandOfRating.has(rating)) throw new CalibrationInputError(`rating ${rating} is in more than one curve band`);
      bandOfRating.set(rating, index);
    }
  });
  const tolerance = policy.tolerancePercentagePoints;
  if (!Number.isFinite(tolerance) || tolerance < 0) throw new CalibrationInputError(`tolerance must be ≥ 0 percentage points, got ${tolerance}`);
  if (!Number.isInteger(policy.minGroupSize) || policy.minGroupSize < 0) throw new CalibrationInputError(`minGroupSize must be a whole number ≥ 0, got ${policy.minGroupSize}`);
  const { units, scale } = toCommonScale([...curve.map((b) => b.percent), tolerance]);
  const hundred = 100n * pow10(scale);
  const percentUnits = units.slice(0, curve.length);
  const sum = percentUnits.reduce((s, u) => s + u, 0n);
  if (sum !== hundred) {
    throw new CalibrationInputError(`the curve's percentages sum to ${roundTo(curve.reduce((s, b) => s + b.percent, 0), 6)}, not 100`);
  }
  return { bands: curve, bandOfRating, percentUnits, toleranceUnits: units[curve.length] ?? 0n, hundred };
}

function countByBand(people: readonly RatedPerson[], curve: PreparedCurve): { bandCounts: number[]; countsByRating: Record<string, number> } {
  const bandCounts = curve.bands.map(() => 0);
  const countsByRating: Record<string, number> = {};
  for (const band of curve.bands) for (const rating of band.ratings) countsByRating[rating] = 0;
  const seen = new Set<string>();
  for (const person of people) {
    if (!person.id || seen.has(person.id)) throw new CalibrationInputError(`person ids must be present and unique, got "${person.id}"`);
    seen.add(person.id);
    const index = curve.bandOfRating.get(person.rating);
    if (index === undefined) throw new CalibrationInputError(`person ${person.id} has rating "${person.rating}", which is in no curve band`);
    bandCounts[index] = (bandCounts[index] ?? 0) + 1;
    countsByRating[person.rating] = (countsByRating[person.rating] ?? 0) + 1;
  }
  return { bandCounts, countsByRating };
}

function analyse(people: readonly RatedPerson[], policy: CalibrationPolicy, curve: PreparedCurve, policyRef: PolicyRef): DistributionAnalysis {
  const { bandCounts, countsByRating } = countByBand(people, curve);
  const n = people.length;
  const bigN = BigInt(n);
  const targets = largestRemainder(n, curve.percentUnits);
  const bands = curve.bands.map((band, index): BandAnalysis => {
    const percentUnits = curve.percentUnits[index] ?? 0n;
    const actualCount = bandCounts[index] ?? 0;
    const targetCount = targets[index] ?? 0;
    const allowedMin = Math.max(0, Number(divide(bigN * (percentUnits - curve.toleranceUnits), curve.hundred, 'ceil')));
    const allowedMax = Math.min(n, Number(divide(bigN * (percentUnits + curve.toleranceUnits), curve.hundred, 'floor')));
    return {
      band: band.band,
      ratings: band.ratings,
      targetPercent: band.percent,
      quota: roundTo((n * band.percent) / 100, 4),
      targetCount,
      actualCount,
      actualPercent: n === 0 ? 0 : roundTo((actualCount / n) * 100, 2),
      gap: actualCount - targetCount,
      allowedMin,
      allowedMax,
      withinTolerance: actualCount >= allowedMin && actualCount <= allowedMax,
      reachable: allowedMin <= allowedMax,
      mustLose: Math.max(0, actualCount - allowedMax),
      mustGain: Math.max(0, allowedMin - actualCount),
    };
  });
  const withinTolerance = bands.every((b) => b.withinTolerance);
  const curveBinding = n >= policy.minGroupSize;

  const steps: ExplanationStep[] = bands.map((b) => ({
    step: `band ${b.band}`,
    formula: 'target = largest-remainder share of n; allowed = ceil(n×(target%−tol)/100) … floor(n×(target%+tol)/100)',
    values: { groupSize: n, targetPercent: b.targetPercent, quota: b.quota, targetCount: b.targetCount, actualCount: b.actualCount, allowedMin: b.allowedMin, allowedMax: b.allowedMax },
    result: b.withinTolerance,
    ...(!b.reachable ? { note: 'no whole number of people is within tolerance for a group this size' }
      : b.mustLose > 0 ? { note: `must lose ${b.mustLose}` } : b.mustGain > 0 ? { note: `must gain ${b.mustGain}` } : {}),
  }));
  steps.push({
    step: 'curve binding',
    formula: 'group size ≥ minimum group size',
    values: { groupSize: n, minGroupSize: policy.minGroupSize },
    result: curveBinding,
    ...(curveBinding ? {} : { note: 'advisory only: the group is too small for the curve to bind' }),
  });

  return {
    formula: 'per band: gap = actual − target; within tolerance when |actual% − target%| ≤ tolerance',
    inputs: { groupSize: n, countsByRating },
    steps,
    groupSize: n,
    curveBinding,
    withinTolerance,
    passes: withinTolerance || !curveBinding,
    bands,
    policy: policyRef,
  };
}

export function analyseDistribution(people: RatedPerson[], policy: CalibrationPolicy, policyRef: PolicyRef): DistributionAnalysis {
  assertPolicyRef(policyRef, CalibrationInputError);
  return analyse(people, policy, prepareCurve(policy), policyRef);
}

export function whatIf(people: RatedPerson[], moves: CalibrationMove[], policy: CalibrationPolicy, policyRef: PolicyRef): WhatIfResult {
  assertPolicyRef(policyRef, CalibrationInputError);
  const curve = prepareCurve(policy);
  const before = analyse(people, policy, curve, policyRef);

  const current = new Map(people.map((p) => [p.id, p.rating]));
  const original = new Map(current);
  const reasons = new Map<string, string[]>();
  const applied: WhatIfResult['applied'] = [];
  const rejected: WhatIfResult['rejected'] = [];
  moves.forEach((move, index) => {
    const reject = (cause: MoveRejection, message: string) => rejected.push({ index, move, cause, message });
    const rating = current.get(move.personId);
    if (typeof move.reason !== 'string' || move.reason.trim() === '') return reject('missing-reason', 'every calibration change needs a reason');
    if (rating === undefined) return reject('unknown-person', `no person ${move.personId} in this group`);
    if (!curve.bandOfRating.has(move.to) || !curve.bandOfRating.has(move.from)) return reject('unknown-rating', `ratings must be among ${[...curve.bandOfRating.keys()].join(', ')}`);
    if (move.from !== rating) return reject('stale-from', `${move.personId} is rated ${rating} at this point, not ${move.from}`);
    if (move.from === move.to) return reject('no-change', 'from and to are the same rating');
    current.set(move.personId, move.to);
    reasons.set(move.personId, [...(reasons.get(move.personId) ?? []), move.reason.trim()]);
    applied.push({ ...move, index });
  });

  const afterPeople = people.map((p) => ({ id: p.id, rating: current.get(p.id) ?? p.rating }));
  const after = analyse(afterPeople, policy, curve, policyRef);
  const changes = afterPeople
    .filter((p) => original.get(p.id) !== p.rating)
    .map((p) => ({ personId: p.id, from: original.get(p.id) ?? p.rating, to: p.rating, reasons: reasons.get(p.id) ?? [] }));
  return { before, after, applied, rejected, changes, policy: policyRef };
}
