import { Schema, model } from 'mongoose';

/**
 * A diagram's versions and deployments, kept alike for BPMN flows (process-version.ts,
 * process-deployment.ts) and DMN decisions (decision-version.ts, decision-deployment.ts): one
 * declaration here, one collection each.
 */

/** One immutable version of a diagram: a shipped file seen at start (origin "shipped") or an owner's saved draft (origin "owner"). */
export interface DiagramVersion {
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

/** One deployment of a stored version to the engine: which engine definition it became (`_id` is the engine's definition id). */
export interface DiagramDeployment {
  _id: string;
  key: string;
  /** The store's version that was deployed. */
  version: number;
  /** The engine's definition version it became (the engine numbers every deployment of a key). */
  engineVersion: number;
  kind: 'shipped' | 'deploy' | 'rollback';
  deployedAt: Date;
  deployedBy: string;
}

export function diagramVersionModel(name: string, collection: string) {
  const schema = new Schema<DiagramVersion>({
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
  schema.index({ key: 1, version: -1 }, { unique: true });
  return model<DiagramVersion>(name, schema, collection);
}

export function diagramDeploymentModel(name: string, collection: string) {
  const schema = new Schema<DiagramDeployment>({
    _id: { type: String, required: true },
    key: { type: String, required: true },
    version: { type: Number, required: true },
    engineVersion: { type: Number, required: true },
    kind: { type: String, enum: ['shipped', 'deploy', 'rollback'], required: true },
    deployedAt: { type: Date, required: true },
    deployedBy: { type: String, required: true },
  }, { versionKey: false });
  schema.index({ key: 1, engineVersion: -1 });
  return model<DiagramDeployment>(name, schema, collection);
}
