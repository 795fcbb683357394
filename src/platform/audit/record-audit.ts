import { AsyncLocalStorage } from 'node:async_hooks';
import { AuditEntryModel, auditEntryId } from '../../db/models/audit-entry';
import { AuditEventClaimModel } from '../../db/models/audit-event-claim';
import { duplicateIndexes, isDuplicateKey } from '../../db/duplicate-key';
import { IDS_PER_READ, readByIds } from '../../db/read-by-ids';
import { WriteBatcher } from '../../lib/write-batcher';
import { GENESIS_HASH, linkEntry, type AuditLink } from '../../domain/audit-chain';
import { digestOf } from '../../domain/digest';

export interface AuditEvent {
  actor: string;
  action: string;
  subject: { type: string; id: string };
  before?: unknown;
  after?: unknown;
  details?: Record<string, unknown>;
  /**
   * The state change's own identity (`task:<id>:completed`): an event with an id is recorded once
   * however often it is appended, so a retry or a redelivery that redoes a step may append it again,
   * and must, in case the first attempt died before appending. Inside a worker delivery
   * (withAuditScope) events get one from the external task, the action and the subject.
   */
  eventId?: string;
}

interface Head {
  seq: number;
  hash: string;
}

const MAX_BATCH = 500;
let head: Head | undefined;

/** Entries, and the claims of events recorded once: each kind a batch per round trip. */
const entries = new WriteBatcher<AuditEvent, number>((events) => appendAll(events), MAX_BATCH);
const claims = new WriteBatcher<{ eventId: string; headSeq: number }, 'claimed' | 'taken'>((wanted) => insertClaims(wanted), MAX_BATCH);

/**
 * Appends one entry to the hash-chained audit log and resolves once it is stored. Appends of one
 * process are written in batches, one round trip for all that arrived meanwhile: one at a time,
 * a busy store made every state change wait for all the appends before it.
 */
export function recordAudit(event: AuditEvent): Promise<number> {
  const scope = deliveryScope.getStore();
  const eventId = event.eventId ?? (scope ? `${scope}/${event.action}/${event.subject.type}:${event.subject.id}` : undefined);
  return eventId === undefined ? enqueue(event) : recordOnce({ ...event, eventId });
}

function enqueue(event: AuditEvent): Promise<number> {
  return entries.add(event);
}

const deliveryScope = new AsyncLocalStorage<string>();

/**
 * Runs one delivery of a worker task: the audit events it appends are identified by the task
 * (`externalTask:<id>`), so a redelivery after a crash, or a retry after a failure, adds no second entry.
 */
export function withAuditScope<T>(scope: string, run: () => Promise<T>): Promise<T> {
  return deliveryScope.run(scope, run);
}

/**
 * How long a claim without its entry is left to the process that made it. An append takes
 * milliseconds, seconds on a starved machine; a claim this old belongs to a process that died, and
 * the next attempt takes it over (after looking for the dead one's entry). Longer would hold up a
 * redelivered step for as long each time the process that took a claim over dies too.
 */
const STALE_CLAIM_MS = 5_000;

