import { Schema, model } from 'mongoose';
import type { ScoreExplanation } from '../../domain/scoring';

/**
 * A computed score with everything needed to answer "why": inputs, weights, formula steps and the
 * policy version. Keyed by cycle + subject + step so a redelivered task overwrites, never adds.
 */
export interface Score {
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
scoreSchema.index({ cycle: 1, subjectId: 1, step: 1 }, { unique: true });

export const ScoreModel = model<Score>('Score', scoreSchema, 'scores');
