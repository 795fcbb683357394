import { createHash, randomUUID } from 'node:crypto';
import type { ClientRateLimitInfo, IncrementResponse, Store } from 'express-rate-limit';
import { RateLimitHitModel } from '../../db/models/rate-limit-hit';
import { retryOnBusy } from '../../db/retry-on-busy';

export interface StoreRateLimitOptions {
  /** The limiter's name: it keeps its hits apart from other limiters' ("sign-in-failures"). */
  limiter: string;
  windowMs: number;
  /** Hits past this are refused anyway; the store forgets them at once, so a flood leaves no more than this behind. */
  limit: number;
  /**
   * Servers with the same scope share their counters; every node of a deployment uses the default.
   * Tests give each server they start a scope of its own, as each had its own counters before.
   */
  scope?: string;
}

const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * express-rate-limit's Store over the document store, so every server node counts against one
 * ceiling and a restart forgets nothing (issue 17: several servers behind a proxy).
 *
 * Each hit is an inserted document (RateLimitHitModel) and the count is the hits of the client's key
 * in the last window (a sliding window: a hit stops counting windowMs after it happened). An
 * increment inserts first and counts after, so of any number of racing requests the k-th insert
 * counts at least k: no more than `limit` of them pass, whichever nodes they reach. A hit that is
 * over the limit is deleted again, so a flood of refused requests neither piles up documents nor
 * pushes the window on (the counter stays over the limit by the hits it keeps).
 */
export class StoreRateLimit implements Store {
  readonly localKeys = false;
  readonly prefix: string;
  private lastPrune = 0;

  constructor(private readonly options: StoreRateLimitOptions) {
    this.prefix = `${options.limiter}:`;
  }

  private storedKey(key: string): string {
    const digest = createHash('sha256').update(`${this.options.scope ?? ''}\n${key}`).digest('hex');
    return `${this.options.limiter}:${digest}`;
  }

  /** The hits of a key that still count, oldest first. */
  private async hits(storedKey: string): Promise<Array<{ _id: string; at: Date }>> {
    const since = new Date(Date.now() - this.options.windowMs);
    const hits = await RateLimitHitModel.find({ key: storedKey }, { at: 1 }).lean();
    return hits.filter((hit) => hit.at >= since).sort((a, b) => a.at.getTime() - b.at.getTime() || (a._id < b._id ? -1 : 1));
  }

  private info(hits: Array<{ at: Date }>): ClientRateLimitInfo {
    const oldest = hits[0]?.at.getTime() ?? Date.now();
    return { totalHits: hits.length, resetTime: new Date(oldest + this.options.windowMs) };
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const hits = await this.hits(this.storedKey(key));
    return hits.length === 0 ? undefined : this.info(hits);
  }

  async increment(key: string): Promise<IncrementResponse> {
    this.pruneNowAndThen();
    const storedKey = this.storedKey(key);
    const id = randomUUID();
    await retryOnBusy(() => RateLimitHitModel.create({ _id: id, limiter: this.options.limiter, key: storedKey, at: new Date() }));
    const hits = await this.hits(storedKey);
    const info = this.info(hits);
    if (hits.length > this.options.limit) await retryOnBusy(() => RateLimitHitModel.deleteOne({ _id: id }));
    return info;
  }

  /** A request that is not to count after all (a successful sign-in): one of the key's hits goes, the newest. */
  async decrement(key: string): Promise<void> {
    const storedKey = this.storedKey(key);
    for (let attempt = 0; attempt < 5; attempt++) {
      const newest = (await this.hits(storedKey)).at(-1);
      if (!newest) return;
      const { deletedCount } = await retryOnBusy(() => RateLimitHitModel.deleteOne({ _id: newest._id }));
      // Another request's decrement took the same hit first: take the next newest.
      if (deletedCount === 1) return;
    }
  }

  async resetKey(key: string): Promise<void> {
    await retryOnBusy(() => RateLimitHitModel.deleteMany({ key: this.storedKey(key) }));
  }

  /** Hits past the window count for nobody; removed about hourly by each node (no TTL index in the store subset). */
  private pruneNowAndThen(): void {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    const before = new Date(Date.now() - this.options.windowMs);
    retryOnBusy(() => RateLimitHitModel.deleteMany({ limiter: this.options.limiter, at: { $lt: before } })).catch(() => { /* next time */ });
  }
}
