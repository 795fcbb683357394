import { recordAudit } from '../../audit/record-audit';
import { AwardAdjustmentModel } from '../../db/models/award-adjustment';
import { employmentOf } from '../../db/models/person';
import { retryOnBusy } from '../../db/retry-on-busy';
import { applyMalusAndClawback } from '../../domain/clawback';
import { clawbackPolicyFor, isoDay, loadAdjustmentCase } from '../../clawback/adjustment-case';
import { toAwardRecord } from '../../clawback/award-tranches';
import { requireStringVariable, type TopicHandler } from '../topic-handler';

/**
 * Proposes what the event costs the award, for the committee: malus on unvested tranches, clawback
 * of paid ones, under the clawback policy the award was granted with, as if decided today. Also for
 * people who have left or retired. Overwrites the same proposal on a redelivery.
 */
export const clawbackAssess: TopicHandler = {
  topic: 'clawback.assess',
  async handle(task) {
    const caseId = requireStringVariable(task, 'caseId');
    const { adjustment, reviewCase, award, person } = await loadAdjustmentCase(caseId);
    const { policy, ref, pinnedBy } = await clawbackPolicyFor(award, reviewCase);
    const { eventId, severity, extent, reason } = adjustment.event;
    const result = applyMalusAndClawback(toAwardRecord(award, employmentOf(person)), { eventId, date: isoDay(new Date()), severity, extent, reason }, policy, ref);
    await retryOnBusy(() => AwardAdjustmentModel.updateOne(
      { _id: caseId },
      { $set: { proposal: { result, policy: { ...ref, pinnedBy }, computedAt: new Date() }, status: 'proposed' } },
    ));
    await recordAudit({
      actor: 'worker', action: 'clawback.proposed', subject: { type: 'award-adjustment', id: caseId }, after: result,
      details: { awardId: award._id, eventId, targetMinor: result.targetMinor, cancelledMinor: result.cancelledMinor, claimedMinor: result.claimedMinor, policy: ref },
    });
    return { proposedCancelMinor: result.cancelledMinor, proposedClaimMinor: result.claimedMinor, leaverExempt: result.leaverExempt };
  },
};
