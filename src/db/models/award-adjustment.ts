import { Schema, model } from 'mongoose';
import type { AdjustmentResult, Extent } from '../../domain/clawback';

/**
 * One malus-and-clawback case against one award: the event it rests on, the proposal the worker
 * computed, the committee's decision and what was applied. Its id is the case id
 * (`<award cycle>:<person>:<event>:malus-clawback`), so one event adjusts one award at most once.
 * Written by one step at a time: filing (server), assess, decision, apply, notify (worker).
 */
export type AdjustmentStatus = 'filed' | 'proposed' | 'decided' | 'applied' | 'rejected' | 'closed';

export interface AwardAdjustment {
  _id: string; // the case id
  cycle: string;
  personId: string;
  awardId: string;
  event: {
    eventId: string;
    date: string;
    severity: string;
    extent?: Extent;
    /** The event's kind and the person's responsibility for it (clawback policy eventKinds / responsibilities). */
    kind?: string;
    responsibility?: string;
    reason: string;
    /** Set when the event is a filed compliance event (src/db/models/compliance-event.ts). */
    complianceEventId?: string;
  };
  filedBy: string;
  filedAt: Date;
  status: AdjustmentStatus;
  /** The award when the case was filed, so the outcome can be read against the original. */
  awardAtFiling: { amountMinor: number; currency: string; remainingMinor: number; tranches: Array<{ trancheId: string; vestingDate: string; amountMinor: number; status: string; remainingMinor: number }> };
  proposal?: { result: AdjustmentResult; policy: { key: string; version: number; pinnedBy: 'award' | 'case' }; computedAt: Date };
  decision?: { decision: 'confirm' | 'reduce' | 'reject'; percent?: number; reason: string; by: string; at: Date; submissionId: string };
  outcome?: { result: AdjustmentResult; claimIds: string[]; appliedAt: Date; remainingBeforeMinor: number; remainingAfterMinor: number };
  notified?: { recipients: string[]; at: Date };
}

const awardAdjustmentSchema = new Schema<AwardAdjustment>({
  _id: { type: String, required: true },
  cycle: { type: String, required: true },
  personId: { type: String, required: true },
  awardId: { type: String, required: true },
  event: { type: Schema.Types.Mixed, required: true },
  filedBy: { type: String, required: true },
  filedAt: { type: Date, required: true },
  status: { type: String, enum: ['filed', 'proposed', 'decided', 'applied', 'rejected', 'closed'], required: true },
  awardAtFiling: { type: Schema.Types.Mixed, required: true },
  proposal: Schema.Types.Mixed,
  decision: Schema.Types.Mixed,
  outcome: Schema.Types.Mixed,
  notified: Schema.Types.Mixed,
}, { versionKey: false, minimize: false });

export const AwardAdjustmentModel = model<AwardAdjustment>('AwardAdjustment', awardAdjustmentSchema, 'awardAdjustments');
