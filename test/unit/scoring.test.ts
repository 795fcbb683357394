import { scoreReview, ScoringInputError, type ScoringPolicy } from '../../src/domain/scoring';
import scoringPolicyFile from '../../policies/scoring.json';

const policy = scoringPolicyFile.body as ScoringPolicy;
const ref = { key: 'scoring', version: 1 };

describe('scoreReview', () => {
  it('weights a front-office trader: business counts half', () => {
    // 0.5×5 + 0.2×3 + 0.15×4 + 0.15×4 = 2.5 + 0.6 + 0.6 + 0.6 = 4.3 → B (4.5 needed for A)
    const result = scoreReview({ business: 5, risk: 3, compliance: 4, behaviour: 4 }, 'front', policy, ref);
    expect(result.score).toBe(4.3);
    expect(result.rating).toBe('B');
    expect(result.steps.map((s) => s.contribution)).toEqual([2.5, 0.6, 0.6, 0.6]);
    expect(result.policy).toEqual(ref);
  });

  it('gives the same ratings a different score in the back office, where behaviour weighs most', () => {
    // 0.3×5 + 0.15×3 + 0.2×4 + 0.35×4 = 1.5 + 0.45 + 0.8 + 1.4 = 4.15 → B
    const result = scoreReview({ business: 5, risk: 3, compliance: 4, behaviour: 4 }, 'back', policy, ref);
    expect(result.score).toBe(4.15);
    expect(result.rating).toBe('B');
  });

  it('reaches A exactly at the band boundary without floating-point drift', () => {
    // 0.3×4 + 0.3×5 + 0.2×5 + 0.2×4 = 1.2 + 1.5 + 1.0 + 0.8 = 4.5 → A
    const result = scoreReview({ business: 4, risk: 5, compliance: 5, behaviour: 4 }, 'middle', policy, ref);
    expect(result.score).toBe(4.5);
    expect(result.rating).toBe('A');
  });

  it('rounds the score to the policy decimals but keeps the raw value for the explanation', () => {
    const thirds: ScoringPolicy = { ...policy, weightsByBusinessLine: { x: { business: 1 / 3, risk: 1 / 3, compliance: 1 / 3, behaviour: 0 } } };
    const result = scoreReview({ business: 4, risk: 4, compliance: 5, behaviour: 1 }, 'x', thirds, ref);
    expect(result.rawScore).toBeCloseTo(4.333333, 5);
    expect(result.score).toBe(4.33);
  });

  it('refuses a rating outside the scale and an unknown business line', () => {
    expect(() => scoreReview({ business: 6, risk: 3, compliance: 3, behaviour: 3 }, 'front', policy, ref)).toThrow(ScoringInputError);
    expect(() => scoreReview({ business: 3, risk: 3, compliance: 3, behaviour: 3 }, 'treasury', policy, ref)).toThrow(/no weights/);
  });

  it('refuses weights that do not sum to 1', () => {
    const broken: ScoringPolicy = { ...policy, weightsByBusinessLine: { front: { business: 0.5, risk: 0.5, compliance: 0.5, behaviour: 0 } } };
    expect(() => scoreReview({ business: 3, risk: 3, compliance: 3, behaviour: 3 }, 'front', broken, ref)).toThrow(/sum to 1.5/);
  });
});
