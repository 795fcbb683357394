import type { FilterQuery } from 'mongoose';
import { AuditEntryModel, type AuditEntry } from '../../db/models/audit-entry';
import { ChainVerifier, GENESIS_HASH, type AuditLink, type ChainVerdict } from '../../domain/audit-chain';

/**
 * Reading the audit log for auditors: pages by sequence number with optional filters, the whole
 * chain's verification, and entries in order for an export.
 *
 * Cost on the stores this runs on: on MongoDB a sequence range is a `seq` index range. FerretDB
 * 1.24 on SQLite pushes down only `_id` equality on a string or ObjectID, so every query here
 * (range, filters or both) is one scan of the log, filtered and sorted in FerretDB. The filters therefore go into the same single query: they cost nothing more, and one
 * round trip per page is the least there is.
 */

// The query's shapes are the audit query grammar's (domain/audit-query.ts).
import type { AuditFilter, AuditPageRequest } from '../../domain/audit-query';
export type { AuditFilter, AuditPageRequest };

export interface AuditPage {
  entries: AuditLink[];
  order: 'ascending' | 'descending';
  /** Where the next page starts, in the same order; null when there is nothing more. */
  next: { from: number } | { before: number } | null;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function filterQuery(filter: AuditFilter): FilterQuery<AuditEntry> {
  const query: FilterQuery<AuditEntry> = {};
  if (filter.actor !== undefined) query.actor = filter.actor;
  if (filter.action !== undefined) {
    query.action = filter.action.endsWith('*') ? { $regex: `^${escapeRegex(filter.action.slice(0, -1))}` } : filter.action;
  }
  if (filter.subjectType !== undefined) query['subject.type'] = filter.subjectType;
  if (filter.subjectId !== undefined) query['subject.id'] = filter.subjectId;
  if (filter.since !== undefined || filter.until !== undefined) {
    query.at = { ...(filter.since !== undefined ? { $gte: filter.since } : {}), ...(filter.until !== undefined ? { $lte: filter.until } : {}) };
  }
  return query;
}

export function toLink(entry: AuditEntry): AuditLink {
  const { _id, ...link } = entry;
  return link;
}

/** One page of entries matching the filter: one query, one more entry than asked to know if there is a next page. */
export async function readAuditPage(request: AuditPageRequest): Promise<AuditPage> {
  const ascending = request.from !== undefined;
  const range = ascending ? { $gte: request.from! } : request.before !== undefined ? { $lt: request.before } : undefined;
  const query = { ...filterQuery(request.filter), ...(range ? { seq: range } : {}) };
  const found = await AuditEntryModel.find(query).sort({ seq: ascending ? 1 : -1 }).limit(request.limit + 1).lean<AuditEntry[]>();
  const entries = found.slice(0, request.limit).map(toLink);
  const last = entries[entries.length - 1];
  const next = found.length > request.limit && last ? (ascending ? { from: last.seq + 1 } : { before: last.seq }) : null;
  return { entries, order: ascending ? 'ascending' : 'descending', next };
}

/**
 * Entries in sequence order, streamed: one sorted query with a cursor, so the store scans the log
 * once (paging by `seq > last` would scan it once per page on FerretDB).
 */
export async function* entriesInOrder(range: { from?: number; to?: number } = {}): AsyncGenerator<AuditLink> {
  const bounds = { ...(range.from !== undefined ? { $gte: range.from } : {}), ...(range.to !== undefined ? { $lte: range.to } : {}) };
  const cursor = AuditEntryModel.find(Object.keys(bounds).length > 0 ? { seq: bounds } : {}).sort({ seq: 1 }).batchSize(1000).lean<AuditEntry[]>().cursor();
  try {
    for await (const entry of cursor) yield toLink(entry as AuditEntry);
  } finally {
    await cursor.close();
  }
}

export interface StoredChainVerdict extends ChainVerdict {
  /** The last entry that held: "verified up to #seq, head hash …". seq 0 is the empty log. */
  verifiedHead: { seq: number; hash: string };
  /** The newest entry there was, verified or not. */
  lastSeq: number;
  verifiedAt: string;
}

/** Walks the whole stored chain from the first entry. Entries after a break are counted, not checked. */
export async function verifyStoredChain(): Promise<StoredChainVerdict> {
  const verifier = new ChainVerifier();
  let lastSeq = 0;
  for await (const entry of entriesInOrder()) {
    verifier.add(entry);
    lastSeq = Math.max(lastSeq, entry.seq);
  }
  return { ...verifier.verdict(), verifiedHead: verifier.lastVerified(), lastSeq, verifiedAt: new Date().toISOString() };
}

const FRESH_FOR_MS = 30_000;
let recent: { verdict: StoredChainVerdict; until: number } | undefined;
let running: Promise<StoredChainVerdict> | undefined;

/**
 * The chain's verification. A walk of the whole log is one scan (on FerretDB about 8 s for 20,000
 * entries on the 2-core machine), so a result up to 30 s old is reused, and callers at the same
 * time share one walk. `fresh` starts a new walk (or joins the one under way).
 */
export function chainVerdict(options: { fresh?: boolean } = {}): Promise<StoredChainVerdict> {
  if (!options.fresh && recent && recent.until > Date.now()) return Promise.resolve(recent.verdict);
  running ??= verifyStoredChain()
    .then((verdict) => {
      recent = { verdict, until: Date.now() + FRESH_FOR_MS };
      return verdict;
    })
    .finally(() => { running = undefined; });
  return running;
}

/**
 * For a page: the verification if it is recent or done within `waitMs`; otherwise the last one
 * there was (stale, with its time), or null while the first walk is still under way. The walk
 * goes on in the background and the next page shows it: a long log must not hold the page.
 */
export async function chainVerdictWithin(waitMs: number): Promise<StoredChainVerdict | null> {
  const walk = chainVerdict();
  walk.catch((error: unknown) => console.error('audit chain verification failed', error));
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => { timer = setTimeout(() => resolve(null), waitMs); });
  try {
    return (await Promise.race([walk, late])) ?? recent?.verdict ?? null;
  } finally {
    clearTimeout(timer);
  }
}

export { GENESIS_HASH };
