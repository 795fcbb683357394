import { Schema, model } from 'mongoose';

/**
 * A person's bonus for a cycle: the amount, how it was reached (allocation, risk adjustment,
 * compliance, cap), how it is paid (upfront and deferred tranches by the policy pack), and every
 * later change to it (appeal re-run, malus, clawback) as lineage entries pointing at their cause.
 * Its id is `<cycle>:<person>`: one award per person and cycle, recomputed in place by its owner flow.
 */
export type TrancheStatus = 'scheduled' | 'paid' | 'cancelled' | 'clawed-back';

export interface AwardTrancheRecord {
  trancheId: string; // `${awardId}/T<n>`, T0 = upfront
  index: number;
  vestingDate: string;
  amountMinor: number;
  status: TrancheStatus;
  /** What malus cancelled or clawback reclaimed of this tranche. */
  adjustedMinor?: number;
}

export interface AwardLineageEntry {
  at: Date;
  kind: 'allocated' | 'approved' | 'returned' | 'appeal-rerun' | 'malus' | 'clawback';
  /** The case, event or decision behind the change. */
  ref: string;
  by: string;
  amountBeforeMinor?: number;
  amountAfterMinor?: number;
  note?: string;
}

export interface Award {
  _id: string; // `<cycle>:<person>`
  cycle: string;
  personId: string;
  unitId: string;
  /** The unit's bonus case that allocated it. */
  caseId: string;
  currency: string;
  rating: string;
  amountMinor: number;
  status: 'proposed' | 'approved' | 'scheduled' | 'adjusted';
  /** Domain explanations (allocation, compliance, deferral) so "why this amount" has an answer. */
  explanation: Record<string, unknown>;
  policyVersions: Record<string, number>;
  tranches: AwardTrancheRecord[];
  lineage: AwardLineageEntry[];
}

const awardSchema = new Schema<Award>({
  _id: { type: String, required: true },
  cycle: { type: String, required: true },
  personId: { type: String, required: true },
  unitId: { type: String, required: true },
  caseId: { type: String, required: true },
  currency: { type: String, required: true },
  rating: { type: String, required: true },
  amountMinor: { type: Number, required: true },
  status: { type: String, enum: ['proposed', 'approved', 'scheduled', 'adjusted'], required: true },
  explanation: { type: Schema.Types.Mixed, required: true },
  policyVersions: { type: Schema.Types.Mixed, required: true },
  tranches: { type: Schema.Types.Mixed, default: [] },
  lineage: { type: Schema.Types.Mixed, default: [] },
}, { versionKey: false, minimize: false });

export function awardId(cycle: string, personId: string): string {
  return `${cycle}:${personId}`;
}

export const AwardModel = model<Award>('Award', awardSchema, 'awards');
