import { Schema, model } from 'mongoose';

/**
 * What a person owes back from a paid tranche after a clawback decision: the amount, when it is
 * due, and where collection stands. Its id is the case and the tranche, so a redelivered apply
 * writes the same claim once.
 */
export interface ClawbackClaim {
  _id: string; // clawbackClaimId(caseId, trancheId)
  caseId: string;
  awardId: string;
  trancheId: string;
  personId: string;
  eventId: string;
  currency: string;
  amountMinor: number;
  /** YYYY-MM-DD, the decision date plus the policy's claimDueDays. */
  dueDate: string;
  status: 'claimed' | 'recovered' | 'waived';
  claimedAt: Date;
}

const clawbackClaimSchema = new Schema<ClawbackClaim>({
  _id: { type: String, required: true },
  caseId: { type: String, required: true },
  awardId: { type: String, required: true },
  trancheId: { type: String, required: true },
  personId: { type: String, required: true },
  eventId: { type: String, required: true },
  currency: { type: String, required: true },
  amountMinor: { type: Number, required: true },
  dueDate: { type: String, required: true },
  status: { type: String, enum: ['claimed', 'recovered', 'waived'], required: true },
  claimedAt: { type: Date, required: true },
}, { versionKey: false });

export function clawbackClaimId(caseId: string, trancheId: string): string {
  return `${caseId}:${trancheId}`;
}

export const ClawbackClaimModel = model<ClawbackClaim>('ClawbackClaim', clawbackClaimSchema, 'clawbackClaims');
