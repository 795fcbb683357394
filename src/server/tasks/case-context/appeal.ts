import { formVersion } from '../../../db/immutable-versions';
import { AppealModel } from '../../../db/models/appeal';
import { PersonModel } from '../../../db/models/person';
import { caseIdFor } from '../../../db/models/review-case';
import { personName } from '../../../db/person-cards';
import { mayReadAppealOf } from '../../access/appeal-access';
import type { ContextReader, SourceResult } from './context-reader';
import { labelledAnswers } from './labelled-answers';

/**
 * The subject's appeal in the case's cycle: when it was filed, the rating it challenges, the
 * statement, ground and requested rating under the filing form's own labels, and HR's triage once
 * made. Read as GET /api/appeals reads it (appeal-access.ts).
 */
export async function appealSource({ reviewCase, user, locale }: ContextReader): Promise<SourceResult> {
  const person = await PersonModel.findById(reviewCase.subjectId, { name: 1, unitId: 1, managerId: 1 }).lean();
  if (!person) return 'nothing-yet';
  if (!(await mayReadAppealOf(user, person))) return 'not-shown';
  const appeal = await AppealModel.findById(caseIdFor('appeal', reviewCase.cycle, reviewCase.subjectId)).lean();
  if (!appeal) return 'nothing-yet';
  const form = await formVersion(appeal.filingForm.key, appeal.filingForm.version);
  return {
    partial: 'context-appeal',
    data: {
      person: { name: person.name },
      cycle: appeal.cycle,
      filedAt: appeal.filedAt,
      ratingAtFiling: appeal.ratingAtFiling,
      status: appeal.status,
      answers: form ? labelledAnswers(form.schema, appeal.filing, locale, false) : [],
      triage: appeal.triage ? { decision: appeal.triage.decision, reasons: appeal.triage.reasons, at: appeal.triage.at, by: (await personName(appeal.triage.by)) ?? null } : null,
    },
  };
}
