import { oneWriterAtATime } from '../../db/document-lock';
import { FeedbackModel, type Feedback } from '../../db/models/feedback';
import { retryOnBusy } from '../../db/retry-on-busy';
import { FEEDBACK_VISIBILITIES, maySetVisibility, type FeedbackVisibility } from '../../domain/feedback';
import { recordAudit } from '../../platform/audit/record-audit';
import type { CurrentUser } from '../current-user';
import { badRequest, busy, notFound } from '../http-errors';
import { translate, type Locale } from '../i18n';

/**
 * The person a note was given to decides who else reads it: only them, the giver and their manager
 * (`private`), or their whole unit too (`unit`). Changeable at any time; every change is audited with
 * the before and after. Setting what is already set changes nothing and writes no entry.
 */
export async function setFeedbackVisibility(feedbackId: string, body: unknown, user: CurrentUser, locale: Locale): Promise<{ note: Feedback; changed: boolean }> {
  const note = await FeedbackModel.findById(feedbackId).lean();
  // Anyone but the recipient is told "not found", as for a note they cannot read.
  if (!note || !maySetVisibility(user.id, note)) throw notFound('feedback');
  const value = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const problems = Object.keys(value).filter((k) => k !== 'visibility').map((k) => ({ field: k.slice(0, 100), code: 'unknown', message: translate(locale, 'feedback.problem.unknown') }));
  if (!(FEEDBACK_VISIBILITIES as readonly unknown[]).includes(value.visibility)) problems.push({ field: 'visibility', code: 'enum', message: translate(locale, 'feedback.problem.visibility.enum') });
  if (problems.length > 0) throw badRequest(translate(locale, 'feedback.problem.invalid'), problems);
  const visibility = value.visibility as FeedbackVisibility;
  return oneWriterAtATime(`feedback:${feedbackId}`, async () => {
    const current = (await FeedbackModel.findById(feedbackId).lean())!;
    if (current.visibility === visibility) return { note: current, changed: false };
    await retryOnBusy(() => FeedbackModel.updateOne({ _id: feedbackId }, { $set: { visibility } }));
    await recordAudit({
      actor: user.id, action: 'feedback.visibility', subject: { type: 'feedback', id: feedbackId },
      before: { visibility: current.visibility }, after: { visibility }, details: { from: current.visibility, to: visibility },
    });
    return { note: { ...current, visibility }, changed: true };
  }, () => busy('feedback'));
}
