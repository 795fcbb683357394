import { Schema, model } from 'mongoose';

/**
 * A running flow for one subject in one cycle: a person's review or appeal, a unit's calibration or
 * bonus round. It pins the form and policy versions the case started with, so later edits never
 * change a running case (docs/architecture.md, "Cases pin their versions"). The collection keeps its first name, reviewCases.
 */
export type CaseStatus = 'starting' | 'running' | 'finalized' | 'calibrated' | 'published' | 'approved' | 'closed';
export const CASE_STATUSES: CaseStatus[] = ['starting', 'running', 'finalized', 'calibrated', 'published', 'approved', 'closed'];

export interface ReviewCase {
  _id: string; // the business key: caseIdFor(processKey, cycle, subjectId)
  processKey: string;
  cycle: string;
  /** A person's id, or an org unit's for the unit flows (calibration, bonus approval). */
  subjectId: string;
  subjectType?: 'person' | 'unit';
  /** Who assesses a person's review; for a unit case, the unit's head when it started. */
  managerId: string;
  processInstanceId?: string;
  formVersions: Record<string, number>;
  policyVersions: Record<string, number>;
  /**
   * The engine version of each decision table the flow evaluates, in force when the case started
   * (absent on cases started before decisions were pinned). Start variables dmnVersion_<key> carry them.
   */
  decisionVersions?: Record<string, number>;
  status: CaseStatus;
  launchedBy: string;
  launchedAt: Date;
  /**
   * Set while the call that created the case starts its instance, removed once the instance is
   * recorded or the start failed: another start of the case waits for that call instead of starting
   * a second instance, and takes over only when it is absent or old (start-case.ts).
   */
  startingSince?: Date;
  /** When the result reached the employee; the appeal window runs from here. */
  publishedAt?: Date;
  /** The status the case was published from: the audit entry a redelivery writes names it. */
  publishedFrom?: CaseStatus;
  /** When a step outran its deadline (an appeal panel's SLA). */
  escalatedAt?: Date;
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
  decisionVersions: Schema.Types.Mixed,
  subjectType: { type: String, enum: ['person', 'unit'] },
  status: { type: String, enum: CASE_STATUSES, required: true },
  launchedBy: { type: String, required: true },
  launchedAt: { type: Date, required: true },
  startingSince: Date,
  publishedAt: Date,
  publishedFrom: { type: String, enum: CASE_STATUSES },
  escalatedAt: Date,
}, { versionKey: false, minimize: false });

export const ReviewCaseModel = model<ReviewCase>('ReviewCase', reviewCaseSchema, 'reviewCases');

/**
 * The business key of a case. A person's review keeps the plain `<cycle>:<person>` (docs/architecture.md, "Cases pin their versions");
 * the other flows add their process key, so a person's appeal and review never share an id.
 */
export function caseIdFor(processKey: string, cycle: string, subjectId: string): string {
  return processKey === 'performance-review' ? `${cycle}:${subjectId}` : `${cycle}:${subjectId}:${processKey}`;
}
