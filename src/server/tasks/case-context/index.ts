import type { ReviewCase } from '../../../db/models/review-case';
import type { CurrentUser } from '../../current-user';
import type { EngineTask } from '../../engine-client';
import { bonusApprovalContext } from './bonus-approval';

/**
 * What a task page shows beside its form, by the case's flow: one provider per process key, so a new
 * flow adds a file here and taskView stays generic. Null when the flow shows nothing extra.
 */
export type CaseContextProvider = (reviewCase: ReviewCase, task: EngineTask, user: CurrentUser) => Promise<Record<string, unknown> | null>;

const PROVIDERS: Record<string, CaseContextProvider> = {
  'bonus-approval': bonusApprovalContext,
};

export async function caseContextFor(reviewCase: ReviewCase, task: EngineTask, user: CurrentUser): Promise<Record<string, unknown> | null> {
  const provider = PROVIDERS[reviewCase.processKey];
  return provider ? provider(reviewCase, task, user) : null;
}
