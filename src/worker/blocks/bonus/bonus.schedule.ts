import { awardId } from '../../../db/models/award';
import { BONUS_BLOCKS } from '../../../domain/blocks';
import { defineBlock } from '../block';
import type { AwardsPort, BonusRoundsPort, CommonPorts } from '../ports';
import { allocatedRound } from './allocated-round';

/**
 * The approved awards enter the payout schedule: each award and its tranches (upfront T0, deferred
 * T1…) are "scheduled", readable per person at GET /api/awards/:cycle/:person; the case is approved.
 */
export const bonusSchedule = defineBlock<Pick<CommonPorts, 'cases' | 'audit' | 'clock'> & { rounds: Pick<BonusRoundsPort, 'byId' | 'update'>; awards: Pick<AwardsPort, 'setStatus'> }>(BONUS_BLOCKS.schedule, async (task, ports) => {
  const { caseId, cycle, roundId, round } = await allocatedRound(task, ports.rounds);
  await ports.awards.setStatus(round.allocation.people.map((row) => awardId(cycle, row.personId)), 'scheduled');
  await ports.rounds.update(roundId, { status: 'scheduled', updatedAt: ports.clock.now() });
  await ports.cases.setStatus(caseId, 'approved');
  await ports.audit({ actor: 'worker', action: 'bonus.scheduled', subject: { type: 'bonus-round', id: roundId }, details: { caseId, awards: round.allocation.people.length, allocatedMinor: round.allocation.allocatedMinor } });
  return {};
});
