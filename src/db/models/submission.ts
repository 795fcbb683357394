import { Schema, model } from 'mongoose';

/**
 * What a person submitted for one user task, stored once and never changed, before the task is
 * completed. The unique taskId makes a retried submission find this record instead of adding one.
 */
export interface Submission {
  taskId: string;
  caseId: string;
  processInstanceId: string;
  taskDefinitionKey: string;
  formKey: string;
  formVersion: number;
  data: Record<string, unknown>;
  submittedBy: string;
  submittedAt: Date;
  completedAt?: Date;
}

const submissionSchema = new Schema<Submission>({
  taskId: { type: String, required: true, unique: true },
  caseId: { type: String, required: true },
  processInstanceId: { type: String, required: true },
  taskDefinitionKey: { type: String, required: true },
  formKey: { type: String, required: true },
  formVersion: { type: Number, required: true },
  data: { type: Schema.Types.Mixed, required: true },
  submittedBy: { type: String, required: true },
  submittedAt: { type: Date, required: true },
  completedAt: Date,
}, { versionKey: false, minimize: false });
submissionSchema.index({ caseId: 1, formKey: 1, submittedAt: -1 });

export const SubmissionModel = model<Submission>('Submission', submissionSchema, 'submissions');
