import { Schema, model } from 'mongoose';

/**
 * What a person submitted for one user task, stored once and never changed, before the task is
 * completed. Its id is the task id, so a retried submission finds this record instead of adding one.
 */
export interface Submission {
  _id: string; // the task id: one submission per task
  taskId: string;
  caseId: string;
  processInstanceId: string;
  taskDefinitionKey: string;
  formKey: string;
  formVersion: number;
  data: Record<string, unknown>;
  /** The process variables the form's mapped answers set on completion (src/domain/form-variables.ts). */
  variables?: Record<string, string | number | boolean | null>;
  /** digestOf the answers as sent: a retry with the same answers replays, one with others is refused. */
  dataDigest?: string;
  submittedBy: string;
  submittedAt: Date;
  completedAt?: Date;
}

const submissionSchema = new Schema<Submission>({
  _id: { type: String, required: true },
  taskId: { type: String, required: true },
  caseId: { type: String, required: true },
  processInstanceId: { type: String, required: true },
  taskDefinitionKey: { type: String, required: true },
  formKey: { type: String, required: true },
  formVersion: { type: Number, required: true },
  data: { type: Schema.Types.Mixed, required: true },
  variables: { type: Schema.Types.Mixed },
  dataDigest: String,
  submittedBy: { type: String, required: true },
  submittedAt: { type: Date, required: true },
  completedAt: Date,
}, { versionKey: false, minimize: false });

/**
 * The process variable that carries a form's latest submission id to the worker, e.g.
 * `selfAssessmentSubmissionId` for self-assessment. The engine holds the id, the store the document.
 */
export function submissionVariable(formKey: string): string {
  return `${formKey.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase())}SubmissionId`;
}

export const SubmissionModel = model<Submission>('Submission', submissionSchema, 'submissions');
