import { Schema, model } from 'mongoose';
import type { FeedbackKind, FeedbackVisibility } from '../../domain/feedback';

/**
 * One note of feedback or recognition (domain/feedback.ts): who gave it to whom, about which goal or
 * value, and who besides the person, the giver and the manager may read it (the person's choice).
 * Its id is derived from the note and the day (feedbackIdOf), so a repeat stores nothing new.
 */
export interface Feedback {
  _id: string;
  fromId: string;
  toId: string;
  kind: FeedbackKind;
  goalId?: string;
  /** The goal's title when it was given (a later change of the goal does not rewrite the note). */
  goalTitle?: string;
  value?: string;
  text: string;
  visibility: FeedbackVisibility;
  /** UTC day given (YYYY-MM-DD): the giver's daily limit counts by it. */
  day: string;
  createdAt: Date;
  /** The recognition policy version it was given under. */
  policyVersion: number;
}

const feedbackSchema = new Schema<Feedback>({
  _id: { type: String, required: true },
  fromId: { type: String, required: true },
  toId: { type: String, required: true },
  kind: { type: String, required: true },
  goalId: String,
  goalTitle: String,
  value: String,
  text: { type: String, required: true },
  visibility: { type: String, required: true },
  day: { type: String, required: true },
  createdAt: { type: Date, required: true },
  policyVersion: { type: Number, required: true },
}, { versionKey: false });
feedbackSchema.index({ toId: 1 });
feedbackSchema.index({ fromId: 1 });

export const FeedbackModel = model<Feedback>('Feedback', feedbackSchema, 'feedback');
