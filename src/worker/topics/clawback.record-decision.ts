import { recordAudit } from '../../audit/record-audit';
import { AwardAdjustmentModel, type AwardAdjustment } from '../../db/models/award-adjustment';
import { SubmissionModel, submissionVariable } from '../../db/models/submission';
import { retryOnBusy } from '../../db/retry-on-busy';
import { requireStringVariable, type TopicHandler } from '../topic-handler';

/** Reads the committee's submission into the case and hands the gateway its `decision`. */
export const clawbackRecordDecision: TopicHandler = {
  topic: 'clawback.record-decision',
  async handle(task) {
    const caseId = requireStringVariable(task, 'caseId');
    const submissionId = requireStringVariable(task, submissionVariable('clawback-decision'));
    const submission = await SubmissionModel.findById(submissionId).lean();
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
    await retryOnBusy(() => AwardAdjustmentModel.updateOne({ _id: caseId }, { $set: { decision, status: data.decision === 'reject' ? 'rejected' : 'decided' } }));
    await recordAudit({ actor: submission.submittedBy, action: 'clawback.decided', subject: { type: 'award-adjustment', id: caseId }, details: { decision: data.decision, percent: data.percent ?? null, submissionId } });
    return { decision: data.decision };
  },
};
