import { ComplianceEventModel, complianceEventId, type ComplianceEventRecord } from '../db/models/compliance-event';
import { PersonModel, type Role } from '../db/models/person';
import type { CompliancePolicy } from '../domain/compliance';
import { CYCLE_ID, PERSON_ID } from '../domain/ids';
import type { CurrentUser } from '../platform/current-user';
import type { Locale } from '../platform/i18n';
import { checkDuplicates, newBatchId, ProblemList, readImportRequest, recordImportBatch, RowReader, upsertAll, type ImportResult, type ImportRow } from './import-batch';
import { latestPolicy } from './latest-policy';

/** Who files compliance events: the officers whose cases they are. */
export const COMPLIANCE_EVENT_IMPORT_ROLES: Role[] = ['compliance-officer', 'risk-officer'];

export const COMPLIANCE_EVENT_CSV_COLUMNS = {
  personId: 'text', cycle: 'text', date: 'text', severity: 'text', confirmed: 'boolean', description: 'text', reference: 'text',
} as const;
const FIELDS = Object.keys(COMPLIANCE_EVENT_CSV_COLUMNS);
/** The case number in the bank's reporting system. */
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/;

/**
 * POST /api/compliance-events: risk and compliance events against people. The id is the source
 * system and the event's reference there, so sending an event again (now confirmed, say) replaces
 * it. Severities are the compliance policy's.
 */
export async function importComplianceEvents(body: unknown, user: CurrentUser, locale: Locale = user.locale): Promise<ImportResult> {
  const { source, rows } = await readImportRequest(body, COMPLIANCE_EVENT_CSV_COLUMNS, locale);
  const policy = await latestPolicy<CompliancePolicy>('compliance');
  const severities = policy.body.severities;
  const personIds = new Set((await PersonModel.find({}, { _id: 1 }).lean()).map((p) => p._id));

  const problems = new ProblemList(locale);
  const checked: Array<{ row: ImportRow; id: string; event: Omit<ComplianceEventRecord, 'source'> }> = [];
  for (const row of rows) {
    const reader = new RowReader(row, problems, FIELDS);
    const personId = reader.text('personId', { max: 80, pattern: PERSON_ID, hint: 'personId' });
    if (personId !== undefined && !personIds.has(personId)) reader.problem('personId', 'unknown', 'noPerson', { id: personId });
    const cycle = reader.text('cycle', { max: 40, pattern: CYCLE_ID, hint: 'cycleId' });
    const date = reader.date('date');
    const severity = reader.oneOf('severity', severities);
    const confirmed = reader.boolean('confirmed');
    const description = reader.text('description', { max: 4000 });
    const reference = reader.text('reference', { max: 80, pattern: REFERENCE, hint: 'caseReference' });
    if (personId && cycle && date && severity && confirmed !== undefined && description && reference) {
      const id = complianceEventId(source.system, reference);
      checked.push({ row, id, event: { _id: id, personId, cycle, date, severity, confirmed, description, reference } });
    }
  }
  checkDuplicates(checked, problems, 'reference');
  problems.throwIfAny();

  const batchId = newBatchId();
  const importedAt = new Date();
  const docs: ComplianceEventRecord[] = checked.map(({ event }) => ({ ...event, source: { system: source.system, importedBy: user.id, importedAt, batchId } }));
  const counts = await upsertAll(ComplianceEventModel, docs, (stored, next) =>
    (['personId', 'cycle', 'date', 'severity', 'confirmed', 'description'] as const).every((field) => stored[field] === next[field]), {});
  return recordImportBatch({ kind: 'compliance-events', actor: user.id, batchId, source, body, received: rows.length, counts, details: { compliancePolicyVersion: policy.version } });
}
