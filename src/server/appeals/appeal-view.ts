import { AppealModel, type Appeal } from '../../db/models/appeal';
import { PersonModel } from '../../db/models/person';
import { caseIdFor, ReviewCaseModel } from '../../db/models/review-case';
import { standingRating } from '../../db/models/score';
import { CYCLE_ID, PERSON_ID } from '../../domain/ids';
import { mayReadAppealOf } from '../access/appeal-access';
import type { CurrentUser } from '../current-user';

/** A person's appeal in a cycle, if this user may read it; anything else (no such person, no appeal, not theirs to read) is null. */
export async function readableAppeal(user: CurrentUser, cycle: string, personId: string): Promise<Appeal | null> {
  const person = CYCLE_ID.test(cycle) && PERSON_ID.test(personId) ? await PersonModel.findById(personId, { unitId: 1, managerId: 1 }).lean() : null;
  const mayRead = person && await mayReadAppealOf(user, person);
  return mayRead ? AppealModel.findById(caseIdFor('appeal', cycle, personId)).lean() : null;
}

/** The appeal with its case's progress and the rating it appeals against. */
export async function appealView(appeal: Appeal, cycle: string, personId: string) {
  const [appealCase, standing] = await Promise.all([ReviewCaseModel.findById(appeal._id, { status: 1, escalatedAt: 1, launchedAt: 1 }).lean(), standingRating(cycle, personId)]);
  return { appeal, case: appealCase, standingRating: standing };
}
