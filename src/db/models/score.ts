import { Schema, model } from 'mongoose';
import type { ScoreExplanation } from '../../domain/scoring';
import { readByIds } from '../read-by-ids';

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

type Standing = Pick<Score, '_id' | 'step' | 'score' | 'rating' | 'explanation'>;

/**
 * The rating that stands for each person in a cycle (in the order given), with the step it comes
 * from; null for one whose review has no final score yet. Read by id, three ids a person, in one
 * read for up to 166 people.
 *
 * Worked example: scores `c:p1:final` (B) and `c:p1:calibrated` (A), and `c:p2:final` (C):
 * standingRatingsOf('c', ['p1', 'p2', 'p3']) gives A (calibrated), C (final), null.
 */
export async function standingRatingsOf(cycle: string, subjectIds: string[]): Promise<Array<Standing | null>> {
  const ids = subjectIds.flatMap((subjectId) => RATING_PRECEDENCE.map((step) => scoreId(cycle, subjectId, step)));
  const found = await readByIds<Standing>(ScoreModel, ids, { step: 1, score: 1, rating: 1, explanation: 1 });
  return subjectIds.map((subjectId) => RATING_PRECEDENCE.map((step) => found.get(scoreId(cycle, subjectId, step))).find((score) => score !== undefined) ?? null);
}

/** The rating that stands for one person in a cycle (standingRatingsOf); null before the review has a final score. */
export async function standingRating(cycle: string, subjectId: string): Promise<Standing | null> {
  return (await standingRatingsOf(cycle, [subjectId]))[0]!;
}
