import { formVersion } from '../../../db/immutable-versions';
import { SubmissionModel, submissionVariable } from '../../../db/models/submission';
import { personName } from '../../../db/person-cards';
import { mayReadBonusOfUnit } from '../../access/bonus-access';
import { taskVariable } from '../../engine-client';
import type { ContextReader, SourceResult } from './context-reader';
import { labelledAnswers } from './labelled-answers';
import { caseSubject } from './subject';
import { CONTRIBUTOR_STEPS } from '../case-history';

/**
 * The case's latest submission of a form (`submission:<formKey>`), under that form's own labels.
 * The person working a task of the case reads it there because the owner put it on that step's form;
 * amounts in it (currency fields) only if they may read pay in the subject's unit (bonus-access.ts).
 */
export async function submissionSource(reader: ContextReader, formKey: string): Promise<SourceResult> {
  const { task, reviewCase, user, locale } = reader;
  // The engine carries the latest one's id (set on completion); a case from before that asks the store.
  const id = taskVariable(task, submissionVariable(formKey));
  const submission = id
    ? await SubmissionModel.findById(id).lean()
    : await SubmissionModel.findOne({ caseId: reviewCase._id, formKey }).sort({ submittedAt: -1 }).lean();
  if (!submission || submission.caseId !== reviewCase._id) return 'nothing-yet';
  // A 360 colleague's own answer is anonymous: only the summary is shown, under the feedback-360 policy.
  if (CONTRIBUTOR_STEPS.has(submission.taskDefinitionKey) && submission.submittedBy !== user.id) return 'not-shown';
  const form = await formVersion(submission.formKey, submission.formVersion);
  if (!form) return 'nothing-yet';
  const subject = await caseSubject(reviewCase);
  const unitId = subject?.kind === 'person' ? subject.unitId : subject?._id;
  const showPay = unitId ? await mayReadBonusOfUnit(user, unitId) : false;
  const titles = form.schema.title_i18n as Record<string, string> | undefined;
  return {
    partial: 'context-submission',
    data: {
      title: titles?.[locale] ?? form.schema.title ?? formKey,
      submittedAt: submission.submittedAt,
      submittedBy: (await personName(submission.submittedBy)) ?? null,
      answers: labelledAnswers(form.schema, submission.data, locale, showPay),
    },
  };
}
