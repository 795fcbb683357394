import { Schema, model } from 'mongoose';
import type { ScoreExplanation } from '../../domain/scoring';

/**
 * A computed score with everything needed to answer "why": inputs, weights, formula steps and the
 * policy version. Its id is cycle + subject + step, so a redelivered task overwrites, never adds.
 */
export interface Score {
  _id: string; // scoreId(cycle, subjectId, step)
  cycle: string;
  subjectId: string;
  step: 'self' | 'final';
  caseId: string;
  score: number;
  rating: string;
  explanation: ScoreExplanation;
  sourceSubmissionTaskId: string;
  computedAt: Date;
  /** How many times the engine delivered this computation; more than one means a redelivery. */
  deliveries: number;
}

const scoreSchema = new Schema<Score>({
  _id: { type: String, required: true },
  cycle: { type: String, required: true },
  subjectId: { type: String, required: true },
  step: { type: String, enum: ['self', 'final'], required: true },
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
export function scoreId(cycle: string, subjectId: string, step: Score['step']): string {
  return `${cycle}:${subjectId}:${step}`;
}

export const ScoreModel = model<Score>('Score', scoreSchema, 'scores');
