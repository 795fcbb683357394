import { Schema, model } from 'mongoose';

/** One immutable version of a Form.io schema; cases pin the version they started with. */
export interface FormVersion {
  _id: string; // versionId(key, version)
  key: string;
  version: number;
  digest: string;
  schema: Record<string, unknown>;
  createdAt: Date;
  createdBy: string;
  /** "owner" when a process owner saved it in the form builder; absent or "shipped" for forms/*.json. */
  origin?: 'shipped' | 'owner';
}

const formVersionSchema = new Schema<FormVersion>({
  _id: { type: String, required: true },
  key: { type: String, required: true },
  version: { type: Number, required: true },
  digest: { type: String, required: true },
  // Form.io schemas are stored as given; `strict: false` keeps every property the builder writes.
  schema: { type: Schema.Types.Mixed, required: true },
  createdAt: { type: Date, required: true },
  createdBy: { type: String, required: true },
  origin: { type: String, enum: ['shipped', 'owner'] },
}, { versionKey: false, minimize: false });
formVersionSchema.index({ key: 1, version: -1 }, { unique: true });

export const FormVersionModel = model<FormVersion>('FormVersion', formVersionSchema, 'formVersions');
