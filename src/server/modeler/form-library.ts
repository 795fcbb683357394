import { FormVersionModel } from '../../db/models/form-version';
import { ReviewCaseModel } from '../../db/models/review-case';
import { latestVersions, saveVersionIfChanged } from '../../platform/versions';
import { versionId } from '../../domain/ids';
import type { FormHistory, FormListRow, SavedVersion } from '../../domain/api-types';
import { checkFormCode } from '../../domain/form-code-check';
import { checkFormSchema } from '../../domain/form-schema-check';
import { checkFormVariables } from '../../domain/form-variables';
import { badRequest, busy, HttpError, notFound } from '../http-errors';
import { oneWriterAtATime } from '../../db/document-lock';
import { SHIPPED_FORM_CODE } from './shipped-form-code';

/** A form key: it names stored keys (a case's formVersions), so no '.' or '$'. */
export const FORM_KEY = /^[a-z][a-z0-9-]{0,59}$/;

/** The forms at their latest versions, titled in the reader's language when the schema has it (`title_i18n`). */
export async function listForms(locale?: string): Promise<FormListRow[]> {
  const latest = await latestVersions(FormVersionModel);
  const rows = [];
  for (const key of Object.keys(latest).sort()) {
    const form = await FormVersionModel.findById(versionId(key, latest[key]!), { 'schema.title': 1, 'schema.title_i18n': 1 }).lean();
    const translated = locale ? (form?.schema?.title_i18n as Record<string, unknown> | undefined)?.[locale] : undefined;
    const title = typeof translated === 'string' ? translated : typeof form?.schema?.title === 'string' ? form.schema.title : key;
    rows.push({ key, latestVersion: latest[key]!, title });
  }
  return rows;
}

/** Every version of a form with who saved it and when, and how many running cases pinned each. */
export async function formVersions(key: string): Promise<FormHistory> {
  const versions = await FormVersionModel.find({ key }, { version: 1, createdAt: 1, createdBy: 1, origin: 1 }).sort({ version: -1 }).limit(200).lean();
  if (versions.length === 0) throw notFound('form');
  const pinned = new Map<number, number>();
  // One scan of the running cases' pins (FerretDB evaluates any filter but _id after a scan anyway).
  for (const c of await ReviewCaseModel.find({ status: 'running' }, { [`formVersions.${key}`]: 1 }).limit(20000).lean()) {
    const v = c.formVersions?.[key];
    if (typeof v === 'number') pinned.set(v, (pinned.get(v) ?? 0) + 1);
  }
  return { key, versions: versions.map((v) => ({ version: v.version, createdAt: v.createdAt, createdBy: v.createdBy, origin: v.origin ?? 'shipped', runningCases: pinned.get(v.version) ?? 0 })) };
}

export async function formSchema(key: string, version: number): Promise<Record<string, unknown>> {
  const form = await FormVersionModel.findById(versionId(key, version), { schema: 1 }).lean();
  if (!form) throw notFound('form version');
  return form.schema;
}

/**
 * A new version of a form (or its first): never a change in place, so a case that pinned an earlier
 * version keeps it and new cases pin this one. The same schema as the latest version saves nothing.
 * Code in the schema (custom validation, conditions, calculations, templates…) runs in the server and in
 * every browser that shows the form: only code a shipped form carries may be saved.
 */
export function saveFormVersion(key: string, schema: Record<string, unknown>, actor: string): Promise<SavedVersion> {
  return oneFormWriter(key, () => saveFormVersionNow(key, schema, actor));
}

/** Saves of one form, one at a time: two at once would both find the same latest version to compare with. */
const oneFormWriter = <T>(key: string, work: () => Promise<T>) => oneWriterAtATime(`form:${key}`, work, () => busy('form'));

async function saveFormVersionNow(key: string, schema: Record<string, unknown>, actor: string): Promise<SavedVersion> {
  const problems = [...checkFormSchema(schema), ...checkFormCode(schema, SHIPPED_FORM_CODE), ...checkFormVariables(schema).problems];
  if (problems.length > 0) throw badRequest('the form cannot be saved', problems.slice(0, 100));
  const { version, created } = await saveVersionIfChanged(FormVersionModel, key, schema, { schema, createdAt: new Date(), createdBy: actor, origin: 'owner' });
  return { key, version, created };
}

/**
 * The first version of a form under a key no form has (a blank form, a copy or an imported file),
 * through the same checks as every save. Keys differing only in case cannot happen: FORM_KEY is lower case.
 */
export function createForm(key: string, schema: Record<string, unknown>, actor: string): Promise<SavedVersion> {
  return oneFormWriter(key, async () => {
    if (await FormVersionModel.exists({ key })) throw new HttpError(409, 'that key is taken', [{ field: 'key', code: 'taken', message: `a form ${key} exists already; choose another key` }]);
    return saveFormVersionNow(key, schema, actor);
  });
}
