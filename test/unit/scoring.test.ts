import { DEFAULT_DIMENSIONS, dimensionsOf, nineBoxDimensionOf, ratingsFromSubmission, scoreReview, ScoringInputError, type ScoringPolicy } from '../../src/domain/scoring';
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

/** The shipped policy with a fifth dimension, as a wealth manager's owner would save it. */
const withClientRelationship: ScoringPolicy = {
  ...policy,
  dimensions: [...dimensionsOf(policy), { key: 'clientRelationship', label: { en: 'Client relationship', 'zh-CN': '客户关系' } }],
  weightsByBusinessLine: {
    ...policy.weightsByBusinessLine,
    front: { business: 0.4, risk: 0.15, compliance: 0.15, behaviour: 0.1, clientRelationship: 0.2 },
  },
};

describe('dimensions are policy data', () => {
  it('the shipped policy lists the four dimensions in their order, with labels in en and zh-CN', () => {
    expect(dimensionsOf(policy).map((d) => d.key)).toEqual(['business', 'risk', 'compliance', 'behaviour']);
    expect(dimensionsOf(policy)).toEqual(DEFAULT_DIMENSIONS);
  });

  it('a version written before policies listed dimensions scores the four shipped ones', () => {
    const { dimensions: _listed, ...older } = policy;
    const result = scoreReview({ business: 5, risk: 3, compliance: 4, behaviour: 4 }, 'front', older, ref);
    expect(result.steps.map((s) => s.dimension)).toEqual(['business', 'risk', 'compliance', 'behaviour']);
    expect(result.score).toBe(4.3);
  });

  it('a fifth dimension counts with its weight: 0.4×5 + 0.15×3 + 0.15×4 + 0.1×4 + 0.2×5 = 4.45 → B', () => {
    const result = scoreReview({ business: 5, risk: 3, compliance: 4, behaviour: 4, clientRelationship: 5 }, 'front', withClientRelationship, ref);
    expect(result.steps).toEqual([
      { dimension: 'business', rating: 5, weight: 0.4, contribution: 2 },
      { dimension: 'risk', rating: 3, weight: 0.15, contribution: 0.45 },
      { dimension: 'compliance', rating: 4, weight: 0.15, contribution: 0.6 },
      { dimension: 'behaviour', rating: 4, weight: 0.1, contribution: 0.4 },
      { dimension: 'clientRelationship', rating: 5, weight: 0.2, contribution: 1 },
    ]);
    expect(result.score).toBe(4.45);
    expect(result.rating).toBe('B');
    expect(result.dimensionLabels?.clientRelationship).toEqual({ en: 'Client relationship', 'zh-CN': '客户关系' });
  });

  it('refuses a missing rating of the fifth dimension, and a line without its weight', () => {
    expect(() => scoreReview({ business: 5, risk: 3, compliance: 4, behaviour: 4 }, 'front', withClientRelationship, ref)).toThrow(/clientRelationship rating undefined/);
    expect(() => scoreReview({ business: 5, risk: 3, compliance: 4, behaviour: 4, clientRelationship: 5 }, 'middle', withClientRelationship, ref)).toThrow(/no weight for clientRelationship/);
  });

  it('reads the ratings from the fields <dimension>Rating', () => {
    expect(ratingsFromSubmission({ businessRating: 4, riskRating: 3, complianceRating: 5, behaviourRating: 2, clientRelationshipRating: 5, comment: 'x' }, dimensionsOf(withClientRelationship)))
      .toEqual({ business: 4, risk: 3, compliance: 5, behaviour: 2, clientRelationship: 5 });
  });

  it('names the 9-box dimension of the policy, behaviour by default', () => {
    expect(nineBoxDimensionOf(policy)).toBe('behaviour');
    expect(nineBoxDimensionOf({ nineBoxDimension: 'clientRelationship' })).toBe('clientRelationship');
    expect(nineBoxDimensionOf({})).toBe('behaviour');
  });
});
