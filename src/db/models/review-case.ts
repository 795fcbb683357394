import { Schema, model } from 'mongoose';

/**
 * A running flow for one subject in one cycle. It pins the form and policy versions the case
 * started with, so later edits never change a running case (DESIGN §4).
 */
export interface ReviewCase {
  _id: string; // the business key, `<cycle>:<subject>`
  processKey: string;
  cycle: string;
  subjectId: string;
  managerId: string;
  processInstanceId?: string;
  formVersions: Record<string, number>;
  policyVersions: Record<string, number>;
  status: 'starting' | 'running' | 'finalized';
  launchedBy: string;
  launchedAt: Date;
}

const reviewCaseSchema = new Schema<ReviewCase>({
  _id: { type: String, required: true },
  processKey: { type: String, required: true },
  cycle: { type: String, required: true },
  subjectId: { type: String, required: true },
  managerId: { type: String, required: true },
  processInstanceId: String,
  formVersions: { type: Schema.Types.Mixed, required: true },
  policyVersions: { type: Schema.Types.Mixed, required: true },
  status: { type: String, enum: ['starting', 'running', 'finalized'], required: true },
  launchedBy: { type: String, required: true },
  launchedAt: { type: Date, required: true },
}, { versionKey: false, minimize: false });

export const ReviewCaseModel = model<ReviewCase>('ReviewCase', reviewCaseSchema, 'reviewCases');
