import { clawbackPolicyFor } from '../../platform/clawback/adjustment-case';
import { AwardModel } from '../../db/models/award';
import { AwardAdjustmentModel } from '../../db/models/award-adjustment';
import { ReviewCaseModel, type ReviewCase } from '../../db/models/review-case';
import { extentAtLeast, minimumExtentFor, type Extent, type MinimumExtent } from '../../domain/clawback';
import type { FieldProblem } from '../forms/validate-submission';
import { translate, type Locale } from '../i18n';

/** The least the case's clawback terms require for its event's kind and the person's responsibility, or null. */
export async function adjustmentMinimum(caseId: string): Promise<MinimumExtent | null> {
  const adjustment = await AwardAdjustmentModel.findById(caseId, { event: 1, awardId: 1 }).lean();
  if (!adjustment || adjustment.event.kind === undefined) return null;
  const [award, reviewCase] = await Promise.all([AwardModel.findById(adjustment.awardId).lean(), ReviewCaseModel.findById(caseId).lean()]);
  if (!award || !reviewCase) return null;
  const { policy } = await clawbackPolicyFor(award, reviewCase);
  return minimumExtentFor(policy, adjustment.event.kind, adjustment.event.responsibility);
}

/** "everything left of the award" / "30 % of the original award", in the reader's language. */
export function extentInWords(extent: Extent, locale: Locale): string {
  return extent.kind === 'full' ? translate(locale, 'clawback.minimum.full') : translate(locale, 'clawback.minimum.percent').replace('%percent', String(extent.percent));
}

/**
 * The committee's decision on a malus-and-clawback case may go above the minimum its event's kind and
 * the person's responsibility require (the clawback policy's minimumExtents), never below: a
 * rejection, or a percentage under the minimum, is refused on its field before anything is stored.
 * (The worker applies no less than the minimum either way: domain/clawback.ts.)
 */
export async function clawbackDecisionProblems(reviewCase: Pick<ReviewCase, '_id'>, data: Record<string, unknown>, locale: Locale): Promise<FieldProblem[]> {
  const minimum = await adjustmentMinimum(reviewCase._id);
  if (!minimum) return [];
  const least = extentInWords(minimum.extent, locale);
  const words = (key: string) => translate(locale, key).replace('%minimum', least).replace('%reference', minimum.reference);
  const english = (what: string) => `${what}: at least ${minimum.extent.kind === 'full' ? 'everything left of the award' : `${minimum.extent.percent} % of the original award`} is required for this kind of event and responsibility (${minimum.reference})`;
  if (data.decision === 'reject') {
    return [{ field: 'decision', code: 'below-minimum', message: english('a rejection recovers nothing'), text: words('clawback.minimum.rejectRefused') }];
  }
  if (data.decision === 'reduce' && typeof data.percent === 'number' && !extentAtLeast({ kind: 'percent', percent: data.percent }, minimum.extent)) {
    return [{ field: 'percent', code: 'below-minimum', message: english(`${data.percent} % is below the minimum`), text: words('clawback.minimum.percentRefused').replace('%percent', String(data.percent)) }];
  }
  return [];
}
