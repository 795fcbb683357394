import { awardId } from '../../../db/models/award';
import { BONUS_BLOCKS } from '../../../domain/blocks';
import { mapWithConcurrency } from '../../../lib/concurrency';
import { defineBlock } from '../block';
import type { AwardsPort, BonusRoundsPort, CommonPorts } from '../ports';
import { allocatedRound } from './allocated-round';
import { issueLetter, type LetterPorts } from './issue-letter';
import { withLineage } from './person-award';

/**
 * Once the whole chain approved: each award becomes approved (lineage "approved", naming who signed),
 * and its person gets a letter in their language and a notification. A redelivery rewrites the same
 * letters, replaces the same lineage entry and notifies once (notification ids are per case and kind).
 */
export const bonusLetters = defineBlock<LetterPorts & Pick<CommonPorts, 'audit'> & { rounds: Pick<BonusRoundsPort, 'byId'>; awards: Pick<AwardsPort, 'byIds' | 'update'> }>(BONUS_BLOCKS.letters, async (task, ports) => {
  const { caseId, cycle, roundId, round } = await allocatedRound(task, ports.rounds);
  const signedBy = round.approvals.filter((a) => a.allocationRun === round.allocationRun && a.decision === 'approve').map((a) => `${a.stepId}: ${a.decidedBy}`).join(', ');
  const awards = await ports.awards.byIds(round.allocation.people.map((row) => awardId(cycle, row.personId)));
  await mapWithConcurrency(round.allocation.people, 4, async (row) => {
    const id = awardId(cycle, row.personId);
    const award = awards.get(id);
    if (!award) throw new Error(`award ${id} of round ${roundId} not found`);
    const lineage = withLineage(award.lineage, { at: ports.clock.now(), kind: 'approved', ref: `${caseId}#allocation-${round.allocationRun}`, by: 'worker', amountAfterMinor: award.amountMinor, note: `signed by ${signedBy}` });
    await ports.awards.update(id, { status: 'approved', lineage });
    await issueLetter(ports, { ...award, status: 'approved', lineage }, round.deferralPack, 'bonus.letter', caseId);
  });
  await ports.audit({ actor: 'worker', action: 'bonus.letters.issued', subject: { type: 'bonus-round', id: roundId }, details: { caseId, letters: round.allocation.people.length } });
  return {};
});
