import { Schema, model } from 'mongoose';

/**
 * One deployment of a stored decision version to the engine: which engine decision definition it
 * became. `_id` is the engine's decision definition id. A roll back is a deployment of an earlier
 * version. Cases pin the engine version (ReviewCase.decisionVersions); this maps it back to the store's.
 */
export interface DecisionDeployment {
  _id: string;
  key: string;
  /** The store's version (decisionVersions) that was deployed. */
  version: number;
  /** The engine's decision definition version it became (the engine numbers every deployment of a key). */
  engineVersion: number;
  kind: 'shipped' | 'deploy' | 'rollback';
  deployedAt: Date;
  deployedBy: string;
}

const decisionDeploymentSchema = new Schema<DecisionDeployment>({
  _id: { type: String, required: true },
  key: { type: String, required: true },
  version: { type: Number, required: true },
  engineVersion: { type: Number, required: true },
  kind: { type: String, enum: ['shipped', 'deploy', 'rollback'], required: true },
  deployedAt: { type: Date, required: true },
  deployedBy: { type: String, required: true },
}, { versionKey: false });
decisionDeploymentSchema.index({ key: 1, engineVersion: -1 });

export const DecisionDeploymentModel = model<DecisionDeployment>('DecisionDeployment', decisionDeploymentSchema, 'decisionDeployments');
