import { Schema, model } from 'mongoose';

/**
 * A business, risk or compliance figure for a unit or a person in a cycle, as a source system
 * reported it. Its id is cycle + scope + key, so importing the same figure again replaces it
 * (idempotent upsert) and the record says which import it came from.
 */
export interface Metric {
  _id: string; // metricId(cycle, scope, key)
  cycle: string;
  scope: { type: 'unit' | 'person'; id: string };
  /** e.g. revenueMinor, costsMinor, expectedLossMinor, economicCapitalMinor, nplRatio, bonusPoolBaseMinor */
  key: string;
  value: number;
  source: { system: string; reference?: string; importedBy: string; importedAt: Date; batchId: string };
}

const metricSchema = new Schema<Metric>({
  _id: { type: String, required: true },
  cycle: { type: String, required: true },
  scope: { type: { type: String, enum: ['unit', 'person'], required: true }, id: { type: String, required: true } },
  key: { type: String, required: true },
  value: { type: Number, required: true },
  source: {
    system: { type: String, required: true },
    reference: String,
    importedBy: { type: String, required: true },
    importedAt: { type: Date, required: true },
    batchId: { type: String, required: true },
  },
}, { versionKey: false });

export function metricId(cycle: string, scope: Metric['scope'], key: string): string {
  return `${cycle}:${scope.type}:${scope.id}:${key}`;
}

export const MetricModel = model<Metric>('Metric', metricSchema, 'metrics');
