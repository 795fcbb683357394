import { isoDay } from '../../../platform/clawback/adjustment-case';
import { toAwardRecord } from '../../../platform/clawback/award-tranches';
import { employmentOf } from '../../../db/models/person';
import { CLAWBACK_BLOCKS } from '../../../domain/blocks';
import { applyMalusAndClawback } from '../../../domain/clawback';
import { requireStringVariable } from '../../topic-handler';
import { defineBlock } from '../block';
import type { AdjustmentsPort, CommonPorts } from '../ports';

/**
 * Proposes what the event costs the award, for the committee: malus on unvested tranches, clawback
 * of paid ones, under the clawback policy the award was granted with, as if decided today. Also for
 * people who have left or retired. Overwrites the same proposal on a redelivery.
 */
export const clawbackAssess = defineBlock<Pick<CommonPorts, 'audit' | 'clock'> & { adjustments: Pick<AdjustmentsPort, 'load' | 'policyFor' | 'update'> }>(CLAWBACK_BLOCKS.assess, async (task, ports) => {
  const caseId = requireStringVariable(task, 'caseId');
  const { adjustment, reviewCase, award, person } = await ports.adjustments.load(caseId);
  const { policy, ref, pinnedBy } = await ports.adjustments.policyFor(award, reviewCase);
  const { eventId, severity, extent, kind, responsibility, reason } = adjustment.event;
  const now = ports.clock.now();
  // The kind and responsibility set the least the proposal may ask (the policy's minimumExtents).
  const result = applyMalusAndClawback(toAwardRecord(award, employmentOf(person)), { eventId, date: isoDay(now), severity, extent, kind, responsibility, reason }, policy, ref);
  await ports.adjustments.update(caseId, { proposal: { result, policy: { ...ref, pinnedBy }, computedAt: now }, status: 'proposed' });
  await ports.audit({
    actor: 'worker', action: 'clawback.proposed', subject: { type: 'award-adjustment', id: caseId }, after: result,
    details: { awardId: award._id, eventId, targetMinor: result.targetMinor, cancelledMinor: result.cancelledMinor, claimedMinor: result.claimedMinor, policy: ref },
  });
  return { proposedCancelMinor: result.cancelledMinor, proposedClaimMinor: result.claimedMinor, leaverExempt: result.leaverExempt };
});
