import type { ReviewCase } from '../../db/models/review-case';
import { decisionVersionVariable } from '../../domain/decision-pins';
import type { TopicTask } from '../topic-handler';

/** The engine version of a decision the case pinned at its start (the case's record, else its start variable); null when it pinned none. */
export function pinnedDecisionVersion(reviewCase: Pick<ReviewCase, 'decisionVersions'>, task: TopicTask, key: string): number | null {
  const recorded = reviewCase.decisionVersions?.[key];
  if (typeof recorded === 'number') return recorded;
  const variable = task.variable(decisionVersionVariable(key));
  return typeof variable === 'number' && Number.isInteger(variable) ? variable : null;
}
