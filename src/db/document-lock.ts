import { randomUUID } from 'node:crypto';
import { Schema, model } from 'mongoose';
import { retryOnBusy } from './retry-on-busy';
import { isDuplicateKey } from './duplicate-key';

/**
 * A short exclusive hold on one document for a read-change-write that several workers might do at
 * once (two adjustment cases applying to one award). FerretDB loses one of two concurrent updates
 * of a document, but refuses a second insert of one `_id`: the lock is that insert. A holder that
 * died leaves a lock that others take over once it is older than LOCK_STALE_MS.
 */
interface DocumentLock {
  _id: string;
  holder: string;
  at: Date;
}

const documentLockSchema = new Schema<DocumentLock>({
  _id: { type: String, required: true },
  holder: { type: String, required: true },
  at: { type: Date, required: true },
}, { versionKey: false });

const DocumentLockModel = model<DocumentLock>('DocumentLock', documentLockSchema, 'documentLocks');
/** A lock this old belongs to a holder that died; others take it over. */
export const LOCK_STALE_MS = 120_000;
/** How long a second writer waits for the holder before it is told "busy". */
export const LOCK_WAIT_MS = 30_000;



export interface LockOptions {
  /** How long to wait for another holder (default 30 s). */
  waitMs?: number;
  /** The error when the wait is over: a request answers "busy, try again" rather than a 500. */
  busy?: (holder: string) => Error;
}

export async function withDocumentLock<T>(documentId: string, holder: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.waitMs ?? LOCK_WAIT_MS);
  for (;;) {
    try {
      await retryOnBusy(() => DocumentLockModel.create({ _id: documentId, holder, at: new Date() }));
      break;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const current = await DocumentLockModel.findById(documentId).lean();
      if (current?.holder === holder) break; // our own, from a delivery that died after taking it
      if (current && Date.now() - current.at.getTime() > LOCK_STALE_MS) {
        await retryOnBusy(() => DocumentLockModel.deleteOne({ _id: documentId, at: current.at }));
        continue;
      }
      // Throwing lets the worker retry the task later; the other holder is still busy.
      if (Date.now() > deadline) throw options.busy?.(current?.holder ?? 'someone') ?? new Error(`${documentId} is held by ${current?.holder ?? 'someone'}`);
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
  try {
    return await work();
  } finally {
    await retryOnBusy(() => DocumentLockModel.deleteOne({ _id: documentId, holder }));
  }
}

/**
 * One writer at a time for a record several requests may change at once (a double click, a retry
 * racing the original, two people): the second waits for the first and then sees what it did, so
 * it can answer "already done" or name the conflict instead of repeating the change.
 */
export function oneWriterAtATime<T>(documentId: string, work: () => Promise<T>, busy: () => Error): Promise<T> {
  return withDocumentLock(documentId, `${process.pid}:${randomUUID()}`, work, { busy });
}
