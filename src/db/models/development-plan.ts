import { Schema, model } from 'mongoose';
import type { MeetingGap, PlanItemKind, PlanItemStatus } from '../../domain/development-plan';

/**
 * A person's development plan from one cycle's feedback meeting (绩效面谈): what the manager
 * recorded (strengths, gaps with their causes and categories) and the employee's acknowledgement.
 * Written by the feedback-meeting flow's blocks, one step after the other (development.record-plan,
 * then development.record-acknowledgement), never by a request. Id: `<cycle>:<person>`.
 */
export interface DevelopmentPlan {
  _id: string; // developmentPlanId(cycle, personId)
  cycle: string;
  personId: string;
  /** The person's unit when the meeting was recorded: HR's view counts the plan there. */
  unitId: string;
  managerId: string;
  caseId: string;
  meeting: {
    submissionId: string;
    strengths: string;
    gaps: MeetingGap[];
    recordedBy: string;
    recordedAt: Date;
  };
  /** The catalogue version the gaps' categories were chosen from (the case's pin). */
  catalogue: { key: string; version: number } | null;
  acknowledgement?: {
    submissionId: string;
    agrees: boolean;
    comment: string;
    at: Date;
  };
}

const developmentPlanSchema = new Schema<DevelopmentPlan>({
  _id: { type: String, required: true },
  cycle: { type: String, required: true },
  personId: { type: String, required: true, index: true },
  unitId: { type: String, required: true },
  managerId: { type: String, required: true },
  caseId: { type: String, required: true },
  meeting: { type: Schema.Types.Mixed, required: true },
  catalogue: { type: Schema.Types.Mixed, default: null },
  acknowledgement: Schema.Types.Mixed,
}, { versionKey: false, minimize: false });

export const DevelopmentPlanModel = model<DevelopmentPlan>('DevelopmentPlan', developmentPlanSchema, 'developmentPlans');

export interface ProgressEntry {
  status: PlanItemStatus;
  note: string;
  by: string;
  at: Date;
}

/**
 * One commitment of a plan: what, of which kind, whose, by when, and how far it has come. Created
 * once by development.record-plan (insert only: a redelivery never resets progress); afterwards its
 * one writer is the employee marking progress (src/server/development/mark-progress.ts), one request
 * at a time. Id: `<cycle>:<person>:<n>`.
 */
export interface DevelopmentItem {
  _id: string; // planItemId(cycle, personId, index)
  planId: string;
  cycle: string;
  personId: string;
  unitId: string;
  index: number;
  what: string;
  kind: PlanItemKind;
  ownerId: string;
  dueDate: string;
  status: PlanItemStatus;
  /** Every change of status or note, oldest first; the last is the item's state. */
  progress: ProgressEntry[];
  createdAt: Date;
}

const developmentItemSchema = new Schema<DevelopmentItem>({
  _id: { type: String, required: true },
  planId: { type: String, required: true },
  cycle: { type: String, required: true },
  personId: { type: String, required: true, index: true },
  unitId: { type: String, required: true, index: true },
  index: { type: Number, required: true },
  what: { type: String, required: true },
  kind: { type: String, required: true },
  ownerId: { type: String, required: true },
  dueDate: { type: String, required: true },
  status: { type: String, required: true },
  progress: { type: Schema.Types.Mixed, default: [] },
  createdAt: { type: Date, required: true },
}, { versionKey: false, minimize: false });

export const DevelopmentItemModel = model<DevelopmentItem>('DevelopmentItem', developmentItemSchema, 'developmentItems');
