import { recordAudit } from '../../audit/record-audit';
import { CalibrationModel, type CalibrationFinal } from '../../db/models/calibration';
import { retryOnBusy } from '../../db/retry-on-busy';
import { requireCalibration, submissionOf } from '../calibration/calibration-case';
import type { TopicHandler } from '../topic-handler';

/**
 * Records the HRBP's decision on the last accepted round: approve fixes the final ratings, return
 * sends the meeting back with the comment shown. `hrbpDecision` steers the diagram. A redelivery
 * finds the decision by the approval task's id.
 */
export const calibrationDecide: TopicHandler = {
  topic: 'calibration.decide',
  async handle(task) {
    const { calibrationCase, calibration } = await requireCalibration(task);
    const submission = await submissionOf(task, 'calibration-approval');
    const last = calibration.rounds[calibration.rounds.length - 1];
    if (!last?.accepted) throw new Error(`calibration ${calibration._id} has no accepted round to decide on`);
    if (last.hrbpDecision?.taskId === submission.taskId) return { hrbpDecision: last.hrbpDecision.decision };

    const decision = submission.data.decision === 'approve' ? 'approve' : 'return';
    const comment = typeof submission.data.comment === 'string' ? submission.data.comment.trim() : '';
    const decided = { ...last, hrbpDecision: { decision, comment, by: submission.submittedBy, at: submission.submittedAt, taskId: submission.taskId } } as const;
    const scoreOf = new Map(calibration.people.map((p) => [p.personId, p.score]));
    const final: CalibrationFinal[] = decision === 'approve'
      ? last.finalRatings.map((f) => ({ ...f, score: scoreOf.get(f.personId) ?? 0, decidedBy: last.submittedBy }))
      : [];
    await retryOnBusy(() => CalibrationModel.updateOne({ _id: calibration._id }, { $set: {
      rounds: [...calibration.rounds.slice(0, -1), decided], final, status: decision === 'approve' ? 'approved' : 'meeting', updatedAt: new Date(),
    } }));
    await recordAudit({
      actor: submission.submittedBy, action: decision === 'approve' ? 'calibration.approved' : 'calibration.returned', subject: { type: 'calibration', id: calibration._id },
      after: decided.hrbpDecision, details: { caseId: calibrationCase._id, round: last.round, comment },
    });
    return { hrbpDecision: decision };
  },
};
