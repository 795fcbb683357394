import { recordAudit } from '../../audit/record-audit';
import { AwardModel, awardId } from '../../db/models/award';
import { BonusRoundModel } from '../../db/models/bonus-round';
import { ReviewCaseModel } from '../../db/models/review-case';
import { retryOnBusy } from '../../db/retry-on-busy';
import { mapWithConcurrency } from '../../lib/concurrency';
import { allocatedRound } from '../bonus/allocated-round';
import type { TopicHandler } from '../topic-handler';

/**
 * The approved awards enter the payout schedule: each award and its tranches (upfront T0, deferred
 * T1…) are "scheduled", readable per person at GET /api/awards/:cycle/:person; the case is approved.
 */
export const bonusSchedule: TopicHandler = {
  topic: 'bonus.schedule',
  async handle(task) {
    const { caseId, cycle, roundId, round } = await allocatedRound(task);
    await mapWithConcurrency(round.allocation.people, 4, async (row) => {
      await retryOnBusy(() => AwardModel.updateOne({ _id: awardId(cycle, row.personId) }, { $set: { status: 'scheduled' } }));
    });
    await retryOnBusy(() => BonusRoundModel.updateOne({ _id: roundId }, { $set: { status: 'scheduled', updatedAt: new Date() } }));
    await retryOnBusy(() => ReviewCaseModel.updateOne({ _id: caseId }, { $set: { status: 'approved' } }));
    await recordAudit({ actor: 'worker', action: 'bonus.scheduled', subject: { type: 'bonus-round', id: roundId }, details: { caseId, awards: round.allocation.people.length, allocatedMinor: round.allocation.allocatedMinor } });
    return {};
  },
};
