import { oneWriterAtATime } from '../../db/document-lock';
import { isDuplicateKey } from '../../db/duplicate-key';
import { FeedbackModel, type Feedback } from '../../db/models/feedback';
import { PersonGoalModel, type PersonGoal } from '../../db/models/goal';
import { PersonModel } from '../../db/models/person';
import { retryOnBusy } from '../../db/retry-on-busy';
import { checkFeedbackDraft, feedbackDay, feedbackIdOf } from '../../domain/feedback';
import { isPersonId } from '../../domain/ids';
import { recordAudit } from '../../platform/audit/record-audit';
import type { CurrentUser } from '../current-user';
import { badRequest, busy, HttpError } from '../http-errors';
import { translate, type Locale } from '../i18n';
import { recognitionPolicyInForce } from './feedback-policy';

/** A person's goals of the latest cycle they have agreed goals in: what a note may be about. */
export async function currentGoalsOf(personId: string): Promise<PersonGoal[]> {
  const goals = await PersonGoalModel.find({ personId }).lean();
  if (goals.length === 0) return [];
  const latest = goals.reduce((a, b) => (b.recordedAt.getTime() > a.recordedAt.getTime() ? b : a)).cycle;
  return goals.filter((g) => g.cycle === latest).sort((a, b) => a.index - b.index);
}

/** `feedback.problem.<field>.<code>`, or `feedback.problem.<code>` for a reason any field can have. */
function problemText(locale: Locale, field: string, code: string): string {
  const specific = `feedback.problem.${field}.${code}`;
  const text = translate(locale, specific);
  return text === specific ? translate(locale, `feedback.problem.${code}`) : text;
}

/**
 * Gives a note (domain/feedback.ts): checked field by field (400 naming each field, nothing
 * written), at most the policy's number a day per giver (429), and stored once: the same note sent
 * again on the same day is a replay. Recognition and feedback are audited.
 */
export async function giveFeedback(body: unknown, user: CurrentUser, locale: Locale): Promise<{ note: Feedback; replayed: boolean }> {
  const policy = await recognitionPolicyInForce();
  const to = typeof body === 'object' && body !== null ? (body as { to?: unknown }).to : undefined;
  const recipient = isPersonId(to) && to !== user.id ? await PersonModel.findById(to, { _id: 1, active: 1 }).lean() : null;
  const goals = recipient && recipient.active !== false ? await currentGoalsOf(recipient._id) : null;
  const checked = checkFeedbackDraft(body, user.id, policy.body, goals?.map((g) => g._id) ?? (to === user.id ? [] : null));
  if (!checked.draft) {
    const problems = checked.problems.map((p) => ({ ...p, message: problemText(locale, p.field, p.code) }));
    throw badRequest(translate(locale, 'feedback.problem.invalid'), problems);
  }
  const draft = checked.draft;
  const now = new Date();
  const day = feedbackDay(now);
  const id = feedbackIdOf(user.id, draft, day);
  return oneWriterAtATime(`feedback-giver:${user.id}`, async () => {
    const existing = await FeedbackModel.findById(id).lean();
    if (existing) return { note: existing, replayed: true };
    const today = await FeedbackModel.countDocuments({ fromId: user.id, day });
    if (today >= policy.body.dailyLimitPerGiver) throw new HttpError(429, translate(locale, 'feedback.problem.daily'));
    const note: Feedback = {
      _id: id, fromId: user.id, toId: draft.to, kind: draft.kind, text: draft.text, visibility: 'private', day, createdAt: now, policyVersion: policy.version,
      ...(draft.goalId ? { goalId: draft.goalId, goalTitle: goals!.find((g) => g._id === draft.goalId)!.title } : { value: draft.value! }),
    };
    try {
      await retryOnBusy(() => FeedbackModel.create(note));
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      return { note: (await FeedbackModel.findById(id).lean())!, replayed: true };
    }
    await recordAudit({
      eventId: `feedback:${id}:given`, actor: user.id, action: `feedback.${draft.kind}.given`, subject: { type: 'person', id: draft.to },
      details: { feedbackId: id, ...(draft.goalId ? { goalId: draft.goalId } : { value: draft.value }), policyVersion: policy.version },
    });
    return { note, replayed: false };
  }, () => busy('feedback'));
}
