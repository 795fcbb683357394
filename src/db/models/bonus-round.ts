import { Schema, model } from 'mongoose';
import type { CapNotice } from '../../domain/variable-pay-approval';

/**
 * A unit's bonus round for a cycle: the pool with its explanation, the allocation table, the basis a
 * later re-run of one person's award uses, the approval chain and the decisions so far. Its id is
 * `<cycle>:<unit>`. Written only by the steps of the unit's bonus-approval case, one after another
 * (one writer at a time); an appeal re-run reads it and writes the person's award, never this.
 */
export type BonusRoundStatus = 'pooled' | 'allocated' | 'in-approval' | 'returned' | 'approved' | 'scheduled';

export interface BonusRoundPersonRow {
  personId: string;
  /** The standing rating read for the round, and the step it came from (final, calibrated, appeal). */
  standingRating: string;
  ratingStep: string;
  /** After a revision's rating override and the compliance downgrade cap. */
  rating: string;
  roleCategory: string;
  packRole: string;
  fixedPayMinor: number;
  complianceMultiplier: number;
  complianceFired: string[];
  capMinor: number | null;
  /** The award was cut at a cap: why, and the amounts before and after (absent in rounds allocated before this was kept). */
  cap?: CapNotice | null;
  /** The shareholder approval the person's cap applied, if any. */
  approvalId?: string | null;
  awardMinor: number;
  deferredMinor: number;
  overridden: boolean;
}

export interface BonusRoundDecision {
  /** The approval task; a redelivered step finds it and does not record it twice. */
  taskId: string;
  allocationRun: number;
  stepId: string;
  decision: 'approve' | 'return';
  comment: string;
  decidedBy: string;
  decidedAt: Date;
}

export interface BonusRoundOverride {
  personId: string;
  amountMinor?: number;
  rating?: string;
  reason: string;
  by: string;
  submissionId: string;
}

export interface BonusRound {
  _id: string; // bonusRoundId(cycle, unitId)
  cycle: string;
  unitId: string;
  caseId: string;
  currency: string;
  status: BonusRoundStatus;
  awardDate: string;
  deferralPack: { key: string; version: number };
  policyVersions: Record<string, number>;
  /** Metric ids read, the risk coefficient's explanation and the pool's. */
  pool: { poolMinor: number; basePoolMinor: number; coefficient: number; metricIds: string[]; riskAdjustment: unknown; explanation: unknown };
  allocationRun: number;
  allocation?: {
    people: BonusRoundPersonRow[];
    allocatedMinor: number;
    complianceRetainedMinor: number;
    capRetainedMinor: number;
    unallocatedMinor: number;
    overriddenMinor: number;
    maxAwardMinor: number;
    complianceActionFired: boolean;
    explanation: unknown;
  };
  /** Pool per weight point of the round: what bonus.rerun-person computes on. */
  basis?: { poolMinor: number; weightSumUnits: string; weightScale: number };
  overrides: BonusRoundOverride[];
  appliedRevisionIds: string[];
  chain?: { steps: Array<{ stepId: string; approver: unknown; reasons: string[] }>; explanation: unknown };
  approvals: BonusRoundDecision[];
  updatedAt: Date;
}

const bonusRoundSchema = new Schema<BonusRound>({
  _id: { type: String, required: true },
  cycle: { type: String, required: true },
  unitId: { type: String, required: true },
  caseId: { type: String, required: true },
  currency: { type: String, required: true },
  status: { type: String, required: true },
  awardDate: { type: String, required: true },
  deferralPack: { type: Schema.Types.Mixed, required: true },
  policyVersions: { type: Schema.Types.Mixed, required: true },
  pool: { type: Schema.Types.Mixed, required: true },
  allocationRun: { type: Number, default: 0 },
  allocation: Schema.Types.Mixed,
  basis: Schema.Types.Mixed,
  overrides: { type: Schema.Types.Mixed, default: [] },
  appliedRevisionIds: { type: [String], default: [] },
  chain: Schema.Types.Mixed,
  approvals: { type: Schema.Types.Mixed, default: [] },
  updatedAt: { type: Date, required: true },
}, { versionKey: false, minimize: false });

export function bonusRoundId(cycle: string, unitId: string): string {
  return `${cycle}:${unitId}`;
}

export const BonusRoundModel = model<BonusRound>('BonusRound', bonusRoundSchema, 'bonusRounds');
