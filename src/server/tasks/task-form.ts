import { retryOnBusy } from '../../db/retry-on-busy';
import { FormVersionModel, type FormVersion } from '../../db/models/form-version';
import { formVersion } from '../../db/immutable-versions';
import { ReviewCaseModel, type ReviewCase } from '../../db/models/review-case';
import { taskVariable, type EngineTask } from '../engine-client';
import { HttpError } from '../http-errors';
import { caseOptions } from '../forms/case-options';
import { optionSourcesOf, withOptions } from '../forms/option-sources';
import { withScoringDimensions } from '../forms/scoring-dimensions';
import type { Locale } from '../i18n';

const FORMIO_PREFIX = 'formio:';

export function formKeyOf(task: Pick<EngineTask, 'formKey'>): string | null {
  return task.formKey?.startsWith(FORMIO_PREFIX) ? task.formKey.slice(FORMIO_PREFIX.length) : null;
}

/**
 * The form version a task shows: the one its case pinned. A form the case did not pin yet (added
 * to the flow later) is pinned at its latest version on first use, and stays so for this case.
 * Case-dependent select options are filled in (see forms/option-sources.ts), labelled in the reader's
 * language when one is given (showing), bilingual otherwise (validating).
 */
export async function pinnedFormForTask(task: EngineTask, locale?: Locale): Promise<{ reviewCase: ReviewCase; form: FormVersion }> {
  const key = formKeyOf(task);
  if (!key) throw new HttpError(409, `task ${task.taskDefinitionKey} has no Form.io form`);
  const caseId = taskVariable(task, 'caseId');
  const reviewCase = caseId ? await ReviewCaseModel.findById(caseId).lean() : null;
  // The instance id is recorded just after the start returns; a task can be opened before that.
  if (!reviewCase || (reviewCase.processInstanceId && reviewCase.processInstanceId !== task.processInstanceId)) {
    throw new HttpError(409, 'this task belongs to no known case');
  }
  let version = reviewCase.formVersions[key];
  if (version === undefined) {
    const latest = await FormVersionModel.findOne({ key }).sort({ version: -1 }).lean();
    if (!latest) throw new HttpError(409, `form ${key} is not deployed`);
    await retryOnBusy(() => ReviewCaseModel.updateOne({ _id: reviewCase._id, [`formVersions.${key}`]: { $exists: false } }, { $set: { [`formVersions.${key}`]: latest.version } }));
    const pinned = await ReviewCaseModel.findById(reviewCase._id).lean();
    version = pinned!.formVersions[key]!;
    reviewCase.formVersions = pinned!.formVersions;
  }
  // Rating fields from the case's pinned scoring policy (`"scoringDimensions"` placeholder), for showing and validating alike.
  const form = await withScoringDimensions(await formVersion(key, version), reviewCase);
  if (!form) throw new HttpError(409, `form ${key} version ${version} is missing`);
  // Selects whose options depend on the case (`optionsFrom`) get them now, for showing and validating alike.
  const sources = optionSourcesOf(form.schema);
  if (sources.length === 0) return { reviewCase, form };
  const options = await caseOptions(sources, { reviewCase, managerId: taskVariable(task, 'managerId'), locale });
  return { reviewCase, form: { ...form, schema: withOptions(form.schema, options) } };
}
