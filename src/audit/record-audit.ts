import { AuditEntryModel } from '../db/models/audit-entry';
import { GENESIS_HASH, linkEntry } from '../domain/audit-chain';
import { digestOf } from '../domain/digest';

export interface AuditEvent {
  actor: string;
  action: string;
  subject: { type: string; id: string };
  before?: unknown;
  after?: unknown;
  details?: Record<string, unknown>;
}

let head: { seq: number; hash: string } | undefined;

async function readHead(): Promise<{ seq: number; hash: string }> {
  const last = await AuditEntryModel.findOne({}, { _id: 1, hash: 1 }).sort({ _id: -1 }).lean();
  return last ? { seq: last._id, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Appends one entry to the hash-chained audit log. Within a process appends queue up, one at a
 * time. Across processes each tries the next sequence number after the head it knows; the primary
 * key lets exactly one win, and the others read the new head and try again.
 */
export function recordAudit(event: AuditEvent): Promise<number> {
  const appended = queue.then(() => append(event));
  queue = appended.catch(() => undefined);
  return appended;
}

async function append(event: AuditEvent): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    head ??= await readHead();
    const content = {
      seq: head.seq + 1,
      at: new Date().toISOString(),
      actor: event.actor,
      action: event.action,
      subject: event.subject,
      beforeDigest: event.before === undefined ? null : digestOf(event.before),
      afterDigest: event.after === undefined ? null : digestOf(event.after),
      details: event.details ?? {},
    };
    const link = linkEntry(content, head.hash);
    try {
      await AuditEntryModel.create({ _id: link.seq, ...link });
      head = { seq: link.seq, hash: link.hash };
      return link.seq;
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      head = undefined; // someone else took that number: read the head again
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * (attempt + 1)));
    }
  }
  throw new Error('could not append to the audit log: too many concurrent writers');
}
