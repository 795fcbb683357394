import { recordAudit } from '../../audit/record-audit';
import { CalibrationModel, type Calibration, type CalibrationFinal } from '../../db/models/calibration';
import { ReviewCaseModel, caseIdFor } from '../../db/models/review-case';
import { ScoreModel, scoreId, type RatingDecision } from '../../db/models/score';
import { retryOnBusy } from '../../db/retry-on-busy';
import { mapWithConcurrency } from '../../lib/concurrency';
import { EngineError } from '../../platform/engine-client';
import { requireCalibration } from '../calibration/calibration-case';
import { workerEngine } from '../engine';
import type { TopicHandler } from '../topic-handler';

export const RATING_CALIBRATED_MESSAGE = 'ratingCalibrated';
/** The review diagram's message catch event (processes/performance-review.bpmn). */
const WAITING_ACTIVITY = 'awaitCalibration';

/**
 * Has this review taken its calibrated rating already? The engine answers a message nobody waits
 * for with 400; that is "done" when the review was published or its history shows the wait passed,
 * and "not yet" (a technical failure, retried) when the review has not reached the wait.
 */
async function alreadyPast(reviewCaseId: string): Promise<boolean> {
  const review = await ReviewCaseModel.findById(reviewCaseId, { status: 1, processInstanceId: 1 }).lean();
  if (!review?.processInstanceId) return false;
  if (review.status === 'published') return true;
  const passes = await workerEngine().historicActivityInstances(review.processInstanceId, WAITING_ACTIVITY);
  return passes.some((pass) => pass.endTime !== null);
}

async function applyOne(calibration: Calibration, roundTaskId: string, final: CalibrationFinal): Promise<void> {
  const { cycle } = calibration;
  const reviewCaseId = caseIdFor('performance-review', cycle, final.personId);
  const id = scoreId(cycle, final.personId, 'calibrated');
  const decision: RatingDecision = {
    kind: 'calibration', fromRating: final.fromRating, toRating: final.toRating, reason: final.reason,
    decidedBy: final.decidedBy, decisionRef: calibration._id, policy: calibration.policy,
  };
  await retryOnBusy(() => ScoreModel.updateOne({ _id: id }, {
    $set: { cycle, subjectId: final.personId, step: 'calibrated', caseId: reviewCaseId, score: final.score, rating: final.toRating, explanation: decision, sourceSubmissionTaskId: roundTaskId, computedAt: new Date() },
    $inc: { deliveries: 1 },
  }, { upsert: true }));
  try {
    await workerEngine().correlateMessage(RATING_CALIBRATED_MESSAGE, reviewCaseId, { calibratedRating: final.toRating });
  } catch (error) {
    if (!(error instanceof EngineError && error.status === 400)) throw error;
    if (!(await alreadyPast(reviewCaseId))) throw new Error(`review ${reviewCaseId} is not waiting for its calibration yet: ${error.message}`);
    return; // an earlier delivery released this review and recorded it
  }
  await recordAudit({
    actor: 'worker', action: 'rating.calibrated', subject: { type: 'score', id },
    after: decision, details: { caseId: reviewCaseId, calibration: calibration._id, rating: final.toRating, changed: final.fromRating !== final.toRating },
  });
}

/**
 * Writes each person's calibrated rating (a Score step with the decision as its explanation) and
 * releases their waiting review with it. Safe to redeliver: scores are keyed by cycle + person +
 * step, and a review that already took its message counts as done.
 */
export const calibrationApply: TopicHandler = {
  topic: 'calibration.apply',
  async handle(task) {
    const { calibration } = await requireCalibration(task);
    const approved = [...calibration.rounds].reverse().find((r) => r.hrbpDecision?.decision === 'approve');
    if (!approved || calibration.final.length === 0) throw new Error(`calibration ${calibration._id} has no approved final ratings`);
    await mapWithConcurrency(calibration.final, 4, (final) => applyOne(calibration, approved.taskId, final));
    if (calibration.status !== 'applied' && calibration.status !== 'calibrated') {
      await retryOnBusy(() => CalibrationModel.updateOne({ _id: calibration._id }, { $set: { status: 'applied', updatedAt: new Date() } }));
    }
    return { calibratedCount: calibration.final.length };
  },
};
