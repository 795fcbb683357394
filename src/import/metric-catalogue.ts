import type { Role } from '../db/models/person';

/** policies/metric-catalogue.json: the figures that may be imported, how they are measured, who imports them. */
export interface CatalogueMetric {
  key: string;
  kind: 'business' | 'risk' | 'compliance';
  unitOfMeasure: string;
  integer?: boolean;
  min?: number;
  max?: number;
  scopes: Array<'unit' | 'person'>;
  importRoles: Role[];
  title: { en: string; 'zh-CN': string };
}

export interface MetricCatalogue {
  metrics: CatalogueMetric[];
}

/** Whether someone with these roles may import anything at all (else the route answers 403). */
export function mayImportAny(catalogue: MetricCatalogue, roles: readonly Role[]): boolean {
  return catalogue.metrics.some((m) => m.importRoles.some((r) => roles.includes(r)));
}
