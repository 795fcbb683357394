import { Schema, model } from 'mongoose';

/**
 * The identity of a state change the audit log records once (for example a task's completion, or
 * one worker delivery's score): whoever inserts the claim first appends the entry. `headSeq` (the
 * log's head its claimer knew) bounds where that entry can be: a later attempt looks just past it,
 * and notes the entry's number in `seq` when it finds it. A claim without `seq` whose entry is not
 * there is an append in progress, or one whose process died; once stale, a later attempt takes it over.
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
