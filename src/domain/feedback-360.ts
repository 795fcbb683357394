import { DIMENSIONS, type Dimension } from './scoring';

/**
 * 360 feedback: each peer rates the four dimensions (or leaves one out when they cannot judge it);
 * the aggregate is the mean per dimension over the peers who rated it, with that count, so a mean
 * from one peer is not mistaken for a consensus. Comments are not aggregated.
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
  formula: string;
}

const round2 = (value: number) => Math.round((value + Number.EPSILON) * 100) / 100;

export function aggregatePeerFeedback(feedback: PeerRatings[]): PeerFeedbackAggregate {
  const dimensions = Object.fromEntries(DIMENSIONS.map((dimension): [Dimension, DimensionMean] => {
    const ratings = feedback.map((f) => f[dimension]).filter((r): r is number => typeof r === 'number' && Number.isFinite(r));
    const sum = ratings.reduce((total, r) => total + r, 0);
    return [dimension, { mean: ratings.length === 0 ? null : round2(sum / ratings.length), count: ratings.length }];
  })) as Record<Dimension, DimensionMean>;
  return { respondents: feedback.length, dimensions, formula: 'mean per dimension over the peers who rated it' };
}

/** Form fields named `<dimension>Rating`, as in forms/peer-feedback.json; an empty field is "cannot judge". */
export function peerRatingsFrom(data: Record<string, unknown>): PeerRatings {
  const ratings: PeerRatings = {};
  for (const dimension of DIMENSIONS) {
    const value = data[`${dimension}Rating`];
    if (typeof value === 'number' && Number.isFinite(value)) ratings[dimension] = value;
  }
  return ratings;
}
