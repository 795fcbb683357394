import { Schema, model } from 'mongoose';

/**
 * A person's pay facts the bonus round needs, kept apart from the person record because far fewer
 * people may read them. `_id` is the person's id.
 */
export const ROLE_CATEGORIES = ['principalExecutive', 'seniorManagement', 'keyRiskRole', 'fundManager', 'otherStaff'] as const;
export type RoleCategory = (typeof ROLE_CATEGORIES)[number];

export interface Compensation {
  _id: string;
  currency: string;
  fixedPayMinor: number;
  payGrade: string;
  /** Which deferral rule applies (the packs name these categories). */
  roleCategory: RoleCategory;
  updatedAt: Date;
  /** Which system and import batch the figures came from (batchId and reference when imported by API or CSV). */
  source: { system: string; reference?: string; importedBy: string; batchId?: string };
}

const compensationSchema = new Schema<Compensation>({
  _id: { type: String, required: true },
  currency: { type: String, required: true },
  fixedPayMinor: { type: Number, required: true, min: 0 },
  payGrade: { type: String, required: true },
  roleCategory: { type: String, enum: ROLE_CATEGORIES, required: true },
  updatedAt: { type: Date, required: true },
  source: { system: { type: String, required: true }, reference: String, importedBy: { type: String, required: true }, batchId: String },
}, { versionKey: false });

export const CompensationModel = model<Compensation>('Compensation', compensationSchema, 'compensation');
