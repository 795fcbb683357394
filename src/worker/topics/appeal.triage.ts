import { recordAudit } from '../../audit/record-audit';
import { AppealModel } from '../../db/models/appeal';
import { retryOnBusy } from '../../db/retry-on-busy';
import { submittedForm } from '../submitted-form';
import { requireStringVariable, type TopicHandler } from '../topic-handler';

/** Records HR's triage of an appeal; the gateway after it reads `admissible`. */
export const appealTriage: TopicHandler = {
  topic: 'appeal.triage',
  async handle(task) {
    const caseId = requireStringVariable(task, 'caseId');
    const submission = await submittedForm(task, 'appeal-triage');
    const decision = submission.data.decision === 'accept' ? 'accept' : 'reject';
    const triage = { decision, reasons: String(submission.data.reasons ?? ''), by: submission.submittedBy, at: submission.submittedAt, taskId: submission.taskId };
    // Keyed by the appeal and guarded by the task id: a redelivery writes the same values again.
    await retryOnBusy(() => AppealModel.updateOne({ _id: caseId }, { $set: { triage, status: decision === 'accept' ? 'under-review' : 'rejected' } }));
    await recordAudit({ actor: submission.submittedBy, action: 'appeal.triaged', subject: { type: 'appeal', id: caseId }, after: triage });
    return { admissible: decision === 'accept' };
  },
};
