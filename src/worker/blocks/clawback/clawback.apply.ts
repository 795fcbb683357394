import { addDays, isoDay } from '../../../platform/clawback/adjustment-case';
import { adjustedTranches, remainingOfAward, toAwardRecord } from '../../../platform/clawback/award-tranches';
import { clawbackClaimId } from '../../../db/models/clawback-claim';
import { employmentOf } from '../../../db/models/person';
import { CLAWBACK_BLOCKS } from '../../../domain/blocks';
import { applyMalusAndClawback, type Extent } from '../../../domain/clawback';
import { requireStringVariable } from '../../topic-handler';
import { defineBlock } from '../block';
import type { AdjustmentsPort, AwardsPort, CommonPorts, LockPort } from '../ports';

const DEFAULT_CLAIM_DUE_DAYS = 90;

/**
 * Carries out the committee's decision on the award as it stands now (another event may have
 * changed it since the proposal): unvested tranches cancelled (malus), paid ones claimed back
 * (a claim record per tranche), lineage entries pointing at this case. Several cases may apply to
 * one award, so the award is held while it is read and written. A redelivery finds the case's
 * lineage entry on the award (or the case marked applied) and changes nothing.
 */
export const clawbackApply = defineBlock<Pick<CommonPorts, 'audit' | 'clock'> & {
  adjustments: Pick<AdjustmentsPort, 'load' | 'policyFor' | 'update' | 'saveClaim' | 'markApplied'>; awards: Pick<AwardsPort, 'update'>; lock: LockPort;
}>(CLAWBACK_BLOCKS.apply, async (task, ports) => {
  const caseId = requireStringVariable(task, 'caseId');
  const awardId = requireStringVariable(task, 'awardId');
  return ports.lock(`award:${awardId}`, caseId, async () => {
    const { adjustment, reviewCase, award, person } = await ports.adjustments.load(caseId);
    const decision = adjustment.decision;
    if (!decision || decision.decision === 'reject') throw new Error(`case ${caseId} has no decision to apply`);
    if (adjustment.status === 'applied' && adjustment.outcome) {
      return { cancelledMinor: adjustment.outcome.result.cancelledMinor, claimedMinor: adjustment.outcome.result.claimedMinor };
    }

    if (!award.lineage.some((entry) => entry.ref === caseId)) {
      const { policy, ref } = await ports.adjustments.policyFor(award, reviewCase);
      const decidedOn = isoDay(new Date(decision.at));
      const extent: Extent | undefined = decision.decision === 'reduce' ? { kind: 'percent', percent: decision.percent! } : adjustment.event.extent;
      const { eventId, severity, kind, responsibility, reason } = adjustment.event;
      // Never below the minimum for the kind and responsibility, whatever the decision's percentage (domain/clawback.ts).
      const result = applyMalusAndClawback(toAwardRecord(award, employmentOf(person)), { eventId, date: decidedOn, severity, extent, kind, responsibility, reason }, policy, ref);
      const now = ports.clock.now();
      const { tranches, lineage } = adjustedTranches(award, result, caseId, decision.by, now);
      const claims = result.actions.filter((a) => a.action === 'claim').map((a) => ({
        _id: clawbackClaimId(caseId, a.trancheId), caseId, awardId: award._id, trancheId: a.trancheId, personId: award.personId, eventId,
        currency: award.currency, amountMinor: a.actionMinor, dueDate: addDays(decidedOn, policy.claimDueDays ?? DEFAULT_CLAIM_DUE_DAYS), status: 'claimed' as const, claimedAt: now,
      }));
      const remainingBeforeMinor = remainingOfAward(award);
      const remainingAfterMinor = remainingOfAward({ tranches });
      // The plan first: if the award write below fails, a redelivery computes it again from the award.
      await ports.adjustments.update(caseId, { outcome: { result, claimIds: claims.map((c) => c._id), remainingBeforeMinor, remainingAfterMinor } as NonNullable<typeof adjustment.outcome> });
      for (const claim of claims) await ports.adjustments.saveClaim(claim);
      if (lineage.length > 0) {
        // The award changes here, in one write: tranches, status and lineage together.
        await ports.awards.update(award._id, { tranches, status: 'adjusted', lineage: [...award.lineage, ...lineage] });
        await ports.audit({
          actor: decision.by, action: 'award.adjusted', subject: { type: 'award', id: award._id }, before: award.tranches, after: tranches,
          details: { caseId, eventId, cancelledMinor: result.cancelledMinor, claimedMinor: result.claimedMinor, shortfallMinor: result.shortfallMinor, claims: claims.map((c) => c._id), policy: ref },
        });
      }
    }
    const applied = await ports.adjustments.markApplied(caseId, ports.clock.now());
    return { cancelledMinor: applied.result.cancelledMinor, claimedMinor: applied.result.claimedMinor };
  });
});
