import { Schema, model } from 'mongoose';

/**
 * A compliance event about a person in a cycle (a breach found by compliance, an audit finding), as
 * the compliance officer or an import recorded it. Only confirmed events count (domain/compliance.ts);
 * one under investigation is shown as seen and ignored. Its id is cycle + person + the source's event
 * id, so importing the same event again replaces it.
 */
export interface ComplianceEventRecord {
  _id: string; // complianceEventId(cycle, personId, eventId)
  cycle: string;
  personId: string;
  eventId: string;
  /** One of the compliance policy's severities (minor, major, severe). */
  severity: string;
  confirmed: boolean;
  date?: string;
  summary?: string;
  source: { system: string; reference?: string; recordedBy: string; recordedAt: Date };
}

const complianceEventSchema = new Schema<ComplianceEventRecord>({
  _id: { type: String, required: true },
  cycle: { type: String, required: true },
  personId: { type: String, required: true },
  eventId: { type: String, required: true },
  severity: { type: String, required: true },
  confirmed: { type: Boolean, required: true },
  date: String,
  summary: String,
  source: {
    system: { type: String, required: true },
    reference: String,
    recordedBy: { type: String, required: true },
    recordedAt: { type: Date, required: true },
  },
}, { versionKey: false });

export function complianceEventId(cycle: string, personId: string, eventId: string): string {
  return `${cycle}:${personId}:${eventId}`;
}

export const ComplianceEventModel = model<ComplianceEventRecord>('ComplianceEvent', complianceEventSchema, 'complianceEvents');
