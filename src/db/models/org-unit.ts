import { Schema, model } from 'mongoose';

export type BusinessLine = 'front' | 'middle' | 'back';

export interface OrgUnit {
  _id: string;
  name: { en: string; 'zh-CN': string };
  businessLine: BusinessLine;
  parentId?: string;
  headId?: string;
  hrbpId?: string;
}

const orgUnitSchema = new Schema<OrgUnit>({
  _id: { type: String, required: true },
  name: { en: { type: String, required: true }, 'zh-CN': { type: String, required: true } },
  businessLine: { type: String, enum: ['front', 'middle', 'back'], required: true },
  parentId: String,
  headId: String,
  hrbpId: String,
}, { versionKey: false });

export const OrgUnitModel = model<OrgUnit>('OrgUnit', orgUnitSchema, 'orgUnits');
