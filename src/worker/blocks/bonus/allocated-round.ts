import { bonusRoundId, type BonusRound } from '../../../db/models/bonus-round';
import { requireStringVariable, type TopicTask } from '../../topic-handler';
import type { BonusRoundsPort } from '../ports';

export interface AllocatedRound {
  caseId: string;
  cycle: string;
  roundId: string;
  round: BonusRound & { allocation: NonNullable<BonusRound['allocation']> };
}

/** The round of a bonus-approval case (its subject is the unit), which must have been allocated by now. */
export async function allocatedRound(task: TopicTask, rounds: Pick<BonusRoundsPort, 'byId'>): Promise<AllocatedRound> {
  const caseId = requireStringVariable(task, 'caseId');
  const cycle = requireStringVariable(task, 'cycle');
  const roundId = bonusRoundId(cycle, requireStringVariable(task, 'subjectId'));
  const round = await rounds.byId(roundId);
  if (!round?.allocation) throw new Error(`bonus round ${roundId} has no allocation`);
  return { caseId, cycle, roundId, round: round as AllocatedRound['round'] };
}
