import { Schema, model } from 'mongoose';
import { retryOnBusy } from '../retry-on-busy';

/**
 * A message to a person (the outbox): results published, decisions taken, letters issued. Its id
 * names the case and the event, so a redelivered worker task writes the same notification once.
 */
export interface Notification {
  _id: string; // notificationId(caseId, kind, recipientId)
  recipientId: string;
  caseId: string;
  kind: string; // e.g. review.published, calibration.applied, appeal.decided, bonus.letter, clawback.applied
  /** Template parameters; the text is rendered in the reader's language when shown. */
  params: Record<string, string | number | boolean | null>;
  createdAt: Date;
  readAt?: Date;
  /** When the mail dispatcher turned it into mail (src/worker/mail); absent until then. */
  mailedAt?: Date;
  /**
   * 'waiting' until the dispatcher has made its mail, then 'queued'. A string the store can answer
   * from an index: the dispatcher asked for `mailedAt: {$exists: false}` every pass, which read and
   * decoded every notification ever written.
   */
  mail?: 'waiting' | 'queued';
}

const notificationSchema = new Schema<Notification>({
  _id: { type: String, required: true },
  recipientId: { type: String, required: true, index: true },
  caseId: { type: String, required: true },
  kind: { type: String, required: true },
  params: { type: Schema.Types.Mixed, default: {} },
  createdAt: { type: Date, required: true },
  readAt: Date,
  mailedAt: Date,
  mail: { type: String, index: true },
}, { versionKey: false, minimize: false });

export function notificationId(caseId: string, kind: string, recipientId: string): string {
  return `${caseId}:${kind}:${recipientId}`;
}

/** Idempotent: a second call for the same case, kind and recipient changes nothing. */
export async function notify(recipientId: string, caseId: string, kind: string, params: Notification['params'] = {}): Promise<void> {
  await retryOnBusy(() => NotificationModel.updateOne(
    { _id: notificationId(caseId, kind, recipientId) },
    { $setOnInsert: { recipientId, caseId, kind, params, createdAt: new Date(), mail: 'waiting' } },
    { upsert: true },
  ));
}

export const NotificationModel = model<Notification>('Notification', notificationSchema, 'notifications');
