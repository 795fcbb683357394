import { BonusRoundModel, bonusRoundId } from '../../../db/models/bonus-round';
import { bonusRoundView } from '../../bonus/round-view';
import type { ReviewCase } from '../../../db/models/review-case';
import { taskVariable, type EngineTask } from '../../engine-client';

/**
 * Beside the approval and revision forms: the round as it stands (pool and its explanation, the
 * allocation table, the chain and decisions so far), and why the last revision could not be applied.
 * The task's assignee or candidates see it: they are deciding on it.
 */
export async function bonusApprovalContext(reviewCase: ReviewCase, task: EngineTask): Promise<Record<string, unknown>> {
  const round = await BonusRoundModel.findById(bonusRoundId(reviewCase.cycle, reviewCase.subjectId)).lean();
  return {
    bonusRound: round ? await bonusRoundView(round, reviewCase) : null,
    revisionProblem: taskVariable(task, 'revisionProblem') ?? null,
  };
}
