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

/**
 * What the manager may see of the 360 feedback (Culture Amp and Lattice style): nothing but how
 * many answered until at least `minimumRaters` peers have (the `feedback-360` policy); then the
 * mean of each dimension that at least that many rated, and the comments without names, in an
 * order that says nothing about who wrote which (sorted by their text).
 *
 * Worked example, minimum 3: two peers answered → { shown: false, respondents: 2 }, no means, no
 * comments. Three answered, behaviour rated by two → business, risk, compliance show their means,
 * behaviour `{ mean: null, count: 2, withheld: true }`, and the three comments, sorted.
 */
export interface PeerFeedbackView {
  respondents: number;
  minimumRaters: number;
  shown: boolean;
  dimensions: Record<Dimension, DimensionMean & { withheld?: boolean }>;
  labels: Record<Dimension, DimensionLabel>;
  comments: string[];
}

export function anonymousPeerFeedback(aggregate: PeerFeedbackAggregate, comments: readonly string[], minimumRaters: number): PeerFeedbackView {
  const shown = aggregate.respondents >= minimumRaters;
  const dimensions = Object.fromEntries(Object.entries(aggregate.dimensions).map(([key, { mean, count }]) => {
    const enough = shown && count >= minimumRaters;
    return [key, enough ? { mean, count } : { mean: null, count: shown ? count : 0, ...(count > 0 ? { withheld: true } : {}) }];
  })) as PeerFeedbackView['dimensions'];
  return {
    respondents: aggregate.respondents,
    minimumRaters,
    shown,
    dimensions,
    labels: aggregate.labels,
    comments: shown ? [...comments].sort((a, b) => a.localeCompare(b)) : [],
  };
}

/** The comment a peer wrote, if any (the form's `comment` field). */
export function peerCommentFrom(data: Record<string, unknown>): string | null {
  return typeof data.comment === 'string' && data.comment.trim() !== '' ? data.comment.trim() : null;
}
