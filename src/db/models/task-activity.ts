import { Schema, model } from 'mongoose';

/**
 * What people did around a task besides submitting its form: a comment, a hand-over to a delegate,
 * a claim given back. Inserted once, never changed; the case history shows them beside the steps.
 * The text is plain text and is always shown escaped.
 */
export const TASK_ACTIVITY_KINDS = ['comment', 'delegated', 'unclaimed'] as const;
export type TaskActivityKind = (typeof TASK_ACTIVITY_KINDS)[number];

export interface TaskActivity {
  _id: string; // random uuid
  caseId: string;
  processInstanceId: string;
  taskId: string;
  step: string;
  kind: TaskActivityKind;
  actor: string;
  /** The comment, or the reason given for a hand-over. */
  text?: string;
  /** Who received the task (delegated). */
  toPersonId?: string;
  at: Date;
}

const taskActivitySchema = new Schema<TaskActivity>({
  _id: { type: String, required: true },
  caseId: { type: String, required: true, index: true },
  processInstanceId: { type: String, required: true },
  taskId: { type: String, required: true },
  step: { type: String, required: true },
  kind: { type: String, enum: TASK_ACTIVITY_KINDS, required: true },
  actor: { type: String, required: true },
  text: String,
  toPersonId: String,
  at: { type: Date, required: true },
}, { versionKey: false });

export const TaskActivityModel = model<TaskActivity>('TaskActivity', taskActivitySchema, 'taskActivities');
