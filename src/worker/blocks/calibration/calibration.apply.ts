import type { Calibration, CalibrationFinal } from '../../../db/models/calibration';
import { caseIdFor } from '../../../db/models/review-case';
import { scoreId, type RatingDecision } from '../../../db/models/score';
import { CALIBRATION_BLOCKS } from '../../../domain/blocks';
import { mapWithConcurrency } from '../../../lib/concurrency';
import { EngineError } from '../../../platform/engine-client';
import { defineBlock } from '../block';
import type { CalibrationsPort, CommonPorts, EnginePort, ScoresPort } from '../ports';
import { requireCalibration } from './calibration-case';

export const RATING_CALIBRATED_MESSAGE = 'ratingCalibrated';
/** The review diagram's message catch event (processes/performance-review.bpmn). */
const WAITING_ACTIVITY = 'awaitCalibration';

type ApplyPorts = Pick<CommonPorts, 'cases' | 'audit' | 'clock'> & {
  calibrations: Pick<CalibrationsPort, 'byId' | 'update'>; scores: Pick<ScoresPort, 'write'>; engine: Pick<EnginePort, 'correlateMessage' | 'activityPasses'>;
};

/**
 * Has this review taken its calibrated rating already? The engine answers a message nobody waits
 * for with 400; that is "done" when the review was published or its history shows the wait passed,
 * and "not yet" (a technical failure, retried) when the review has not reached the wait.
 */
async function alreadyPast(ports: ApplyPorts, reviewCaseId: string): Promise<boolean> {
  const review = await ports.cases.byId(reviewCaseId);
  if (!review?.processInstanceId) return false;
  if (review.status === 'published') return true;
  const passes = await ports.engine.activityPasses(review.processInstanceId, WAITING_ACTIVITY);
  return passes.some((pass) => pass.endTime !== null);
}

async function applyOne(ports: ApplyPorts, calibration: Calibration, roundTaskId: string, final: CalibrationFinal): Promise<void> {
  const { cycle } = calibration;
  const reviewCaseId = caseIdFor('performance-review', cycle, final.personId);
  const id = scoreId(cycle, final.personId, 'calibrated');
  const decision: RatingDecision = {
    kind: 'calibration', fromRating: final.fromRating, toRating: final.toRating, reason: final.reason,
    decidedBy: final.decidedBy, decisionRef: calibration._id, policy: calibration.policy,
  };
  await ports.scores.write({
    _id: id, cycle, subjectId: final.personId, step: 'calibrated', caseId: reviewCaseId, score: final.score, rating: final.toRating, explanation: decision, sourceSubmissionTaskId: roundTaskId, computedAt: ports.clock.now(),
  });
  try {
    await ports.engine.correlateMessage(RATING_CALIBRATED_MESSAGE, reviewCaseId, { calibratedRating: final.toRating });
  } catch (error) {
    if (!(error instanceof EngineError && error.status === 400)) throw error;
    if (!(await alreadyPast(ports, reviewCaseId))) throw new Error(`review ${reviewCaseId} is not waiting for its calibration yet: ${error.message}`);
    return; // an earlier delivery released this review and recorded it
  }
  await ports.audit({
    actor: 'worker', action: 'rating.calibrated', subject: { type: 'score', id },
    after: decision, details: { caseId: reviewCaseId, calibration: calibration._id, rating: final.toRating, changed: final.fromRating !== final.toRating },
  });
}

/**
 * Writes each person's calibrated rating (a Score step with the decision as its explanation) and
 * releases their waiting review with it. Safe to redeliver: scores are keyed by cycle + person +
 * step, and a review that already took its message counts as done.
 */
export const calibrationApply = defineBlock<ApplyPorts>(CALIBRATION_BLOCKS.apply, async (task, ports) => {
  const { calibration } = await requireCalibration(task, ports);
  const approved = [...calibration.rounds].reverse().find((r) => r.hrbpDecision?.decision === 'approve');
  if (!approved || calibration.final.length === 0) throw new Error(`calibration ${calibration._id} has no approved final ratings`);
  await mapWithConcurrency(calibration.final, 4, (final) => applyOne(ports, calibration, approved.taskId, final));
  if (calibration.status !== 'applied' && calibration.status !== 'calibrated') {
    await ports.calibrations.update(calibration._id, { status: 'applied', updatedAt: ports.clock.now() });
  }
  return { calibratedCount: calibration.final.length };
});
