import { Schema, model } from 'mongoose';

/**
 * Roles beyond "employee" (everyone) and "manager" (anyone with reports, derived from the org
 * chart). They double as the engine's candidate groups.
 */
export const ROLES = ['hr', 'hrbp', 'process-owner', 'risk-officer', 'compliance-officer', 'comp-committee', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Person {
  _id: string;
  username: string;
  name: { en: string; 'zh-CN': string };
  email: string;
  unitId: string;
  managerId?: string;
  title: string;
  roles: Role[];
  passwordHash: string;
  locale: 'en' | 'zh-CN';
  active: boolean;
}

const personSchema = new Schema<Person>({
  _id: { type: String, required: true },
  username: { type: String, required: true, unique: true },
  name: { en: { type: String, required: true }, 'zh-CN': { type: String, required: true } },
  email: { type: String, required: true },
  unitId: { type: String, required: true, index: true },
  managerId: { type: String, index: true },
  title: { type: String, required: true },
  roles: { type: [String], enum: ROLES, default: [] },
  passwordHash: { type: String, required: true },
  locale: { type: String, enum: ['en', 'zh-CN'], default: 'zh-CN' },
  active: { type: Boolean, default: true },
}, { versionKey: false });

export const PersonModel = model<Person>('Person', personSchema, 'people');
