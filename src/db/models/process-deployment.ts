import { Schema, model } from 'mongoose';

/**
 * One deployment of a stored process version to the engine: which engine definition it became.
 * `_id` is the engine's process definition id. A roll back is a deployment of an earlier version.
 */
export interface ProcessDeployment {
  _id: string;
  key: string;
  /** The store's version (processVersions) that was deployed. */
  version: number;
  /** The engine's definition version it became (the engine numbers every deployment of a key). */
  engineVersion: number;
  kind: 'shipped' | 'deploy' | 'rollback';
  deployedAt: Date;
  deployedBy: string;
}

const processDeploymentSchema = new Schema<ProcessDeployment>({
  _id: { type: String, required: true },
  key: { type: String, required: true },
  version: { type: Number, required: true },
  engineVersion: { type: Number, required: true },
  kind: { type: String, enum: ['shipped', 'deploy', 'rollback'], required: true },
  deployedAt: { type: Date, required: true },
  deployedBy: { type: String, required: true },
}, { versionKey: false });
processDeploymentSchema.index({ key: 1, engineVersion: -1 });

export const ProcessDeploymentModel = model<ProcessDeployment>('ProcessDeployment', processDeploymentSchema, 'processDeployments');
