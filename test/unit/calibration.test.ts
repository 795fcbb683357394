import { analyseDistribution, CalibrationInputError, whatIf, type CalibrationPolicy, type RatedPerson } from '../../src/domain/calibration';
import calibrationPolicyFile from '../../policies/calibration.json';

// Shipped policy: A 10 %, B 20 %, C 40 %, D 20 %, E 10 %; tolerance ±5 points; binding from 10 people.
const policy = calibrationPolicyFile.body as CalibrationPolicy;
const ref = { key: 'calibration', version: 1 };

/** people('A', 4, 'B', 5) → p01…p04 rated A, p05…p09 rated B */
function people(...spec: Array<string | number>): RatedPerson[] {
  const list: RatedPerson[] = [];
  for (let i = 0; i < spec.length; i += 2) {
    for (let k = 0; k < Number(spec[i + 1]); k++) list.push({ id: `p${String(list.length + 1).padStart(2, '0')}`, rating: String(spec[i]) });
  }
  return list;
}

/** The 20/70/10 curve over grouped ratings, used by both analysis and what-if examples. */
const threeBands: CalibrationPolicy = {
  curve: [
    { band: 'top', ratings: ['A', 'B'], percent: 20 },
    { band: 'middle', ratings: ['C'], percent: 70 },
    { band: 'bottom', ratings: ['D', 'E'], percent: 10 },
  ],
  tolerancePercentagePoints: 5,
  minGroupSize: 5,
};

describe('analyseDistribution', () => {
  it('finds the band outside tolerance in a team of 20 and how many must move', () => {
    // targets: 20 × 10/20/40/20/10 % = 2, 4, 8, 4, 2; actual 4, 5, 7, 3, 1 → gaps +2, +1, −1, −1, −1
    // allowed ranges, ±5 points: A 1–3 (5–15 %), B 3–5, C 7–9, D 3–5, E 1–3
    // A has 4 = 20 % → 1 must lose; B at 25 %, C at 35 %, D at 15 %, E at 5 % sit exactly on the edge: within
    const result = analyseDistribution(people('A', 4, 'B', 5, 'C', 7, 'D', 3, 'E', 1), policy, ref);
    expect(result.bands.map((b) => b.targetCount)).toEqual([2, 4, 8, 4, 2]);
    expect(result.bands.map((b) => b.actualCount)).toEqual([4, 5, 7, 3, 1]);
    expect(result.bands.map((b) => b.actualPercent)).toEqual([20, 25, 35, 15, 5]);
    expect(result.bands.map((b) => b.gap)).toEqual([2, 1, -1, -1, -1]);
    expect(result.bands.map((b) => [b.allowedMin, b.allowedMax])).toEqual([[1, 3], [3, 5], [7, 9], [3, 5], [1, 3]]);
    expect(result.bands.map((b) => b.withinTolerance)).toEqual([false, true, true, true, true]);
    expect(result.bands.map((b) => [b.mustLose, b.mustGain])).toEqual([[1, 0], [0, 0], [0, 0], [0, 0], [0, 0]]);
    expect(result.curveBinding).toBe(true);
    expect(result.withinTolerance).toBe(false);
    expect(result.passes).toBe(false);
    expect(result.inputs.countsByRating).toEqual({ A: 4, B: 5, C: 7, D: 3, E: 1 });
  });

  it('rounds target counts by largest remainder so they sum to the group, and treats a small group as advisory', () => {
    // 7 people: quotas 0.7, 1.4, 2.8, 1.4, 0.7 → floors 0, 1, 2, 1, 0 (4); the 3 left go to the
    // largest remainders .8 (C), .7 (A), .7 (E) → 1, 1, 3, 1, 1
    const result = analyseDistribution(people('C', 7), policy, ref);
    expect(result.bands.map((b) => b.quota)).toEqual([0.7, 1.4, 2.8, 1.4, 0.7]);
    expect(result.bands.map((b) => b.targetCount)).toEqual([1, 1, 3, 1, 1]);
    // C: 7 of 7 = 100 %; allowed ceil(7 × 35/100) = 3 … floor(7 × 45/100) = 3 → must lose 4
    expect(result.bands[2]).toMatchObject({ allowedMin: 3, allowedMax: 3, mustLose: 4 });
    // B: ceil(7 × 15/100) = 2 … floor(7 × 25/100) = 1: no whole number of 7 people lies within 15–25 %
    expect(result.bands[1]).toMatchObject({ allowedMin: 2, allowedMax: 1, reachable: false });
    expect(result.withinTolerance).toBe(false);
    expect(result.curveBinding).toBe(false); // 7 < 10
    expect(result.passes).toBe(true);
  });

  it('works over three bands of grouped ratings (20/70/10)', () => {
    // 13 people: quotas 2.6, 9.1, 1.3 → floors 2, 9, 1 (12); 1 left → top (.6) → 3, 9, 1
    // actual: top 1 A + 3 B = 4, middle 8, bottom 1 → gaps +1, −1, 0
    // top allowed ceil(13 × 15/100) = 2 … floor(13 × 25/100) = 3 → 4 must lose 1
    // middle allowed ceil(13 × 65/100) = 9 … floor(13 × 75/100) = 9 → 8 must gain 1
    const result = analyseDistribution(people('A', 1, 'B', 3, 'C', 8, 'D', 1), threeBands, ref);
    expect(result.bands.map((b) => b.targetCount)).toEqual([3, 9, 1]);
    expect(result.bands.map((b) => b.gap)).toEqual([1, -1, 0]);
    expect(result.bands.map((b) => [b.mustLose, b.mustGain])).toEqual([[1, 0], [0, 1], [0, 0]]);
    expect(result.passes).toBe(false);
  });

  it('accepts 33.3/33.3/33.4 as summing to 100 and refuses a curve that does not', () => {
    const thirds: CalibrationPolicy = { curve: [{ band: 'x', ratings: ['A'], percent: 33.3 }, { band: 'y', ratings: ['B'], percent: 33.3 }, { band: 'z', ratings: ['C'], percent: 33.4 }], tolerancePercentagePoints: 5, minGroupSize: 0 };
    expect(() => analyseDistribution(people('A', 1), thirds, ref)).not.toThrow();
    const short: CalibrationPolicy = { ...policy, curve: policy.curve.map((b) => (b.band === 'E' ? { ...b, percent: 5 } : b)) };
    expect(() => analyseDistribution(people('A', 1), short, ref)).toThrow(/sum to 95, not 100/);
    const overlapping: CalibrationPolicy = { ...policy, curve: [{ band: 'top', ratings: ['A', 'B'], percent: 50 }, { band: 'rest', ratings: ['B', 'C'], percent: 50 }] };
    expect(() => analyseDistribution(people('A', 1), overlapping, ref)).toThrow(CalibrationInputError);
    expect(() => analyseDistribution(people('F', 1), policy, ref)).toThrow(/in no curve band/);
  });
});

