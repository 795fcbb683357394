import { Schema, model } from 'mongoose';
import type { MailMode } from '../../domain/mail';

/**
 * One mail to one person, made once: its _id names the event and the reader (domain/mail.ts mailId),
 * so a redelivered worker task or a second worker noticing the same event finds it made. The worker's
 * dispatcher claims it (claimedBy/claimUntil, one conditional update), sends it with its _id as the
 * Message-ID, and marks it sent; a failure waits and is tried again, then the mail is 'failed' and
 * shows on the incidents page.
 */
export type MailStatus = 'pending' | 'waiting-digest' | 'digested' | 'sent' | 'failed' | 'off';

export interface Mail {
  _id: string;
  recipientId: string;
  kind: string;
  mode: MailMode;
  /** Template parameters, pay figures already removed unless the policy allows them. */
  params: Record<string, unknown>;
  /** The app's page the mail links to (the app checks access). */
  link: string;
  status: MailStatus;
  /** For 'waiting-digest': the UTC day of the digest it goes out with. */
  digestDay?: string;
  /** For a digest mail: the mails it gathers. */
  entries?: string[];
  /**
   * For a mail about a task: `<taskId>:<stage>` (offered, assigned, remind, due, escalated), so the
   * dispatcher asks "is this task's stage mailed already?" by one equality the store answers from an
   * index. A range over _id prefixes read and decoded the whole collection on every pass.
   */
  taskStage?: string;
  attempts: number;
  nextAttemptAt: Date;
  claimedBy?: string;
  claimUntil?: Date;
  lastError?: string;
  createdAt: Date;
  sentAt?: Date;
}

const mailSchema = new Schema<Mail>({
  _id: { type: String, required: true },
  recipientId: { type: String, required: true, index: true },
  kind: { type: String, required: true },
  mode: { type: String, required: true },
  params: { type: Schema.Types.Mixed, default: {} },
  link: { type: String, required: true },
  status: { type: String, required: true, index: true },
  digestDay: String,
  entries: { type: [String], default: undefined },
  taskStage: { type: String, index: true },
  attempts: { type: Number, default: 0 },
  nextAttemptAt: { type: Date, required: true },
  claimedBy: String,
  claimUntil: Date,
  lastError: String,
  createdAt: { type: Date, required: true },
  sentAt: Date,
}, { versionKey: false, minimize: false });

export const MailModel = model<Mail>('Mail', mailSchema, 'mails');

/** A person's mail preferences, one document per person (_id is the person's id). */
export interface MailPreference {
  _id: string;
  tasks?: MailMode;
  reminders?: MailMode;
  results?: MailMode;
  updatedAt: Date;
}

const preferenceSchema = new Schema<MailPreference>({
  _id: { type: String, required: true },
  tasks: String, reminders: String, results: String,
  updatedAt: { type: Date, required: true },
}, { versionKey: false });

export const MailPreferenceModel = model<MailPreference>('MailPreference', preferenceSchema, 'mail_preferences');

/**
 * What the local SMTP sink received (the embedded default; production's relay keeps its own): the
 * outbox page admins read. Keyed by the Message-ID without its angle brackets, so a mail sent twice
 * is kept once.
 */
export interface OutboxMessage {
  _id: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  receivedAt: Date;
}

const outboxSchema = new Schema<OutboxMessage>({
  _id: { type: String, required: true },
  from: { type: String, default: '' },
  to: { type: [String], default: [] },
  subject: { type: String, default: '' },
  text: { type: String, default: '' },
  receivedAt: { type: Date, required: true, index: true },
}, { versionKey: false });

export const OutboxMessageModel = model<OutboxMessage>('OutboxMessage', outboxSchema, 'outbox');

/** Where the dispatcher has read the engine's new tasks up to (one document, _id 'tasks'). */
const cursorSchema = new Schema<{ _id: string; createdAfter: Date }>({ _id: String, createdAfter: Date }, { versionKey: false });
export const MailCursorModel = model('MailCursor', cursorSchema, 'mail_cursors');
