import { Schema, model } from 'mongoose';

/**
 * One immutable version of a DMN decision (one decision table per file, its id the key), as the store
 * keeps it: a shipped processes/*.dmn seen at start (origin "shipped") or a draft a process owner
 * saved through /api/decisions (origin "owner"). Deploying a version makes it the engine's newest
 * decision definition; see decision-deployment.ts.
 */
export interface DecisionVersion {
  _id: string; // versionId(key, version)
  key: string;
  version: number;
  digest: string;
  xml: string;
  origin: 'shipped' | 'owner';
  /** What the owner said the change is for (optional, at most 500 characters). */
  note: string;
  createdAt: Date;
  createdBy: string;
}

const decisionVersionSchema = new Schema<DecisionVersion>({
  _id: { type: String, required: true },
  key: { type: String, required: true },
  version: { type: Number, required: true },
  digest: { type: String, required: true },
  xml: { type: String, required: true },
  origin: { type: String, enum: ['shipped', 'owner'], required: true },
  note: { type: String, default: '' },
  createdAt: { type: Date, required: true },
  createdBy: { type: String, required: true },
}, { versionKey: false });
decisionVersionSchema.index({ key: 1, version: -1 }, { unique: true });

export const DecisionVersionModel = model<DecisionVersion>('DecisionVersion', decisionVersionSchema, 'decisionVersions');
