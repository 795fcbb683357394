import type { ReviewCase } from '../../db/models/review-case';
import { isCalendarDay } from '../../domain/development-plan';
import type { FieldProblem } from '../../platform/forms/validate-submission';
import { translate, type Locale } from '../i18n';

/**
 * The feedback meeting's case rule (`"caseRule": "plan-commitments"`): each commitment is due on a
 * day that exists and is not already past. The form's pattern accepts 2027-02-30; stored, it would
 * stop the plan's recording with an incident, so it is refused at the field instead.
 */
export async function commitmentProblems(_case: ReviewCase, data: Record<string, unknown>, locale: Locale, today = new Date().toISOString().slice(0, 10)): Promise<FieldProblem[]> {
  const rows = Array.isArray(data.commitments) ? data.commitments as Array<Record<string, unknown>> : [];
  return rows.flatMap((row, i): FieldProblem[] => {
    const due = typeof row.dueDate === 'string' ? row.dueDate.trim() : '';
    const key = !isCalendarDay(due) ? 'noDay' : due < today ? 'past' : null;
    return key ? [{ field: `commitments[${i}].dueDate`, code: key === 'past' ? 'min' : 'pattern', message: translate('en', `development.problem.${key}`), text: translate(locale, `development.problem.${key}`) }] : [];
  });
}