describe('whatIf', () => {
  // p01 A; p02–p04 B; p05–p12 C; p13 D
  const team = people('A', 1, 'B', 3, 'C', 8, 'D', 1);

  it('applies moves with reasons, rejects the rest, and recomputes', () => {
    const result = whatIf(team, [
      { personId: 'p04', from: 'B', to: 'C', reason: 'Targets met only with a colleague\'s book' },
      { personId: 'p01', from: 'A', to: 'B', reason: '   ' },
      { personId: 'p04', from: 'B', to: 'C', reason: 'repeated by mistake' },
      { personId: 'p99', from: 'C', to: 'B', reason: 'not in this unit' },
      { personId: 'p05', from: 'C', to: 'C', reason: 'no-op' },
      { personId: 'p05', from: 'C', to: 'Z', reason: 'typo' },
    ], threeBands, ref);
    // after p04 B → C: top 3, middle 9, bottom 1 → all within
    expect(result.before.passes).toBe(false);
    expect(result.after.bands.map((b) => b.actualCount)).toEqual([3, 9, 1]);
    expect(result.after.passes).toBe(true);
    expect(result.applied.map((m) => m.index)).toEqual([0]);
    expect(result.rejected.map((r) => [r.index, r.cause])).toEqual([
      [1, 'missing-reason'],
      [2, 'stale-from'],
      [3, 'unknown-person'],
      [4, 'no-change'],
      [5, 'unknown-rating'],
    ]);
    expect(result.changes).toEqual([{ personId: 'p04', from: 'B', to: 'C', reasons: ['Targets met only with a colleague\'s book'] }]);
  });

  it('follows a person through consecutive moves and drops a change that is undone', () => {
    const result = whatIf(team, [
      { personId: 'p02', from: 'B', to: 'C', reason: 'first view' },
      { personId: 'p02', from: 'C', to: 'D', reason: 'second view' },
      { personId: 'p03', from: 'B', to: 'C', reason: 'tentative' },
      { personId: 'p03', from: 'C', to: 'B', reason: 'reverted' },
    ], threeBands, ref);
    expect(result.rejected).toEqual([]);
    expect(result.changes).toEqual([{ personId: 'p02', from: 'B', to: 'D', reasons: ['first view', 'second view'] }]);
  });
});
