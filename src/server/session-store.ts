import { retryOnBusy } from '../db/retry-on-busy';
import session from 'express-session';
import { SessionModel } from '../db/models/session';
import { TtlCache } from '../lib/ttl-cache';

const DAY_MS = 24 * 60 * 60 * 1000;

/** express-session store on the document store, so sessions survive restarts and serve several server nodes. */
// One per process, so ending a person's sessions (endOtherSessions) takes effect on this node at once.
const recent = new TtlCache<{ data: session.SessionData; expiresAt: Date }>(5_000);

export class StoreSessionStore extends session.Store {
  private lastPrune = 0;
  private readonly recent = recent;

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    const cached = this.recent.get(sid);
    if (cached) return callback(null, cached.expiresAt > new Date() ? structuredClone(cached.data) : null);
    SessionModel.findById(sid).lean()
      .then((doc) => {
        if (!doc || doc.expiresAt <= new Date()) return callback(null, null);
        const data = doc.data as unknown as session.SessionData;
        this.recent.set(sid, { data, expiresAt: doc.expiresAt });
        callback(null, structuredClone(data));
      })
      .catch((err) => callback(err));
  }

  override set(sid: string, data: session.SessionData, callback?: (err?: unknown) => void): void {
    const expiresAt = data.cookie?.expires ? new Date(data.cookie.expires) : new Date(Date.now() + DAY_MS);
    this.recent.delete(sid);
    retryOnBusy(() => SessionModel.updateOne({ _id: sid }, { $set: { data: JSON.parse(JSON.stringify(data)), expiresAt } }, { upsert: true }))
      .then(() => { this.pruneNowAndThen(); callback?.(); })
      .catch((err) => callback?.(err));
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.recent.delete(sid);
    SessionModel.deleteOne({ _id: sid }).then(() => callback?.()).catch((err) => callback?.(err));
  }

  /** Sessions end a fixed time after sign-in (no sliding expiry), so a request writes nothing. */
  override touch(_sid: string, _data: session.SessionData, callback?: () => void): void {
    callback?.();
  }

  private pruneNowAndThen(): void {
    if (Date.now() - this.lastPrune < 60 * 60 * 1000) return;
    this.lastPrune = Date.now();
    SessionModel.deleteMany({ expiresAt: { $lt: new Date() } }).catch(() => { /* next time */ });
  }
}

/**
 * Ends a person's other sessions (after a password change). A filter on a field inside the
 * session scans on FerretDB; it runs once per password change, never per request. Other nodes
 * that cached one of these sessions keep it for at most the cache's five seconds.
 */
export async function endOtherSessions(userId: string, keepSessionId: string): Promise<number> {
  const others = (await SessionModel.find({ 'data.userId': userId }, { _id: 1 }).lean()).map((s) => s._id).filter((id) => id !== keepSessionId);
  for (const id of others) {
    await retryOnBusy(() => SessionModel.deleteOne({ _id: id }));
    recent.delete(id);
  }
  return others.length;
}
