/**
 * Weighted review score: each dimension's rating times its business-line weight, summed, then
 * mapped to a rating band. The dimensions (with their labels in en and zh-CN), the weights, the
 * rating scale and the bands all come from the scoring policy (policies/scoring.json and the
 * versions an owner saves in the policy editor), never from here: a wealth manager that also scores
 * "client relationship" adds a dimension to the policy, and the forms, the score and the
 * explanation follow.
 */
export type Dimension = string;
export type DimensionRatings = Record<Dimension, number>;

export interface DimensionLabel {
  en: string;
  'zh-CN': string;
}

export interface ScoringDimension {
  /** An identifier: the rating field of the assessment forms is `<key>Rating`. */
  key: Dimension;
  label: DimensionLabel;
}

/**
 * The four dimensions of the scoring policies written before a policy listed its own: a pinned
 * version without `dimensions` still scores these, with these labels.
 */
export const DEFAULT_DIMENSIONS: readonly ScoringDimension[] = [
  { key: 'business', label: { en: 'Business', 'zh-CN': '业务' } },
  { key: 'risk', label: { en: 'Risk', 'zh-CN': '风险' } },
  { key: 'compliance', label: { en: 'Compliance', 'zh-CN': '合规' } },
  { key: 'behaviour', label: { en: 'Behaviour', 'zh-CN': '行为' } },
];

/** The dimension the 9-box puts on its vertical axis when the policy names none. */
export const DEFAULT_NINE_BOX_DIMENSION = 'behaviour';

/** A dimension key: it becomes a Form.io field key (`<key>Rating`) and a field of the policy's weights. */
export const DIMENSION_KEY = /^[a-z][A-Za-z0-9]{0,39}$/;

export interface RatingBand {
  rating: string;
  minScore: number;
}

export interface ScoringPolicy {
  scale: { min: number; max: number };
  /** In the order the forms, the explanation and the bars show them; absent in older versions (DEFAULT_DIMENSIONS). */
  dimensions?: ScoringDimension[];
  weightsByBusinessLine: Record<string, DimensionRatings>;
  /** Best band first; the first band whose minScore the score reaches is the rating. */
  ratingBands: RatingBand[];
  decimals: number;
  /** The dimension whose manager rating is the 9-box's vertical axis (default behaviour). */
  nineBoxDimension?: Dimension;
}

export interface PolicyRef {
  key: string;
  version: number;
}

export interface ScoreStep {
  dimension: Dimension;
  rating: number;
  weight: number;
  contribution: number;
}

export interface ScoreExplanation {
  formula: string;
  businessLine: string;
  steps: ScoreStep[];
  rawScore: number;
  score: number;
  rating: string;
  band: RatingBand;
  policy: PolicyRef;
  /** The policy's label of each dimension when the score was computed (absent in scores stored before labels were policy data). */
  dimensionLabels?: Record<Dimension, DimensionLabel>;
  /**
   * The goal-set version in force when the manager assessed (src/domain/goal-versions.ts): the goals
   * the result was assessed against. Absent on the self-assessment and on scores from before goals had versions.
   */
  goals?: { version: number; agreedOn: string; goalCount: number };
}

export class ScoringInputError extends Error {}

/** The policy's dimensions, or the four every version had before policies listed them. */
export function dimensionsOf(policy: Pick<ScoringPolicy, 'dimensions'>): readonly ScoringDimension[] {
  return Array.isArray(policy.dimensions) && policy.dimensions.length > 0 ? policy.dimensions : DEFAULT_DIMENSIONS;
}

export function nineBoxDimensionOf(policy: Pick<ScoringPolicy, 'nineBoxDimension'>): Dimension {
  return typeof policy.nineBoxDimension === 'string' && policy.nineBoxDimension !== '' ? policy.nineBoxDimension : DEFAULT_NINE_BOX_DIMENSION;
}

/** The form field that carries a dimension's rating: business → businessRating. */
export function ratingFieldKey(dimension: Dimension): string {
  return `${dimension}Rating`;
}

/** The ratings a submission gives, read from the fields `<dimension>Rating` of the policy's dimensions. */
export function ratingsFromSubmission(data: Record<string, unknown>, dimensions: readonly ScoringDimension[]): DimensionRatings {
  return Object.fromEntries(dimensions.map((d) => [d.key, Number(data[ratingFieldKey(d.key)])]));
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round((value + Number.EPSILON) * factor) / factor;
}

export function ratingForScore(score: number, bands: RatingBand[]): RatingBand {
  const band = bands.find((b) => score >= b.minScore);
  if (!band) throw new ScoringInputError(`no rating band covers score ${score}`);
  return band;
}

/**
 * Worked example (front office, shipped weights 0.5 / 0.2 / 0.15 / 0.15, ratings 5, 3, 4, 4):
 * 2.5 + 0.6 + 0.6 + 0.6 = 4.3 → B. With a fifth dimension clientRelationship weighted 0.2 in a
 * version whose front weights are 0.4 / 0.15 / 0.15 / 0.1 / 0.2 and a client rating of 5:
 * 2 + 0.45 + 0.6 + 0.4 + 1 = 4.45 → B (test/unit/scoring.test.ts).
 */
export function scoreReview(ratings: DimensionRatings, businessLine: string, policy: ScoringPolicy, policyRef: PolicyRef): ScoreExplanation {
  const weights = policy.weightsByBusinessLine[businessLine];
  if (!weights) throw new ScoringInputError(`the scoring policy has no weights for business line "${businessLine}"`);
  const dimensions = dimensionsOf(policy);
  const missing = dimensions.filter((d) => typeof weights[d.key] !== 'number');
  if (missing.length > 0) throw new ScoringInputError(`the weights for "${businessLine}" name no weight for ${missing.map((d) => d.key).join(', ')}`);
  const weightSum = dimensions.reduce((sum, d) => sum + weights[d.key]!, 0);
  if (Math.abs(weightSum - 1) > 1e-9) throw new ScoringInputError(`weights for "${businessLine}" sum to ${weightSum}, not 1`);

  const steps = dimensions.map(({ key: dimension }): ScoreStep => {
    const rating = ratings[dimension];
    if (typeof rating !== 'number' || !Number.isFinite(rating) || rating < policy.scale.min || rating > policy.scale.max) {
      throw new ScoringInputError(`${dimension} rating ${rating} is outside ${policy.scale.min}–${policy.scale.max}`);
    }
    const weight = weights[dimension]!;
    return { dimension, rating, weight, contribution: round(rating * weight, 6) };
  });
  const rawScore = round(steps.reduce((sum, s) => sum + s.contribution, 0), 6);
  const score = round(rawScore, policy.decimals);
  const band = ratingForScore(score, policy.ratingBands);
  return {
    formula: 'score = Σ weight(dimension) × rating(dimension)',
    businessLine,
    steps,
    rawScore,
    score,
    rating: band.rating,
    band,
    policy: policyRef,
    dimensionLabels: Object.fromEntries(dimensions.map((d) => [d.key, d.label])),
  };
}
