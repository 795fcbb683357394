import { MailModel, MailPreferenceModel, OutboxMessageModel } from '../../db/models/mail';
import { PersonModel } from '../../db/models/person';
import { policyInForce } from '../../db/policies-in-force';
import { MAIL_CATEGORIES, MAIL_MODES, readMailPolicy, type MailCategory, type MailMode } from '../../domain/mail';
import type { Locale } from '../../platform/i18n';
import { badRequest, busy, HttpError, notFound } from '../http-errors';
import { oneWriterAtATime } from '../../db/document-lock';
import { retryOnBusy } from '../../db/retry-on-busy';
import { recordAudit } from '../../platform/audit/record-audit';

/** Who reads the outbox: admins (it holds every mail's text). Everyone else gets "not found". */
export const isMailReader = (user: Express.Request['user']) => Boolean(user?.roles.includes('admin'));

export interface OutboxView {
  received: Array<{ id: string; to: string; subject: string; text: string; receivedAt: string }>;
  undelivered: Array<{ id: string; recipient: string; kind: string; status: string; attempts: number; error: string | null; createdAt: string }>;
}

const OUTBOX_PAGE = 100;

/** The newest mails the sink received, and the mails not (yet) sent, readers named. */
export async function outboxView(locale: Locale): Promise<OutboxView> {
  const [received, undelivered] = await Promise.all([
    OutboxMessageModel.find({}).sort({ receivedAt: -1 }).limit(OUTBOX_PAGE).lean(),
    MailModel.find({ status: { $in: ['pending', 'failed'] } }).sort({ createdAt: -1 }).limit(OUTBOX_PAGE).lean(),
  ]);
  const names = await namesOf(undelivered.map((m) => m.recipientId), locale);
  return {
    received: received.map((m) => ({ id: m._id, to: m.to.join(', '), subject: m.subject, text: m.text, receivedAt: m.receivedAt.toISOString() })),
    undelivered: undelivered.map((m) => ({ id: m._id, recipient: names.get(m.recipientId) ?? m.recipientId, kind: m.kind, status: m.status, attempts: m.attempts, error: m.lastError ?? null, createdAt: m.createdAt.toISOString() })),
  };
}

async function namesOf(ids: string[], locale: Locale): Promise<Map<string, string>> {
  const people = ids.length === 0 ? [] : await PersonModel.find({ _id: { $in: [...new Set(ids)] } }, { name: 1 }).lean();
  return new Map(people.map((p) => [p._id, p.name[locale] ?? p.name.en]));
}

/** Mails that could not be sent after every attempt: the incidents page lists them beside the engine's. */
export async function failedMails(locale: Locale): Promise<Array<{ id: string; recipient: string; kind: string; attempts: number; error: string; time: string }>> {
  const rows = await MailModel.find({ status: 'failed' }).sort({ createdAt: -1 }).limit(200).lean();
  const names = await namesOf(rows.map((m) => m.recipientId), locale);
  return rows.map((m) => ({ id: m._id, recipient: names.get(m.recipientId) ?? m.recipientId, kind: m.kind, attempts: m.attempts, error: m.lastError ?? '', time: m.createdAt.toISOString() }));
}

/**
 * A mail the dispatcher gave up on, tried again: back to pending with its attempts and back-off
 * anew (audited). One conditional update from 'failed', so two operators at once retry it once
 * (retried: false for the second, as for a mail already waiting to go); the dispatcher's claim and
 * the mail's _id as its Message-ID send it once. A mail that went out is not sent again (409).
 */
export async function retryFailedMail(id: string, actor: string): Promise<{ retried: boolean }> {
  const now = new Date();
  const updated = await retryOnBusy(() => MailModel.updateOne({ _id: id, status: 'failed' }, { $set: { status: 'pending', attempts: 0, nextAttemptAt: now }, $unset: { claimedBy: 1, claimUntil: 1 } }));
  if (updated.modifiedCount === 1) {
    await recordAudit({ actor, action: 'mail.retried', subject: { type: 'mail', id }, details: {} });
    return { retried: true };
  }
  const mail = await MailModel.findById(id, { status: 1 }).lean();
  if (!mail) throw notFound('mail');
  if (mail.status === 'pending') return { retried: false };
  throw new HttpError(409, `this mail is ${mail.status}: only a mail that could not be sent is tried again`);
}

export interface MailPreferencesView {
  preferences: Record<MailCategory, MailMode>;
  /** Kinds the policy sends whatever is chosen. */
  alwaysSent: string[];
}

export async function mailPreferences(personId: string): Promise<MailPreferencesView> {
  const [row, policy] = await Promise.all([MailPreferenceModel.findById(personId).lean(), policyInForce('mail')]);
  const preferences = Object.fromEntries(MAIL_CATEGORIES.map((c) => [c, row?.[c] ?? 'immediate'])) as Record<MailCategory, MailMode>;
  return { preferences, alwaysSent: readMailPolicy(policy?.body).alwaysSent };
}

export interface MailPreferencesChange extends MailPreferencesView {
  /** False when the choices were already these (a repeated save): nothing written, nothing audited. */
  changed: boolean;
}

/**
 * Saves a person's choices (each category one of immediate, digest, off; nothing else) and records
 * before and after in the audit trail. One save at a time per person, so two at once each record the
 * choices they replaced, and a repeated save changes and records nothing.
 */
export async function saveMailPreferences(personId: string, body: unknown): Promise<MailPreferencesChange> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('send the choices as { tasks, reminders, results }', [{ field: 'body', code: 'type', message: 'a group of fields' }]);
  const problems = [];
  const set: Partial<Record<MailCategory, MailMode>> = {};
  for (const [field, value] of Object.entries(body as Record<string, unknown>)) {
    if (!(MAIL_CATEGORIES as readonly string[]).includes(field)) problems.push({ field: field.slice(0, 100), code: 'unknown', message: 'not a field here' });
    else if (!(MAIL_MODES as readonly unknown[]).includes(value)) problems.push({ field, code: 'enum', message: 'one of immediate, digest, off' });
    else set[field as MailCategory] = value as MailMode;
  }
  if (problems.length > 0) throw badRequest('these mail settings cannot be saved', problems.slice(0, 20));
  return oneWriterAtATime(`person:${personId}:mail-preferences`, async () => {
    const { preferences: before } = await mailPreferences(personId);
    const after = { ...before, ...set };
    const changed = MAIL_CATEGORIES.some((c) => before[c] !== after[c]);
    if (changed) {
      await retryOnBusy(() => MailPreferenceModel.updateOne({ _id: personId }, { $set: { ...after, updatedAt: new Date() } }, { upsert: true }));
      await recordAudit({ actor: personId, action: 'mail.preferences-changed', subject: { type: 'person', id: personId }, before, after });
    }
    return { ...(await mailPreferences(personId)), changed };
  }, () => busy('mail settings'));
}
