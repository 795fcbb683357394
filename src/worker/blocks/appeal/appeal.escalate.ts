import { APPEAL_BLOCKS } from '../../../domain/blocks';
import { requireStringVariable } from '../../topic-handler';
import { defineBlock } from '../block';
import type { CommonPorts, OrgPort } from '../ports';

/**
 * The panel let its deadline pass: the case is marked escalated and HR and the committee are told.
 * The panel's task stays open (the timer does not interrupt it); escalation adds pressure, not a decider.
 */
export const appealEscalate = defineBlock<Pick<CommonPorts, 'cases' | 'notify' | 'audit' | 'clock'> & { org: Pick<OrgPort, 'activeWithRoles'> }>(APPEAL_BLOCKS.escalate, async (task, ports) => {
  const caseId = requireStringVariable(task, 'caseId');
  const escalatedAt = ports.clock.now();
  const recipients = await ports.org.activeWithRoles(['hr', 'comp-committee']);
  for (const recipient of recipients) await ports.notify(recipient, caseId, 'appeal.escalated', { subjectId: requireStringVariable(task, 'subjectId') });
  await ports.audit({ actor: 'worker', action: 'appeal.escalated', subject: { type: 'appeal', id: caseId }, details: { notified: recipients } });
  // Last, so that a case shown as escalated has everyone told and the entry written (each of those is
  // idempotent on a redelivery). Only the escalation writes escalatedAt; a redelivery keeps the first time.
  await ports.cases.markEscalated(caseId, escalatedAt);
  return {};
});
