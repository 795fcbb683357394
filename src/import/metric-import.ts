import { MetricModel, metricId, type Metric } from '../db/models/metric';
import { OrgUnitModel } from '../db/models/org-unit';
import { PersonModel } from '../db/models/person';
import type { CurrentUser } from '../platform/current-user';
import { translate, type Locale } from '../platform/i18n';
import { forbidden, HttpError } from '../platform/http-errors';
import { CYCLE_ID, PERSON_ID } from '../domain/ids';
import {
  checkDuplicates, isTabular, newBatchId, ProblemList, readImportRequest, recordImportBatch, RowReader, upsertAll, type ImportResult, type ImportRow,
} from './import-batch';
import { raiseEarlyWarnings } from './early-warnings';
import { latestPolicy } from './latest-policy';
import { mayImportAny, type MetricCatalogue } from './metric-catalogue';

export const METRIC_CSV_COLUMNS = { cycle: 'text', scopeType: 'text', scopeId: 'text', key: 'text', value: 'number' } as const;
const FIELDS = ['cycle', 'scope', 'key', 'value'];
const CSV_FIELDS = Object.keys(METRIC_CSV_COLUMNS);

/** A CSV row names the scope in two columns; a JSON record as { scope: { type, id } }. */
function scopeOf(row: ImportRow, reader: RowReader): Metric['scope'] | undefined {
  if (isTabular(row)) {
    const type = reader.oneOf('scopeType', ['unit', 'person'] as const);
    const id = reader.text('scopeId', { max: 80, pattern: PERSON_ID, hint: 'scopeId' });
    return type && id ? { type, id } : undefined;
  }
  const inner = reader.nested('scope', ['type', 'id'], 'scope');
  const type = inner?.oneOf('type', ['unit', 'person'] as const);
  const id = inner?.text('id', { max: 80, pattern: PERSON_ID, hint: 'scopeId' });
  return type && id ? { type, id } : undefined;
}

/**
 * POST /api/metrics: business, risk and compliance figures by unit or person. Every row is checked
 * against the metric catalogue (known key, scope, unit of measure, who may import it) and the org
 * chart (the unit or person exists) before anything is written.
 */
export async function importMetrics(body: unknown, user: CurrentUser, locale: Locale = user.locale): Promise<ImportResult> {
  const catalogue = await latestPolicy<MetricCatalogue>('metric-catalogue');
  if (!mayImportAny(catalogue.body, user.roles)) throw forbidden('your role imports no metrics');
  const { source, rows } = await readImportRequest(body, METRIC_CSV_COLUMNS, locale);
  const byKey = new Map(catalogue.body.metrics.map((m) => [m.key, m]));
  const [unitIds, personIds] = await Promise.all([
    OrgUnitModel.find({}, { _id: 1 }).lean().then((units) => new Set(units.map((u) => u._id))),
    PersonModel.find({}, { _id: 1 }).lean().then((people) => new Set(people.map((p) => p._id))),
  ]);

  const problems = new ProblemList(locale);
  const notAllowed = new ProblemList(locale);
  const checked: Array<{ row: ImportRow; id: string; metric: Omit<Metric, 'source'> }> = [];
  for (const row of rows) {
    const reader = new RowReader(row, problems, isTabular(row) ? CSV_FIELDS : FIELDS);
    const cycle = reader.text('cycle', { max: 40, pattern: CYCLE_ID, hint: 'cycleId' });
    const scope = scopeOf(row, reader);
    const key = reader.text('key', { max: 80 });
    const entry = key === undefined ? undefined : byKey.get(key);
    if (key !== undefined && !entry) reader.problem('key', 'unknown', 'notInCatalogue', { key: key.slice(0, 80), version: catalogue.version });
    const value = entry ? reader.number('value', { integer: entry.integer, min: entry.min, max: entry.max, unit: entry.unitOfMeasure }) : reader.number('value');
    if (scope && !(scope.type === 'unit' ? unitIds : personIds).has(scope.id)) {
      reader.problem(isTabular(row) ? 'scopeId' : 'scope.id', 'unknown', scope.type === 'unit' ? 'noUnit' : 'noPerson', { id: scope.id });
    }
    if (entry && scope && !entry.scopes.includes(scope.type)) reader.problem('scope', 'scope', 'scope', { key: entry.key, scopes: entry.scopes.join(problems.word('word.or')) });
    if (entry && !entry.importRoles.some((r) => user.roles.includes(r))) {
      const roles = entry.importRoles.map((r) => translate(problems.locale, `modeler.role.${r}`)).join(problems.word('word.or'));
      notAllowed.add(`${row.label}`, 'forbidden', { key: 'notYours', params: { key: entry.key, kind: problems.word(`word.kind.${entry.kind}`), roles } });
    }
    if (cycle && scope && entry && value !== undefined) checked.push({ row, id: metricId(cycle, scope, entry.key), metric: { _id: metricId(cycle, scope, entry.key), cycle, scope, key: entry.key, value } });
  }
  checkDuplicates(checked, problems, 'metricKey');
  problems.throwIfAny();
  if (!notAllowed.empty) throw new HttpError(403, 'some figures are not yours to import; nothing was written', notAllowed.items);

  const batchId = newBatchId();
  const importedAt = new Date();
  const docs: Metric[] = checked.map(({ metric }) => ({ ...metric, source: { system: source.system, ...(source.reference ? { reference: source.reference } : {}), importedBy: user.id, importedAt, batchId } }));
  const counts = await upsertAll(MetricModel, docs, (stored, next) =>
    stored.value === next.value && stored.source?.system === next.source.system && (stored.source?.reference ?? null) === (next.source.reference ?? null), { cycle: { $in: [...new Set(docs.map((d) => d.cycle))] } });
  const result = await recordImportBatch({ kind: 'metrics', actor: user.id, batchId, source, body, received: rows.length, counts, details: { catalogueVersion: catalogue.version } });
  const warningsRaised = await raiseEarlyWarnings(docs, user.id);
  return warningsRaised === null ? result : { ...result, warningsRaised };
}
