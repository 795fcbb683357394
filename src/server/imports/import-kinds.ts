import { COMPENSATION_CSV_COLUMNS, COMPENSATION_IMPORT_ROLES } from '../../import/compensation-import';
import { COMPLIANCE_EVENT_CSV_COLUMNS, COMPLIANCE_EVENT_IMPORT_ROLES } from '../../import/compliance-event-import';
import { latestPolicy } from '../../import/latest-policy';
import { mayImportAny, type MetricCatalogue } from '../../import/metric-catalogue';
import { METRIC_CSV_COLUMNS } from '../../import/metric-import';
import type { CurrentUser } from '../current-user';

export interface ImportKind {
  /** The import's path under /api, and the key of its words (imports.kind.<key>). */
  key: 'metrics' | 'compliance-events' | 'compensation';
  /** The file's columns, as a CSV header or a workbook's first row names them. */
  columns: string[];
}

/**
 * The imports this person may send, as the import page offers them: each route's own rule (the
 * metric catalogue's roles, the officers for compliance events, HR for pay), so the page offers
 * nothing the route would refuse.
 */
export async function importKindsFor(user: CurrentUser): Promise<ImportKind[]> {
  const catalogue = await latestPolicy<MetricCatalogue>('metric-catalogue');
  const kinds: ImportKind[] = [];
  if (mayImportAny(catalogue.body, user.roles)) kinds.push({ key: 'metrics', columns: Object.keys(METRIC_CSV_COLUMNS) });
  if (user.roles.some((r) => COMPLIANCE_EVENT_IMPORT_ROLES.includes(r))) kinds.push({ key: 'compliance-events', columns: Object.keys(COMPLIANCE_EVENT_CSV_COLUMNS) });
  if (user.roles.some((r) => COMPENSATION_IMPORT_ROLES.includes(r))) kinds.push({ key: 'compensation', columns: Object.keys(COMPENSATION_CSV_COLUMNS) });
  return kinds;
}
