import { Schema, model } from 'mongoose';

/**
 * One launch of a flow for a cycle from the launch page or the API: its scope, the pinned process version and
 * its progress. Written by one background loop only (once per batch), so a page reload, another
 * server node or a later visit reads where it stands. A launch whose loop stopped (the server went
 * down) stays "running" with an old updatedAt; readers report it as interrupted (launch-progress.ts).
 */
export type LaunchStatus = 'running' | 'finished' | 'interrupted';

export interface LaunchFailure {
  subjectId: string;
  reason: string;
}

/** A subject in scope that the launch did not start, and why (a code and a sentence). */
export interface NotStarted {
  subjectId: string;
  code: string;
  message: string;
}

export interface CycleLaunch {
  _id: string; // a random id, the page's URL carries it
  cycle: string;
  /** The chosen org units; null for the whole bank. */
  unitIds: string[] | null;
  /** The people named one by one (a person flow), null when none were; absent on launches before the launcher. */
  subjectIds?: string[] | null;
  /** Absent on launches before the launcher: those were all person (review) launches. */
  subjectType?: 'person' | 'unit';
  processKey: string;
  /** The diagram's process name when the launch started. */
  processName?: string | null;
  processDefinitionId: string;
  processVersion: number;
  total: number;
  started: number;
  skipped: number;
  failed: LaunchFailure[];
  /** People in scope who cannot be reviewed (nobody above them on the org chart); not counted in total. */
  withoutApprover: string[];
  /** Everyone in scope who was not started, with the reason (withoutApprover among them); not counted in total. */
  notStarted?: NotStarted[];
  status: LaunchStatus;
  /** The stopped launch this one resumes. */
  resumes?: string;
  startedBy: string;
  startedAt: Date;
  updatedAt: Date;
  finishedAt?: Date;
}

const cycleLaunchSchema = new Schema<CycleLaunch>({
  _id: { type: String, required: true },
  cycle: { type: String, required: true },
  unitIds: { type: [String], default: null },
  subjectIds: { type: [String], default: null },
  subjectType: { type: String, enum: ['person', 'unit'] },
  processKey: { type: String, required: true },
  processName: { type: String, default: null },
  processDefinitionId: { type: String, required: true },
  processVersion: { type: Number, required: true },
  total: { type: Number, required: true },
  started: { type: Number, required: true },
  skipped: { type: Number, required: true },
  failed: { type: Schema.Types.Mixed, default: [] },
  withoutApprover: { type: [String], default: [] },
  notStarted: { type: Schema.Types.Mixed, default: [] },
  status: { type: String, enum: ['running', 'finished', 'interrupted'], required: true },
  resumes: String,
  startedBy: { type: String, required: true },
  startedAt: { type: Date, required: true },
  updatedAt: { type: Date, required: true },
  finishedAt: Date,
}, { versionKey: false, minimize: false });

export const CycleLaunchModel = model<CycleLaunch>('CycleLaunch', cycleLaunchSchema, 'cycleLaunches');
