import { Schema, model } from 'mongoose';
import type { ScoreExplanation } from '../../domain/scoring';

export const SCORE_STEPS = ['self', 'final', 'calibrated', 'appeal'] as const;
export type ScoreStep = (typeof SCORE_STEPS)[number];

/** Why a calibration or an appeal set a rating: what it was, what it became, who decided and on which grounds. */
export interface RatingDecision {
  kind: 'calibration' | 'appeal';
  fromRating: string;
  toRating: string;
  /** Empty when calibration confirmed the proposed rating unchanged. */
  reason: string;
  decidedBy: string;
  /** The calibration (`<cycle>:<unit>`) or appeal case the decision belongs to. */
  decisionRef: string;
  policy?: { key: string; version: number };
}

/**
 * A computed score with everything needed to answer "why": inputs, weights, formula steps and the
 * policy version. Its id is cycle + subject + step, so a redelivered task overwrites, never adds.
 */
export interface Score {
  _id: string; // scoreId(cycle, subjectId, step)
  cycle: string;
  subjectId: string;
  /** self and final are computed from forms; calibrated and appeal are decisions that replace the rating. */
  step: ScoreStep;
  caseId: string;
  score: number;
  rating: string;
  explanation: ScoreExplanation | RatingDecision;
  /** The submission the score was computed from or the decision was taken in. */
  sourceSubmissionTaskId: string;
  computedAt: Date;
  /** How many times the engine delivered this computation; more than one means a redelivery. */
  deliveries: number;
}

const scoreSchema = new Schema<Score>({
  _id: { type: String, required: true },
  cycle: { type: String, required: true },
  subjectId: { type: String, required: true },
  step: { type: String, enum: SCORE_STEPS, required: true },
  caseId: { type: String, required: true },
  score: { type: Number, required: true },
  rating: { type: String, required: true },
  explanation: { type: Schema.Types.Mixed, required: true },
  sourceSubmissionTaskId: { type: String, required: true },
  computedAt: { type: Date, required: true },
  deliveries: { type: Number, required: true },
}, { versionKey: false, minimize: false });
scoreSchema.index({ caseId: 1 });

/** Scores are read and written by id: both MongoDB and FerretDB answer that from the primary key. */
export function scoreId(cycle: string, subjectId: string, step: ScoreStep): string {
  return `${cycle}:${subjectId}:${step}`;
}

export const ScoreModel = model<Score>('Score', scoreSchema, 'scores');

/** Later steps replace earlier ones: an upheld appeal over calibration over the manager's final score. */
const RATING_PRECEDENCE: ScoreStep[] = ['appeal', 'calibrated', 'final'];

/**
 * The rating that stands for a person in a cycle, with the step it comes from, read by id (three
 * primary-key reads, no scan). Null when the review has no final score yet.
 */
export async function standingRating(cycle: string, subjectId: string): Promise<Pick<Score, '_id' | 'step' | 'score' | 'rating' | 'explanation'> | null> {
  // Three reads by id rather than one $in: FerretDB answers only _id equality from the index.
  const found = await Promise.all(RATING_PRECEDENCE.map((step) => ScoreModel.findById(scoreId(cycle, subjectId, step), { step: 1, score: 1, rating: 1, explanation: 1 }).lean()));
  return found.find((score) => score !== null) ?? null;
}
