import { Schema, model } from 'mongoose';
import type { ComplianceEvent as DomainComplianceEvent } from '../../domain/compliance';

/**
 * A risk or compliance event against a person, as the compliance or risk system reported it (an
 * investigation opened, a breach confirmed). Its id is the reporting system and its reference, so
 * importing the same event again replaces it (e.g. when an investigation confirms it) instead of
 * adding a second one. Severities are those of policies/compliance.json (and clawback.json).
 */
export interface ComplianceEventRecord {
  _id: string; // complianceEventId(source.system, reference)
  personId: string;
  /** The cycle the event counts against (the bonus round that must take it into account). */
  cycle: string;
  /** YYYY-MM-DD: when it happened or was established. */
  date: string;
  severity: string;
  /** Confirmed by the compliance function; unconfirmed events change nothing yet. */
  confirmed: boolean;
  description: string;
  /** The case number in the reporting system. */
  reference: string;
  source: { system: string; importedBy: string; importedAt: Date; batchId: string };
}

const complianceEventSchema = new Schema<ComplianceEventRecord>({
  _id: { type: String, required: true },
  personId: { type: String, required: true },
  cycle: { type: String, required: true },
  date: { type: String, required: true },
  severity: { type: String, required: true },
  confirmed: { type: Boolean, required: true },
  description: { type: String, required: true },
  reference: { type: String, required: true },
  source: {
    system: { type: String, required: true },
    importedBy: { type: String, required: true },
    importedAt: { type: Date, required: true },
    batchId: { type: String, required: true },
  },
}, { versionKey: false });

export function complianceEventId(system: string, reference: string): string {
  return `${system}:${reference}`;
}

/** The shape applyCompliance (src/domain/compliance.ts) takes. */
export function toDomainComplianceEvent(event: ComplianceEventRecord): DomainComplianceEvent {
  return { id: event._id, severity: event.severity, confirmed: event.confirmed, date: event.date, summary: event.description };
}

/**
 * A cycle's events of some people, for a bonus round: one read of the cycle (FerretDB evaluates a
 * filter by scanning, so one query for the round beats one per person).
 */
export async function complianceEventsByPerson(cycle: string): Promise<Map<string, DomainComplianceEvent[]>> {
  const events = await ComplianceEventModel.find({ cycle }).lean();
  const byPerson = new Map<string, DomainComplianceEvent[]>();
  for (const event of events) byPerson.set(event.personId, [...(byPerson.get(event.personId) ?? []), toDomainComplianceEvent(event)]);
  return byPerson;
}

export const ComplianceEventModel = model<ComplianceEventRecord>('ComplianceEvent', complianceEventSchema, 'complianceEvents');
