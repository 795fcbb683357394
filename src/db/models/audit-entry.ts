import { Schema, model } from 'mongoose';
import type { AuditLink } from '../../domain/audit-chain';

/**
 * One link of the audit hash chain. `_id` is the sequence number, zero-padded: two writers racing
 * for the same number collide on the primary key, which is how appends stay ordered without
 * transactions. A string, because FerretDB on SQLite looks up only a string or ObjectId `_id` by
 * its index; a numeric `_id` read scanned the whole log (the bench's worst store query). Logs
 * written before kept numeric ids; `seq` orders both, and its unique index keeps one entry per number.
 */
export interface AuditEntry extends AuditLink {
  _id: string | number;
}

export const auditEntryId = (seq: number): string => String(seq).padStart(12, '0');

const auditEntrySchema = new Schema<AuditEntry>({
  _id: { type: Schema.Types.Mixed, required: true },
  seq: { type: Number, required: true, unique: true },
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
