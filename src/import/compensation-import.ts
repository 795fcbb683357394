import { CompensationModel, ROLE_CATEGORIES, type Compensation } from '../db/models/compensation';
import { PersonModel, type Role } from '../db/models/person';
import { PERSON_ID } from '../domain/ids';
import type { CurrentUser } from '../platform/current-user';
import type { Locale } from '../platform/i18n';
import { checkDuplicates, newBatchId, ProblemList, readImportRequest, recordImportBatch, RowReader, upsertAll, type ImportResult, type ImportRow } from './import-batch';

/** Who imports pay: HR, and admins who run the interfaces. */
export const COMPENSATION_IMPORT_ROLES: Role[] = ['hr', 'admin'];

export const COMPENSATION_CSV_COLUMNS = { personId: 'text', currency: 'text', fixedPayMinor: 'number', payGrade: 'text', roleCategory: 'text' } as const;
const FIELDS = Object.keys(COMPENSATION_CSV_COLUMNS);

/** POST /api/compensation: people's fixed pay, pay grade and role category, one record per person. */
export async function importCompensation(body: unknown, user: CurrentUser, locale: Locale = user.locale): Promise<ImportResult> {
  const { source, rows } = await readImportRequest(body, COMPENSATION_CSV_COLUMNS, locale);
  const personIds = new Set((await PersonModel.find({}, { _id: 1 }).lean()).map((p) => p._id));
  const problems = new ProblemList(locale);
  const checked: Array<{ row: ImportRow; id: string; pay: Omit<Compensation, 'source' | 'updatedAt'> }> = [];
  for (const row of rows) {
    const reader = new RowReader(row, problems, FIELDS);
    const personId = reader.text('personId', { max: 80, pattern: PERSON_ID, hint: 'personId' });
    if (personId !== undefined && !personIds.has(personId)) reader.problem('personId', 'unknown', 'noPerson', { id: personId });
    const currency = reader.text('currency', { max: 3, pattern: /^[A-Z]{3}$/, hint: 'currency' });
    const fixedPayMinor = reader.number('fixedPayMinor', { integer: true, min: 0, unit: 'minor currency units (fen, cents)' });
    const payGrade = reader.text('payGrade', { max: 20, pattern: /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,19}$/, hint: 'payGrade' });
    const roleCategory = reader.oneOf('roleCategory', ROLE_CATEGORIES);
    if (personId && currency && fixedPayMinor !== undefined && payGrade && roleCategory) {
      checked.push({ row, id: personId, pay: { _id: personId, currency, fixedPayMinor, payGrade, roleCategory } });
    }
  }
  checkDuplicates(checked, problems, 'person');
  problems.throwIfAny();

  const batchId = newBatchId();
  const updatedAt = new Date();
  const docs: Compensation[] = checked.map(({ pay }) => ({
    ...pay, updatedAt, source: { system: source.system, ...(source.reference ? { reference: source.reference } : {}), importedBy: user.id, batchId },
  }));
  const counts = await upsertAll(CompensationModel, docs, (stored, next) =>
    (['currency', 'fixedPayMinor', 'payGrade', 'roleCategory'] as const).every((field) => stored[field] === next[field]) && stored.source?.system === next.source.system, {});
  return recordImportBatch({ kind: 'compensation', actor: user.id, batchId, source, body, received: rows.length, counts });
}
