import { Schema, model } from 'mongoose';
import { isJobTitle, type JobTitle } from '../../domain/job-title';

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
  /** In both languages ({en, zh-CN}); a single string from before reads the same in either. */
  title: JobTitle;
  roles: Role[];
  passwordHash: string;
  locale: 'en' | 'zh-CN';
  active: boolean;
  /**
   * Employment status for pay rules that outlive employment (malus and clawback apply to people who
   * have left or retired). Absent means active; `active: false` alone (signing in refused) reads as left.
   */
  employment?: Employment;
}

export const EMPLOYMENT = ['active', 'left', 'retired'] as const;
export type Employment = (typeof EMPLOYMENT)[number];

export function employmentOf(person: Pick<Person, 'active' | 'employment'>): Employment {
  return person.employment ?? (person.active ? 'active' : 'left');
}

const personSchema = new Schema<Person>({
  _id: { type: String, required: true },
  username: { type: String, required: true, unique: true },
  name: { en: { type: String, required: true }, 'zh-CN': { type: String, required: true } },
  email: { type: String, required: true },
  unitId: { type: String, required: true, index: true },
  managerId: { type: String, index: true },
  title: { type: Schema.Types.Mixed, required: true, validate: { validator: isJobTitle, message: 'a title is a non-empty string or {en, zh-CN}' } },
  roles: { type: [String], enum: ROLES, default: [] },
  passwordHash: { type: String, required: true },
  locale: { type: String, enum: ['en', 'zh-CN'], default: 'zh-CN' },
  active: { type: Boolean, default: true },
  employment: { type: String, enum: EMPLOYMENT },
}, { versionKey: false });

export const PersonModel = model<Person>('Person', personSchema, 'people');
