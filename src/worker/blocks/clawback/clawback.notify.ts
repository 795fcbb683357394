import { CLAWBACK_BLOCKS } from '../../../domain/blocks';
import { requireStringVariable } from '../../topic-handler';
import { defineBlock } from '../block';
import type { AdjustmentsPort, CommonPorts, OrgPort } from '../ports';

/**
 * Tells the person (also when they have left: the notice goes to their outbox and mail) and HR what
 * was decided, with the reason, then closes the case. Notifications are keyed by case, kind and
 * recipient, so a redelivery sends nothing twice.
 */
export const clawbackNotify = defineBlock<Pick<CommonPorts, 'cases' | 'notify' | 'audit' | 'clock'> & {
  adjustments: Pick<AdjustmentsPort, 'byId' | 'update'>; org: Pick<OrgPort, 'activeWithRoles'>;
}>(CLAWBACK_BLOCKS.notify, async (task, ports) => {
  const caseId = requireStringVariable(task, 'caseId');
  const adjustment = await ports.adjustments.byId(caseId);
  if (!adjustment?.decision) throw new Error(`case ${caseId} has no decision to notify`);
  const applied = adjustment.decision.decision !== 'reject';
  const kind = applied ? 'clawback.applied' : 'clawback.rejected';
  const hr = await ports.org.activeWithRoles(['hr']);
  const recipients = [adjustment.personId, ...hr.filter((id) => id !== adjustment.personId)];
  const result = adjustment.outcome?.result;
  const params = {
    awardId: adjustment.awardId,
    cycle: adjustment.cycle,
    eventId: adjustment.event.eventId,
    decision: adjustment.decision.decision,
    reason: adjustment.decision.reason,
    currency: adjustment.awardAtFiling.currency,
    cancelledMinor: applied ? result?.cancelledMinor ?? 0 : 0,
    claimedMinor: applied ? result?.claimedMinor ?? 0 : 0,
  };
  for (const recipient of recipients) await ports.notify(recipient, caseId, kind, params);
  await ports.adjustments.update(caseId, { notified: { recipients, at: ports.clock.now() } });
  await ports.cases.setStatus(caseId, 'closed');
  await ports.audit({ actor: 'worker', action: 'clawback.notified', subject: { type: 'award-adjustment', id: caseId }, details: { kind, recipients } });
  return {};
});
