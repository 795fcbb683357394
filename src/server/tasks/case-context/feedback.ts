import { FeedbackModel } from '../../../db/models/feedback';
import { PersonModel } from '../../../db/models/person';
import { recognitionPolicyOf } from '../../../db/recognition-policy';
import { assessmentEvidence } from '../../../domain/feedback';
import { readsAllFeedback } from '../../feedback/feedback-access';
import { notesInWords } from '../../feedback/feedback-view';
import type { ContextReader, SourceResult } from './context-reader';

/**
 * The feedback and recognition the case's person received (domain/feedback.ts), for the manager
 * assessing them: beside the 360, never in the score. Recognition is shown as evidence only when the
 * case's pinned recognition policy says so (`recognitionAsEvidence`); otherwise the block says how
 * much was held back and why. Shown to the person's manager (the org chart now) and auditors.
 */
export async function feedbackSource({ reviewCase, user, locale }: ContextReader): Promise<SourceResult> {
  if (reviewCase.subjectType === 'unit') return 'nothing-yet';
  const person = await PersonModel.findById(reviewCase.subjectId, { managerId: 1 }).lean();
  if (!person) return 'nothing-yet';
  if (person.managerId !== user.id && !readsAllFeedback(user)) return 'not-shown';
  const policy = await recognitionPolicyOf(reviewCase);
  if (!policy) return 'nothing-yet';
  const received = await FeedbackModel.find({ toId: person._id }).lean();
  const { shown, recognitionWithheld } = assessmentEvidence(received, policy.body, new Date());
  return {
    partial: 'context-feedback',
    data: {
      notes: await notesInWords(shown, policy.body.values, locale, user.id),
      recognitionWithheld,
      recognitionAsEvidence: policy.body.recognitionAsEvidence,
      windowDays: policy.body.evidenceWindowDays,
    },
  };
}
