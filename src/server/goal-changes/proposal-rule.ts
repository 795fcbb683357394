import type { ReviewCase } from '../../db/models/review-case';
import { goalRowsOf, proposalChangesNothing, versionInForce } from '../../domain/goal-versions';
import type { FieldProblem } from '../forms/validate-submission';
import { translate, type Locale } from '../i18n';
import { goalChangeWindow } from './propose-change';

/**
 * A goal-change proposal (forms/goal-change.json, `"caseRule": "goal-change"`), judged before it is
 * stored, beside the form's own rules (1–10 goals, weights totalling 100, a reason): the review must
 * still be in its change window, and the proposal must change something.
 */
export async function goalChangeProblems(reviewCase: Pick<ReviewCase, 'cycle' | 'subjectId'>, data: Record<string, unknown>, locale: Locale): Promise<FieldProblem[]> {
  const { versions, window } = await goalChangeWindow(reviewCase.cycle, reviewCase.subjectId);
  if (!window.open) return [{ field: 'goals', code: window.code, message: window.message, text: translate(locale, `goalChange.refused.${window.code}`) }];
  const inForce = versionInForce(versions);
  if (inForce && proposalChangesNothing(inForce.goals, goalRowsOf(data))) {
    return [{ field: 'goals', code: 'unchanged', message: 'the proposal is the same as the goals in force', text: translate(locale, 'goalChange.refused.unchanged') }];
  }
  return [];
}
