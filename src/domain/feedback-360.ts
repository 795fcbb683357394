import { DEFAULT_DIMENSIONS, ratingFieldKey, type Dimension, type DimensionLabel, type ScoringDimension } from './scoring';

/**
 * 360 feedback: each peer rates the scoring policy's dimensions (or leaves one out when they cannot
 * judge it); the aggregate is the mean per dimension over the peers who rated it, with that count,
 * so a mean from one peer is not mistaken for a consensus. Comments are not aggregated. The
 * dimensions are those of the case's pinned scoring policy (the four shipped ones by default).
 */
export type PeerRatings = Partial<Record<Dimension, number>>;

export interface DimensionMean {
  /** Rounded to two decimals; null when nobody rated the dimension. */
  mean: number | null;
  count: number;
}

export interface PeerFeedbackAggregate {
  /** Peers who answered at all. */
  respondents: number;
  dimensions: Record<Dimension, DimensionMean>;
  /** The policy's label of each dimension, so the manager's page names a new dimension as the policy does. */
  labels: Record<Dimension, DimensionLabel>;
  formula: string;
}

const round2 = (value: number) => Math.round((value + Number.EPSILON) * 100) / 100;

export function aggregatePeerFeedback(feedback: PeerRatings[], dimensions: readonly ScoringDimension[] = DEFAULT_DIMENSIONS): PeerFeedbackAggregate {
  const means = Object.fromEntries(dimensions.map(({ key: dimension }): [Dimension, DimensionMean] => {
    const ratings = feedback.map((f) => f[dimension]).filter((r): r is number => typeof r === 'number' && Number.isFinite(r));
    const sum = ratings.reduce((total, r) => total + r, 0);
    return [dimension, { mean: ratings.length === 0 ? null : round2(sum / ratings.length), count: ratings.length }];
  }));
  const labels = Object.fromEntries(dimensions.map((d) => [d.key, d.label]));
  return { respondents: feedback.length, dimensions: means, labels, formula: 'mean per dimension over the peers who rated it' };
}

/** Form fields named `<dimension>Rating`, as forms/peer-feedback.json expands them; an empty field is "cannot judge". */
export function peerRatingsFrom(data: Record<string, unknown>, dimensions: readonly ScoringDimension[] = DEFAULT_DIMENSIONS): PeerRatings {
  const ratings: PeerRatings = {};
  for (const { key } of dimensions) {
    const value = data[ratingFieldKey(key)];
    if (typeof value === 'number' && Number.isFinite(value)) ratings[key] = value;
  }
  return ratings;
}
