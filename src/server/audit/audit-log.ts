import { writeExport, type ExportWriter } from '../../platform/audit/audit-export';
import { entriesInOrder, readAuditPage, type AuditPage } from '../../platform/audit/read-audit-log';
import { recordAudit } from '../../platform/audit/record-audit';
import type { Role } from '../../db/models/person';
import type { AuditPageRequest, ExportRange } from '../../domain/audit-query';
import type { CurrentUser } from '../current-user';

/**
 * Who reads the audit log: auditors and admins. Not HR: the log holds every person's ratings and,
 * with the bonus flows, pay decisions, and HR's own actions are among what the auditor checks; HR
 * reads cases instead.
 */
export const AUDIT_READERS: Role[] = ['auditor', 'admin'];

export const mayReadAudit = (user: CurrentUser | undefined) => Boolean(user?.roles.some((role) => AUDIT_READERS.includes(role)));

/** The entry that records who read which part of the log: reading it is itself audited. */
export function recordBrowsing(request: AuditPageRequest, page: AuditPage, reader: CurrentUser) {
  const seqs = page.entries.map((e) => e.seq);
  return recordAudit({
    actor: reader.id, action: 'audit.browsed', subject: { type: 'audit-log', id: 'entries' },
    details: {
      filter: request.filter, ...(request.from ? { from: request.from } : {}), ...(request.before ? { before: request.before } : {}),
      returned: seqs.length, ...(seqs.length > 0 ? { first: Math.min(...seqs), last: Math.max(...seqs) } : {}),
    },
  });
}

/** A page of the log, recorded as read. */
export async function browseAuditLog(request: AuditPageRequest, reader: CurrentUser): Promise<AuditPage> {
  const page = await readAuditPage(request);
  await recordBrowsing(request, page, reader);
  return page;
}

/**
 * Writes an export of the range to `out` and records it in the log before the file is complete:
 * nobody holds an export the log does not know of.
 */
export async function exportAuditLog({ format, from, to }: ExportRange, out: ExportWriter, reader: CurrentUser): Promise<void> {
  // The entry before the range comes first: its stored hash is what the range must link to.
  const summary = await writeExport(format, entriesInOrder({ from: Math.max(1, from - 1), ...(to !== undefined ? { to } : {}) }), from, out, reader.id);
  await recordAudit({
    actor: reader.id, action: 'audit.exported', subject: { type: 'audit-log', id: 'entries' },
    details: { format, from, to: to ?? null, range: summary.range, verified: summary.verification.ok, checked: summary.verification.checked, head: summary.head },
  });
}
