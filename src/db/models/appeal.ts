import { Schema, model } from 'mongoose';

/**
 * An employee's appeal against their result in a cycle: what they filed (validated against the
 * pinned filing form), the rating it challenged, HR's triage and the panel's decision. `_id` is the
 * appeal case's id, so one appeal per person and cycle. Written by the route (filing), then by the
 * flow's topics one after another (triage, decision): one writer at a time.
 */
export interface AppealDecisionRecord {
  by: string;
  at: Date;
  reasons: string;
  taskId: string;
}

export interface Appeal {
  _id: string; // caseIdFor('appeal', cycle, personId)
  cycle: string;
  personId: string;
  filing: Record<string, unknown>;
  filingForm: { key: string; version: number };
  filedAt: Date;
  ratingAtFiling: string;
  status: 'filed' | 'rejected' | 'under-review' | 'upheld' | 'dismissed';
  triage?: AppealDecisionRecord & { decision: 'accept' | 'reject' };
  decision?: AppealDecisionRecord & { outcome: 'upheld' | 'dismissed'; ratingBefore: string; ratingAfter: string };
}

const appealSchema = new Schema<Appeal>({
  _id: { type: String, required: true },
  cycle: { type: String, required: true },
  personId: { type: String, required: true },
  filing: { type: Schema.Types.Mixed, required: true },
  filingForm: { key: { type: String, required: true }, version: { type: Number, required: true } },
  filedAt: { type: Date, required: true },
  ratingAtFiling: { type: String, required: true },
  status: { type: String, enum: ['filed', 'rejected', 'under-review', 'upheld', 'dismissed'], required: true },
  triage: Schema.Types.Mixed,
  decision: Schema.Types.Mixed,
}, { versionKey: false, minimize: false });

export const AppealModel = model<Appeal>('Appeal', appealSchema, 'appeals');
