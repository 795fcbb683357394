import { Schema, model } from 'mongoose';

/** Login sessions. Expired ones are removed by the store itself (no TTL indexes: docs/architecture.md, "Store limits"). */
export interface StoredSession {
  _id: string;
  data: Record<string, unknown>;
  expiresAt: Date;
}

const sessionSchema = new Schema<StoredSession>({
  _id: { type: String, required: true },
  data: { type: Schema.Types.Mixed, required: true },
  expiresAt: { type: Date, required: true, index: true },
}, { versionKey: false, minimize: false });

export const SessionModel = model<StoredSession>('Session', sessionSchema, 'sessions');
