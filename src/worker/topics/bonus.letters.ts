import { recordAudit } from '../../audit/record-audit';
import { AwardModel, awardId } from '../../db/models/award';
import { retryOnBusy } from '../../db/retry-on-busy';
import { mapWithConcurrency } from '../../lib/concurrency';
import { issueLetter } from '../bonus/issue-letter';
import { withLineage } from '../bonus/person-award';
import { allocatedRound } from '../bonus/allocated-round';
import type { TopicHandler } from '../topic-handler';

/**
 * Once the whole chain approved: each award becomes approved (lineage "approved", naming who signed),
 * and its person gets a letter in their language and a notification. A redelivery rewrites the same
 * letters, replaces the same lineage entry and notifies once (notification ids are per case and kind).
 */
export const bonusLetters: TopicHandler = {
  topic: 'bonus.letters',
  async handle(task) {
    const { caseId, cycle, roundId, round } = await allocatedRound(task);
    const signedBy = round.approvals.filter((a) => a.allocationRun === round.allocationRun && a.decision === 'approve').map((a) => `${a.stepId}: ${a.decidedBy}`).join(', ');
    await mapWithConcurrency(round.allocation.people, 4, async (row) => {
      const id = awardId(cycle, row.personId);
      const award = await AwardModel.findById(id).lean();
      if (!award) throw new Error(`award ${id} of round ${roundId} not found`);
      const lineage = withLineage(award.lineage, { at: new Date(), kind: 'approved', ref: `${caseId}#allocation-${round.allocationRun}`, by: 'worker', amountAfterMinor: award.amountMinor, note: `signed by ${signedBy}` });
      await retryOnBusy(() => AwardModel.updateOne({ _id: id }, { $set: { status: 'approved', lineage } }));
      await issueLetter({ ...award, status: 'approved', lineage }, round.deferralPack, 'bonus.letter', caseId);
    });
    await recordAudit({ actor: 'worker', action: 'bonus.letters.issued', subject: { type: 'bonus-round', id: roundId }, details: { caseId, letters: round.allocation.people.length } });
    return {};
  },
};
