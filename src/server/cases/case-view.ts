import { PersonModel } from '../../db/models/person';
import { REVIEW_CASE_ID } from '../../domain/ids';
import { ReviewCaseModel } from '../../db/models/review-case';
import { ScoreModel } from '../../db/models/score';
import { mayReadCaseOf } from '../access/case-access';
import type { CurrentUser } from '../current-user';


/** A review case with the person it is about, if this user may read it; a case they may not see is null, like one that does not exist. */
export async function readableCase(user: CurrentUser, caseId: string) {
  // `<cycle>:<person id>`; anything else cannot be a review case and is not looked up.
  const reviewCase = REVIEW_CASE_ID.test(caseId) ? await ReviewCaseModel.findById(caseId).lean() : null;
  const person = reviewCase ? await PersonModel.findById(reviewCase.subjectId, { name: 1, title: 1, unitId: 1, managerId: 1 }).lean() : null;
  if (!reviewCase || !person || !(await mayReadCaseOf(user, person))) return null;
  return { reviewCase, person };
}

/** The case, the person it is about (without their manager), and its scores. */
export async function caseView({ reviewCase, person }: NonNullable<Awaited<ReturnType<typeof readableCase>>>) {
  const { managerId: _managerId, ...subject } = person;
  const scores = await ScoreModel.find({ caseId: reviewCase._id }).lean();
  return { case: reviewCase, subject, scores };
}
