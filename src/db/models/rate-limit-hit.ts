import { Schema, model } from 'mongoose';

/**
 * One request a store-kept rate limit counted (src/server/security/rate-limit-store.ts). Each hit is
 * its own inserted document and a count is a query: one counter document that every server node
 * increments would lose increments on FerretDB (README, "One writer per document"). Hits older than
 * their limiter's window are ignored by the count and removed now and then (no TTL index: the store
 * subset the code keeps has none).
 */
export interface RateLimitHit {
  _id: string;
  /** Which limiter counted it ("sign-in-failures", "sign-in-attempts"): plain text, for pruning and reading. */
  limiter: string;
  /** The limiter and the client's key, hashed: printable and fixed-length whatever the user name held. */
  key: string;
  at: Date;
}

const rateLimitHitSchema = new Schema<RateLimitHit>({
  _id: { type: String, required: true },
  limiter: { type: String, required: true, index: true },
  key: { type: String, required: true, index: true },
  at: { type: Date, required: true },
}, { versionKey: false });

export const RateLimitHitModel = model<RateLimitHit>('RateLimitHit', rateLimitHitSchema, 'rateLimitHits');
