import { recordAudit } from '../../platform/audit/record-audit';
import { AppealModel, type Appeal } from '../../db/models/appeal';
import { FormVersionModel } from '../../db/models/form-version';
import { policyVersionsInForce } from '../../db/policies-in-force';
import { ReviewCaseModel, caseIdFor } from '../../db/models/review-case';
import { standingRating } from '../../db/models/score';
import { formVersion, policyVersion } from '../../db/immutable-versions';
import { latestVersions } from '../../platform/versions';
import { appealWindow, type AppealPolicy } from '../../domain/appeal';
import type { CurrentUser } from '../current-user';
import type { EngineClient } from '../engine-client';
import { validateSubmission } from '../forms/validate-submission';
import type { Locale } from '../i18n';
import { badRequest, HttpError, notFound } from '../http-errors';
import { startCase } from '../../platform/cases/start-case';
import { CYCLE_ID } from '../../domain/ids';
import { isDuplicateKey } from '../../db/duplicate-key';

export const APPEAL_PROCESS_KEY = 'appeal';
const FILING_FORM = 'appeal-filing';

/**
 * An employee appeals their own published result: the filing is validated against the filing form,
 * the window is the pinned appeal policy's, and the appeal flow starts with the panel's deadline
 * from the same policy. Repeating the same filing (a retry) answers with the appeal already filed.
 */
/** `locale`: the language a refusal's reasons are worded in for the reader (FieldProblem.text). */
export async function fileAppeal(engine: EngineClient, user: CurrentUser, cycle: string, data: unknown, today = new Date(), locale?: Locale): Promise<{ appeal: Appeal; replayed: boolean }> {
  if (!CYCLE_ID.test(cycle)) throw notFound('review');
  const review = await ReviewCaseModel.findById(caseIdFor('performance-review', cycle, user.id)).lean();
  if (!review) throw notFound('review');
  const [formVersions, policyVersions] = await Promise.all([latestVersions(FormVersionModel), policyVersionsInForce()]);
  const policy = policyVersions.appeal === undefined ? null : await policyVersion('appeal', policyVersions.appeal);
  const form = formVersions[FILING_FORM] === undefined ? null : await formVersion(FILING_FORM, formVersions[FILING_FORM]!);
  if (!policy || !form) throw new HttpError(409, 'appeals are not set up: the appeal policy or filing form is not deployed');
  const start = { formVersions, policyVersions, panelSla: (policy.body as unknown as AppealPolicy).panelSla };

  const caseId = caseIdFor(APPEAL_PROCESS_KEY, cycle, user.id);
  const earlier = await AppealModel.findById(caseId).lean();
  if (earlier) {
    // The start may have failed after the appeal was stored: starting again is idempotent.
    await startAppealCase(engine, earlier, review.managerId, user.id, start);
    return { appeal: earlier, replayed: true };
  }
  if (!review.publishedAt) throw new HttpError(409, 'the result of this review is not published yet; an appeal is possible once it is');
  const window = appealWindow(review.publishedAt.toISOString().slice(0, 10), today.toISOString().slice(0, 10), policy.body as unknown as AppealPolicy);
  if (!window.open) throw new HttpError(409, `the appeal window closed on ${window.closesOn}`);

  const result = validateSubmission(form.schema, data, locale);
  if (!result.ok) throw badRequest('the appeal does not match the form', result.problems);
  const standing = await standingRating(cycle, user.id);
  if (!standing) throw new HttpError(409, 'this review has no rating to appeal');

  const appeal: Appeal = {
    _id: caseId, cycle, personId: user.id, filing: result.data, filingForm: { key: FILING_FORM, version: form.version },
    filedAt: today, ratingAtFiling: standing.rating, status: 'filed',
  };
  try {
    await AppealModel.create(appeal);
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    return fileAppeal(engine, user, cycle, data, today, locale); // a concurrent identical request stored it first
  }
  await recordAudit({ actor: user.id, action: 'appeal.filed', subject: { type: 'appeal', id: caseId }, after: appeal.filing, details: { ratingAtFiling: standing.rating, closesOn: window.closesOn } });
  await startAppealCase(engine, appeal, review.managerId, user.id, start);
  return { appeal, replayed: false };
}

async function startAppealCase(
  engine: EngineClient, appeal: Appeal, managerId: string, actor: string,
  start: { formVersions: Record<string, number>; policyVersions: Record<string, number>; panelSla: string },
): Promise<void> {
  await startCase(engine, {
    processKey: APPEAL_PROCESS_KEY, cycle: appeal.cycle, subjectId: appeal.personId, subjectType: 'person', managerId,
    formVersions: start.formVersions, policyVersions: start.policyVersions, actor, variables: { panelSla: start.panelSla },
  });
}
