/**
 * Weighted review score: each dimension's rating times its business-line weight, summed, then
 * mapped to a rating band. Weights and bands come from the scoring policy (policies/scoring.json),
 * never from here.
 */
export const DIMENSIONS = ['business', 'risk', 'compliance', 'behaviour'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export type DimensionRatings = Record<Dimension, number>;

export interface RatingBand {
  rating: string;
  minScore: number;
}

export interface ScoringPolicy {
  scale: { min: number; max: number };
  weightsByBusinessLine: Record<string, DimensionRatings>;
  /** Best band first; the first band whose minScore the score reaches is the rating. */
  ratingBands: RatingBand[];
  decimals: number;
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
}

export class ScoringInputError extends Error {}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round((value + Number.EPSILON) * factor) / factor;
}

export function ratingForScore(score: number, bands: RatingBand[]): RatingBand {
  const band = bands.find((b) => score >= b.minScore);
  if (!band) throw new ScoringInputError(`no rating band covers score ${score}`);
  return band;
}

export function scoreReview(ratings: DimensionRatings, businessLine: string, policy: ScoringPolicy, policyRef: PolicyRef): ScoreExplanation {
  const weights = policy.weightsByBusinessLine[businessLine];
  if (!weights) throw new ScoringInputError(`the scoring policy has no weights for business line "${businessLine}"`);
  const weightSum = DIMENSIONS.reduce((sum, d) => sum + weights[d], 0);
  if (Math.abs(weightSum - 1) > 1e-9) throw new ScoringInputError(`weights for "${businessLine}" sum to ${weightSum}, not 1`);

  const steps = DIMENSIONS.map((dimension): ScoreStep => {
    const rating = ratings[dimension];
    if (!Number.isFinite(rating) || rating < policy.scale.min || rating > policy.scale.max) {
      throw new ScoringInputError(`${dimension} rating ${rating} is outside ${policy.scale.min}–${policy.scale.max}`);
    }
    return { dimension, rating, weight: weights[dimension], contribution: round(rating * weights[dimension], 6) };
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
  };
}
