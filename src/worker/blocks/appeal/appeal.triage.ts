import { APPEAL_BLOCKS } from '../../../domain/blocks';
import { requireStringVariable } from '../../topic-handler';
import { defineBlock } from '../block';
import type { AppealsPort, CommonPorts } from '../ports';
import { submittedForm } from '../submissions';

/** Records HR's triage of an appeal; the gateway after it reads `admissible`. */
export const appealTriage = defineBlock<Pick<CommonPorts, 'submissions' | 'audit'> & { appeals: Pick<AppealsPort, 'update'> }>(APPEAL_BLOCKS.triage, async (task, ports) => {
  const caseId = requireStringVariable(task, 'caseId');
  const submission = await submittedForm(task, ports.submissions, 'appeal-triage');
  const decision = submission.data.decision === 'accept' ? 'accept' : 'reject';
  const triage = { decision, reasons: String(submission.data.reasons ?? ''), by: submission.submittedBy, at: submission.submittedAt, taskId: submission.taskId } as const;
  // Keyed by the appeal and guarded by the task id: a redelivery writes the same values again.
  await ports.appeals.update(caseId, { triage, status: decision === 'accept' ? 'under-review' : 'rejected' });
  await ports.audit({ actor: submission.submittedBy, action: 'appeal.triaged', subject: { type: 'appeal', id: caseId }, after: triage });
  return { admissible: decision === 'accept' };
});
