import { Schema, model } from 'mongoose';

/** One immutable version of a policy document (weights, bands, curves, deferral rules…). */
export interface PolicyVersion<Body = Record<string, unknown>> {
  _id: string; // versionId(key, version)
  key: string;
  version: number;
  digest: string;
  effectiveFrom: Date;
  body: Body;
  createdAt: Date;
  createdBy: string;
  /**
   * Where the version came from: the shipped policies/*.json file, or a process owner's edit in the
   * policy editor. Versions written before this field existed all came from the files.
   */
  source?: 'file' | 'editor';
}

const policyVersionSchema = new Schema<PolicyVersion>({
  _id: { type: String, required: true },
  key: { type: String, required: true },
  version: { type: Number, required: true },
  digest: { type: String, required: true },
  effectiveFrom: { type: Date, required: true },
  body: { type: Schema.Types.Mixed, required: true },
  createdAt: { type: Date, required: true },
  createdBy: { type: String, required: true },
  source: { type: String, enum: ['file', 'editor'], required: false },
}, { versionKey: false, minimize: false });
policyVersionSchema.index({ key: 1, version: -1 }, { unique: true });

export const PolicyVersionModel = model<PolicyVersion>('PolicyVersion', policyVersionSchema, 'policyVersions');