async function recordOnce(event: AuditEvent & { eventId: string }): Promise<number> {
  for (;;) {
    head ??= await readHead();
    if ((await claims.add({ eventId: event.eventId, headSeq: head.seq })) === 'claimed') return appendClaimed(event);
    const claim = await AuditEventClaimModel.findById(event.eventId).lean();
    if (!claim) continue;
    if (claim.seq !== undefined) return claim.seq;
    const found = await noteAppended(event.eventId, claim.headSeq);
    if (found !== undefined) return found;
    if (Date.now() - claim.claimedAt.getTime() < STALE_CLAIM_MS) {
      // Another request or delivery is appending it now: its number comes in a moment.
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    // Taken over by an insert, not a conditional update: FerretDB applies an update as read, change,
    // write back, so two deliveries taking over at once (a redelivery racing another after a crash)
    // both saw theirs succeed and both appended. A second insert of one _id is refused.
    if (!(await takeOver(event.eventId, claim))) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    await AuditEventClaimModel.updateOne({ _id: event.eventId }, { $set: { claimedAt: new Date() } });
    // The process that claimed it may have appended the entry since the look above.
    return (await noteAppended(event.eventId, claim.headSeq)) ?? appendClaimed(event);
  }
}

/** One taker per stale claim: the marker's id names the claim and the time it was made. */
async function takeOver(eventId: string, claim: { headSeq: number; claimedAt: Date }): Promise<boolean> {
  try {
    await AuditEventClaimModel.create({ _id: `${eventId}#taken-over-${claim.claimedAt.getTime()}`, headSeq: claim.headSeq, claimedAt: new Date() });
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

async function appendClaimed(event: AuditEvent & { eventId: string }): Promise<number> {
  const { eventId, ...rest } = event;
  let seq: number;
  try {
    // Under its own key: `details.eventId` belongs to the entry's subject (a clawback event's id, for one).
    seq = await enqueue({ ...rest, details: { ...rest.details, auditEventId: eventId } });
  } catch (error) {
    // Whether the entry went in is unknown: let the next attempt take the claim over at once and look.
    // Stale from now on, at a time of its own (each takeover is named by the claim's time).
    await AuditEventClaimModel.updateOne({ _id: eventId, seq: { $exists: false } }, { $set: { claimedAt: new Date(Date.now() - STALE_CLAIM_MS - 1) } }).catch(() => undefined);
    throw error;
  }
  // Not noted on the claim: most events are recorded once and never repeated, and a write per event
  // (a fifth of the store's writes in the full-cycle bench) would serve only the rare repeat, which
  // finds the entry just past the claim's head (noteAppended) and notes it then.
  return seq;
}

/**
 * Claims in one insert. Unordered, so one event claimed already (a retry, a redelivery) does not
 * hold back the others: each is claimed, or was taken before.
 */
async function insertClaims(wanted: Array<{ eventId: string; headSeq: number }>): Promise<Array<'claimed' | 'taken'>> {
  const outcomes = wanted.map((): 'claimed' | 'taken' => 'claimed');
  const claimedAt = new Date();
  try {
    await AuditEventClaimModel.collection.insertMany(wanted.map((w) => ({ _id: w.eventId, headSeq: w.headSeq, claimedAt })) as never[], { ordered: false });
  } catch (error) {
    const taken = duplicateIndexes(error);
    if (!taken) throw error;
    for (const i of taken) outcomes[i] = 'taken';
  }
  return outcomes;
}

/**
 * The number of the claimed event's entry, noted on its claim for the next repeat; undefined while
 * there is none. Its claimer appended it just past the head it claimed at, so the look forward from
 * there stops after a window or two, however long the log has grown since.
 */
async function noteAppended(eventId: string, headSeq: number): Promise<number | undefined> {
  for await (const found of windowsAfter<{ _id: string; seq: number; details?: Record<string, unknown> }>(headSeq, { seq: 1, 'details.auditEventId': 1, 'details.eventId': 1 })) {
    // Entries appended before the identity had its own key carry it as `details.eventId`.
    const entry = [...found.values()].find((e) => e.details?.auditEventId === eventId || e.details?.eventId === eventId);
    if (entry) {
      await AuditEventClaimModel.updateOne({ _id: eventId }, { $set: { seq: entry.seq } });
      return entry.seq;
    }
  }
  return undefined;
}

/** The newest entry: one sorted read when the process starts; afterwards it is kept up to date. */
async function readHead(): Promise<Head> {
  const last = await AuditEntryModel.findOne({}, { seq: 1, hash: 1 }).sort({ seq: -1 }).lean();
  return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
}

/** Entries per read when looking ahead of a known head; doubled while every one is there, up to one read's worth. */
const FIRST_WINDOW = 32;

/**
 * The entries after `fromSeq`, read by primary key a window at a time (a sorted read scans the whole
 * log on FerretDB, and a `$in` of ids is answered from the index), up to the newest. Entries are
 * gapless, so a window not full holds the newest: one read after a few foreign appends.
 */
async function* windowsAfter<T extends { _id: string }>(fromSeq: number, projection: Record<string, 1>): AsyncGenerator<Map<string, T>> {
  let next = fromSeq + 1;
  for (let window = FIRST_WINDOW; ; window = Math.min(window * 2, IDS_PER_READ)) {
    const found = await readByIds<T>(AuditEntryModel, Array.from({ length: window }, (_, i) => auditEntryId(next + i)), projection);
    yield found;
    if (found.size < window) return;
    next += window;
  }
}

/** Another process appended: the entries after `from`, and the newest of them. */
async function entriesAfter(from: Head): Promise<{ head: Head; hashes: Map<number, string> }> {
  const hashes = new Map<number, string>();
  let known = from;
  for await (const found of windowsAfter<{ _id: string; seq: number; hash: string }>(from.seq, { seq: 1, hash: 1 })) {
    for (const entry of found.values()) {
      hashes.set(entry.seq, entry.hash);
      if (entry.seq > known.seq) known = { seq: entry.seq, hash: entry.hash };
    }
  }
  return { head: known, hashes };
}

function chain(events: AuditEvent[], from: Head): AuditLink[] {
  const at = new Date().toISOString();
  let prev = from;
  return events.map((event) => {
    const link = linkEntry({
      seq: prev.seq + 1,
      at,
      actor: event.actor,
      action: event.action,
      subject: event.subject,
      beforeDigest: event.before === undefined ? null : digestOf(event.before),
      afterDigest: event.after === undefined ? null : digestOf(event.after),
      details: event.details ?? {},
    }, prev.hash);
    prev = { seq: link.seq, hash: link.hash };
    return link;
  });
}

/**
 * Several processes append at once. Each links its entries to the head it knows and inserts them
 * in order; `_id` is the sequence number, so where two processes claim the same number the primary
 * key lets one win. The loser keeps what it stored before the collision, moves to the new head and
 * links the rest again.
 */
async function appendAll(events: AuditEvent[]): Promise<number[]> {
  const seqs: number[] = [];
  let rest = events;
  for (let attempt = 0; rest.length > 0; attempt++) {
    if (attempt === 50) throw new Error('could not append to the audit log: too many concurrent writers');
    head ??= await readHead();
    const links = chain(rest, head);
    try {
      await AuditEntryModel.insertMany(links.map((link) => ({ _id: auditEntryId(link.seq), ...link })), { ordered: true });
      seqs.push(...links.map((l) => l.seq));
      head = { seq: links[links.length - 1]!.seq, hash: links[links.length - 1]!.hash };
      return seqs;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // Which of ours went in before the collision (those whose stored hash is ours), and the new
      // head, from one look past the head they were linked to.
      const after = await entriesAfter(head);
      let stored = 0;
      while (stored < links.length && after.hashes.get(links[stored]!.seq) === links[stored]!.hash) stored++;
      seqs.push(...links.slice(0, stored).map((l) => l.seq));
      rest = rest.slice(stored);
      head = after.head;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * (attempt + 1)));
    }
  }
  return seqs;
}
