import { Schema, model } from 'mongoose';

/**
 * One launch of a cycle's reviews from the launch page: its scope, the pinned process version and
 * its progress. Written by one background loop only (once per batch), so a page reload, another
 * server node or a later visit reads where it stands. A launch whose loop stopped (the server went
 * down) stays "running" with an old updatedAt; readers report it as interrupted (launch-progress.ts).
 */
export type LaunchStatus = 'running' | 'finished' | 'interrupted';

export interface LaunchFailure {
  subjectId: string;
  reason: string;
}

export interface CycleLaunch {
  _id: string; // a random id, the page's URL carries it
  cycle: string;
  /** The chosen org units; null for the whole bank. */
  unitIds: string[] | null;
  processKey: string;
  processDefinitionId: string;
  processVersion: number;
  total: number;
  started: number;
  skipped: number;
  failed: LaunchFailure[];
  /** People in scope who cannot be reviewed (nobody above them on the org chart); not counted in total. */
  withoutApprover: string[];
  status: LaunchStatus;
  startedBy: string;
  startedAt: Date;
  updatedAt: Date;
  finishedAt?: Date;
}

const cycleLaunchSchema = new Schema<CycleLaunch>({
  _id: { type: String, required: true },
  cycle: { type: String, required: true },
  unitIds: { type: [String], default: null },
  processKey: { type: String, required: true },
  processDefinitionId: { type: String, required: true },
  processVersion: { type: Number, required: true },
  total: { type: Number, required: true },
  started: { type: Number, required: true },
  skipped: { type: Number, required: true },
  failed: { type: Schema.Types.Mixed, default: [] },
  withoutApprover: { type: [String], default: [] },
  status: { type: String, enum: ['running', 'finished', 'interrupted'], required: true },
  startedBy: { type: String, required: true },
  startedAt: { type: Date, required: true },
  updatedAt: { type: Date, required: true },
  finishedAt: Date,
}, { versionKey: false, minimize: false });

export const CycleLaunchModel = model<CycleLaunch>('CycleLaunch', cycleLaunchSchema, 'cycleLaunches');
