import { PersonModel } from '../../../db/models/person';
import { ReviewCaseModel, caseIdFor } from '../../../db/models/review-case';
import { mayReadCaseOf } from '../../access/case-access';
import { plansOf } from '../../development/plan-view';
import { resultOf } from '../../me/overview';
import type { ContextReader, SourceResult } from './context-reader';

async function subjectOf({ reviewCase, user }: ContextReader) {
  if (reviewCase.subjectType === 'unit') return null;
  const person = await PersonModel.findById(reviewCase.subjectId, { managerId: 1, unitId: 1 }).lean();
  if (!person) return null;
  return { person, mayRead: await mayReadCaseOf(user, person) };
}

/**
 * The person's published result of the case's cycle, as /me shows it to them: the rating that
 * stands, the score, each dimension's rating and weight, and the "why" lines. What a manager holds
 * the feedback meeting about. Shown to whoever reads the person's review case (case-access.ts).
 */
export async function publishedResultSource(reader: ContextReader): Promise<SourceResult> {
  const found = await subjectOf(reader);
  if (!found) return 'nothing-yet';
  if (!found.mayRead) return 'not-shown';
  const review = await ReviewCaseModel.findById(caseIdFor('performance-review', reader.reviewCase.cycle, found.person._id), { publishedAt: 1, policyVersions: 1 }).lean();
  if (!review?.publishedAt) return 'nothing-yet';
  const result = await resultOf(reader.reviewCase.cycle, found.person._id, reader.locale, review.policyVersions?.scoring);
  if (!result) return 'nothing-yet';
  return { partial: 'context-published-result', data: { cycle: reader.reviewCase.cycle, publishedAt: review.publishedAt, ...result } };
}

/**
 * The person's development plans from feedback meetings, newest first: each item with its owner,
 * due date and status, and the trainings suggested for the meeting's gaps. The employee acknowledging
 * a meeting sees the plan it made; the next cycle's check-in shows the items still open, with a link
 * to the plan page where they are marked. Shown to whoever reads the person's review case.
 */
export async function developmentPlanSource(reader: ContextReader): Promise<SourceResult> {
  const found = await subjectOf(reader);
  if (!found) return 'nothing-yet';
  if (!found.mayRead) return 'not-shown';
  const plans = await plansOf(found.person._id, reader.locale);
  if (plans.length === 0) return 'nothing-yet';
  return { partial: 'context-development-plan', data: { plans, own: reader.user.id === found.person._id } };
}
