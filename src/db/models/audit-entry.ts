import { Schema, model } from 'mongoose';
import type { AuditLink } from '../../domain/audit-chain';

/**
 * One link of the audit hash chain. `_id` is the sequence number: two writers racing for the same
 * number collide on the primary key, which is how appends stay ordered without transactions.
 */
export interface AuditEntry extends AuditLink {
  _id: number;
}

const auditEntrySchema = new Schema<AuditEntry>({
  _id: { type: Number, required: true },
  seq: { type: Number, required: true },
  at: { type: String, required: true },
  actor: { type: String, required: true },
  action: { type: String, required: true },
  subject: { type: { type: String, required: true }, id: { type: String, required: true } },
  beforeDigest: { type: String, default: null },
  afterDigest: { type: String, default: null },
  details: { type: Schema.Types.Mixed, default: {} },
  prevHash: { type: String, required: true },
  hash: { type: String, required: true },
}, { versionKey: false, minimize: false });

export const AuditEntryModel = model<AuditEntry>('AuditEntry', auditEntrySchema, 'auditLog');
