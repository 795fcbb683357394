import { Schema, model } from 'mongoose';

/**
 * The identity of a state change the audit log records once (for example a task's completion, or
 * one worker delivery's score): whoever inserts the claim first appends the entry, and records its
 * sequence number here (just after answering its caller). A claim without `seq` is an append in
 * progress, one whose number is being noted, or one whose process died before noting it; `headSeq` (the log's head when claimed) bounds where that
 * process's entry can be, so a later claimer can look before appending again.
 */
export interface AuditEventClaim {
  _id: string;
  seq?: number;
  headSeq: number;
  claimedAt: Date;
}

const auditEventClaimSchema = new Schema<AuditEventClaim>({
  _id: { type: String, required: true },
  seq: Number,
  headSeq: { type: Number, required: true },
  claimedAt: { type: Date, required: true },
}, { versionKey: false });

export const AuditEventClaimModel = model<AuditEventClaim>('AuditEventClaim', auditEventClaimSchema, 'auditEventClaims');
