import type { AwardAdjustment } from '../../../db/models/award-adjustment';
import { submissionVariable } from '../../../db/models/submission';
import { CLAWBACK_BLOCKS } from '../../../domain/blocks';
import { requireStringVariable } from '../../topic-handler';
import { defineBlock } from '../block';
import type { AdjustmentsPort, CommonPorts } from '../ports';

/** Reads the committee's submission into the case and hands the gateway its `decision`. */
export const clawbackRecordDecision = defineBlock<Pick<CommonPorts, 'submissions' | 'audit'> & { adjustments: Pick<AdjustmentsPort, 'update'> }>(CLAWBACK_BLOCKS.recordDecision, async (task, ports) => {
  const caseId = requireStringVariable(task, 'caseId');
  const submissionId = requireStringVariable(task, submissionVariable('clawback-decision'));
  const submission = await ports.submissions.byId(submissionId);
  if (!submission) throw new Error(`case ${caseId} has no clawback-decision submission ${submissionId}`);
  const data = submission.data as { decision: 'confirm' | 'reduce' | 'reject'; percent?: number; reason: string };
  if (!['confirm', 'reduce', 'reject'].includes(data.decision)) throw new Error(`submission ${submissionId}: unknown decision ${String(data.decision)}`);
  if (data.decision === 'reduce' && typeof data.percent !== 'number') throw new Error(`submission ${submissionId}: a reduction without a percentage`);
  const decision: NonNullable<AwardAdjustment['decision']> = {
    decision: data.decision,
    ...(data.decision === 'reduce' ? { percent: data.percent } : {}),
    reason: data.reason,
    by: submission.submittedBy,
    at: submission.submittedAt,
    submissionId,
  };
  await ports.adjustments.update(caseId, { decision, status: data.decision === 'reject' ? 'rejected' : 'decided' });
  await ports.audit({ actor: submission.submittedBy, action: 'clawback.decided', subject: { type: 'award-adjustment', id: caseId }, details: { decision: data.decision, percent: data.percent ?? null, submissionId } });
  return { decision: data.decision };
});
