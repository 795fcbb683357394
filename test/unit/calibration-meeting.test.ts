import { judgeMeetingRound, type CalibratedPerson, type MeetingChange } from '../../src/domain/calibration-meeting';
import type { CalibrationPolicy } from '../../src/domain/calibration';
import calibrationPolicyFile from '../../policies/calibration.json';

// Shipped policy: A 10 %, B 20 %, C 40 %, D 20 %, E 10 %; tolerance ±5 points; binding from 10 people.
const policy = calibrationPolicyFile.body as CalibrationPolicy;
const ref = { key: 'calibration', version: 3 };

/** group('A', 3, 'B', 3) → p01…p03 proposed A, p04…p06 proposed B */
function group(...spec: Array<string | number>): CalibratedPerson[] {
  const list: CalibratedPerson[] = [];
  for (let i = 0; i < spec.length; i += 2) {
    for (let k = 0; k < Number(spec[i + 1]); k++) list.push({ personId: `p${String(list.length + 1).padStart(2, '0')}`, proposedRating: String(spec[i]) });
  }
  return list;
}

const change = (personId: string, toRating: string, reason = `reason for ${personId}`): MeetingChange => ({ personId, toRating, reason });

// Ten people proposed 3 A, 3 B, 4 C. For n = 10 the ±5-point tolerance leaves exactly one count per
// band: A 1 (5–15 % of 10 → ceil 0.5 … floor 1.5), B 2, C 4, D 2, E 1.
const skewed = group('A', 3, 'B', 3, 'C', 4);
// Enough moves: p01, p02 A→B; p04, p05, p06 B→C; p07, p08 C→D; p09 C→E → 1, 2, 4, 2, 1.
const enough = [change('p01', 'B'), change('p02', 'B'), change('p04', 'C'), change('p05', 'C'), change('p06', 'C'), change('p07', 'D'), change('p08', 'D'), change('p09', 'E')];

