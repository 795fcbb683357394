import type { CalibrationFinal } from '../../../db/models/calibration';
import { CALIBRATION_BLOCKS } from '../../../domain/blocks';
import { defineBlock } from '../block';
import type { CalibrationsPort, CommonPorts } from '../ports';
import { submittedForm } from '../submissions';
import { requireCalibration } from './calibration-case';

/**
 * Records the HRBP's decision on the last accepted round: approve fixes the final ratings, return
 * sends the meeting back with the comment shown. `hrbpDecision` steers the diagram. A redelivery
 * finds the decision by the approval task's id.
 */
export const calibrationDecide = defineBlock<Pick<CommonPorts, 'cases' | 'submissions' | 'audit' | 'clock'> & { calibrations: Pick<CalibrationsPort, 'byId' | 'update'> }>(CALIBRATION_BLOCKS.decide, async (task, ports) => {
  const { calibrationCase, calibration } = await requireCalibration(task, ports);
  const submission = await submittedForm(task, ports.submissions, 'calibration-approval');
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
  await ports.calibrations.update(calibration._id, {
    rounds: [...calibration.rounds.slice(0, -1), decided], final, status: decision === 'approve' ? 'approved' : 'meeting', updatedAt: ports.clock.now(),
  });
  await ports.audit({
    actor: submission.submittedBy, action: decision === 'approve' ? 'calibration.approved' : 'calibration.returned', subject: { type: 'calibration', id: calibration._id },
    after: decided.hrbpDecision, details: { caseId: calibrationCase._id, round: last.round, comment },
  });
  return { hrbpDecision: decision };
});
