import { MetricModel } from '../../db/models/metric';
import type { Role } from '../../db/models/person';
import { latestPolicy } from '../../import/latest-policy';
import { METRIC_CSV_COLUMNS } from '../../import/metric-import';
import type { MetricCatalogue } from '../../import/metric-catalogue';
import type { SheetTable } from '../../lib/xlsx-workbook';
import type { CurrentUser } from '../../platform/current-user';
import { translate, type Locale } from '../../platform/i18n';

/** Auditors check every figure; admins support the imports. Everyone else reads what they may import. */
const READ_ALL: readonly Role[] = ['auditor', 'admin'];

/** Whether this reader may export any metric at all (else the route answers 404, as for a cycle it cannot see). */
export async function mayExportMetrics(user: CurrentUser): Promise<boolean> {
  const catalogue = await latestPolicy<MetricCatalogue>('metric-catalogue');
  return user.roles.some((r) => READ_ALL.includes(r)) || catalogue.body.metrics.some((m) => m.importRoles.some((r) => user.roles.includes(r)));
}

/**
 * A cycle's imported metrics that this reader may see, as a workbook the import reads back: the
 * first sheet has exactly the import's columns (so a corrected copy is sent as it is), the second
 * names each metric and its unit of measure in the reader's language.
 */
export async function metricSheets(user: CurrentUser, cycle: string, locale: Locale): Promise<SheetTable[]> {
  const t = (key: string) => translate(locale, key);
  const catalogue = await latestPolicy<MetricCatalogue>('metric-catalogue');
  const readAll = user.roles.some((r) => READ_ALL.includes(r));
  const readable = catalogue.body.metrics.filter((m) => readAll || m.importRoles.some((r) => user.roles.includes(r)));
  const keys = new Set(readable.map((m) => m.key));
  const metrics = (await MetricModel.find({ cycle }).lean())
    .filter((m) => keys.has(m.key))
    .sort((a, b) => a.scope.type.localeCompare(b.scope.type) || a.scope.id.localeCompare(b.scope.id) || a.key.localeCompare(b.key));
  return [
    {
      name: t('export.sheet.metrics'),
      // The import's own column names, untranslated: they are the file's format, not words for a reader.
      columns: Object.entries(METRIC_CSV_COLUMNS).map(([key, type]) => ({ key, header: key, kind: type === 'number' ? 'number' : 'text', width: key === 'key' ? 28 : 14 })),
      rows: metrics.map((m) => ({ cycle: m.cycle, scopeType: m.scope.type, scopeId: m.scope.id, key: m.key, value: m.value })),
    },
    {
      name: t('export.sheet.catalogue'),
      columns: [
        { key: 'key', header: 'key', kind: 'text', width: 28 },
        { key: 'title', header: t('export.col.metric'), kind: 'text', width: 30 },
        { key: 'unitOfMeasure', header: t('export.col.unitOfMeasure'), kind: 'text', width: 16 },
        { key: 'kind', header: t('export.col.kind'), kind: 'text' },
      ],
      rows: readable.map((m) => ({ key: m.key, title: m.title[locale] ?? m.title.en, unitOfMeasure: m.unitOfMeasure, kind: m.kind })),
    },
  ];
}