describe('judgeMeetingRound', () => {
  it('sends back a binding group whose changes leave bands outside tolerance, naming each band and how many must move', () => {
    // One move, p01 A→B: A 2 (20 %), B 4 (40 %), C 4, D 0, E 0.
    const round = judgeMeetingRound(skewed, [change('p01', 'B')], policy, ref);
    expect(round.accepted).toBe(false);
    expect(round.curveAdvisory).toBe(false);
    expect(round.problems).toEqual([
      { code: 'outside-tolerance', band: 'A', message: 'band A has 2 (20 %), target 10 % allows 1: 1 must move out' },
      { code: 'outside-tolerance', band: 'B', message: 'band B has 4 (40 %), target 20 % allows 2: 2 must move out' },
      { code: 'outside-tolerance', band: 'D', message: 'band D has 0 (0 %), target 20 % allows 2: 2 must move in' },
      { code: 'outside-tolerance', band: 'E', message: 'band E has 0 (0 %), target 10 % allows 1: 1 must move in' },
    ]);
    expect(round.after.bands.map((b) => b.actualCount)).toEqual([2, 4, 4, 0, 0]);
  });

  it('accepts changes that bring every band within tolerance, with each person\'s final rating and reason', () => {
    const round = judgeMeetingRound(skewed, enough, policy, ref);
    expect(round.problems).toEqual([]);
    expect(round.accepted).toBe(true);
    expect(round.before.bands.map((b) => b.actualCount)).toEqual([3, 3, 4, 0, 0]);
    expect(round.after.bands.map((b) => b.actualCount)).toEqual([1, 2, 4, 2, 1]);
    expect(round.finalRatings.slice(0, 4)).toEqual([
      { personId: 'p01', fromRating: 'A', toRating: 'B', reason: 'reason for p01' },
      { personId: 'p02', fromRating: 'A', toRating: 'B', reason: 'reason for p02' },
      // Unchanged: the proposed rating stands, with no reason.
      { personId: 'p03', fromRating: 'A', toRating: 'A', reason: '' },
      { personId: 'p04', fromRating: 'B', toRating: 'C', reason: 'reason for p04' },
    ]);
    expect(round.moves).toHaveLength(8);
  });

  it('names invalid rows: no reason, an unknown person, the proposed rating again, a person twice', () => {
    const round = judgeMeetingRound(skewed, [
      ...enough,
      change('p03', 'B', '   '),
      change('E-OUTSIDER', 'C'),
      change('p10', 'C'),
      change('p01', 'C'),
    ], policy, ref);
    expect(round.accepted).toBe(false);
    expect(round.problems).toEqual([
      { code: 'duplicate-person', row: 11, personId: 'p01', message: 'p01 is changed in row 1 already' },
      { code: 'missing-reason', row: 8, personId: 'p03', message: 'every calibration change needs a reason' },
      { code: 'unknown-person', row: 9, personId: 'E-OUTSIDER', message: 'no person E-OUTSIDER in this group' },
      { code: 'no-change', row: 10, personId: 'p10', message: 'p10 is proposed at C already' },
    ]);
    // The valid rows still count: the distribution after them is the one of `enough`.
    expect(round.after.bands.map((b) => b.actualCount)).toEqual([1, 2, 4, 2, 1]);
  });

  it('refuses a round when a person\'s rating moved since the meeting started', () => {
    const moved = skewed.map((p) => (p.personId === 'p10' ? { ...p, currentRating: 'D' } : p));
    const round = judgeMeetingRound(moved, enough, policy, ref);
    expect(round.accepted).toBe(false);
    expect(round.problems).toEqual([
      { code: 'stale', personId: 'p10', message: 'p10\'s rating changed from C to D since the meeting started; review the changes again' },
    ]);
  });

  it('lets a group below the minimum size pass with the curve advisory, however skewed', () => {
    // Three people all proposed A: 100 % in band A, far outside 10 % ± 5, but 3 < minGroupSize 10.
    const small = group('A', 3);
    const round = judgeMeetingRound(small, [], policy, ref);
    expect(round.accepted).toBe(true);
    expect(round.curveAdvisory).toBe(true);
    expect(round.after.withinTolerance).toBe(false);
    expect(round.after.passes).toBe(true);
    expect(round.finalRatings).toEqual(small.map((p) => ({ personId: p.personId, fromRating: 'A', toRating: 'A', reason: '' })));
  });

  it('takes the curve, tolerance and minimum group size from the policy it is given', () => {
    // The same three A's under a policy binding from 3 people, with a 20/70/10 curve over top/middle/bottom:
    // top: 15–25 % of 3 is 0.45–0.75, no whole person; middle 65–75 % → 1.95–2.25 → exactly 2;
    // bottom 5–15 % → 0.15–0.45, no whole person. Every band fails, so the round is refused.
    const strict: CalibrationPolicy = {
      curve: [{ band: 'top', ratings: ['A', 'B'], percent: 20 }, { band: 'middle', ratings: ['C'], percent: 70 }, { band: 'bottom', ratings: ['D', 'E'], percent: 10 }],
      tolerancePercentagePoints: 5,
      minGroupSize: 3,
    };
    const round = judgeMeetingRound(group('A', 3), [], strict, ref);
    expect(round.accepted).toBe(false);
    expect(round.curveAdvisory).toBe(false);
    expect(round.problems).toEqual([
      { code: 'outside-tolerance', band: 'top', message: 'band top has 3 (100 %): no whole number of people is within 20 % ± tolerance for a group this size' },
      { code: 'outside-tolerance', band: 'middle', message: 'band middle has 0 (0 %), target 70 % allows 2: 2 must move in' },
      { code: 'outside-tolerance', band: 'bottom', message: 'band bottom has 0 (0 %): no whole number of people is within 10 % ± tolerance for a group this size' },
    ]);
  });
});
