import { recordAudit } from '../../audit/record-audit';
import { AppealModel } from '../../db/models/appeal';
import { ReviewCaseModel } from '../../db/models/review-case';
import { retryOnBusy } from '../../db/retry-on-busy';
import { ScoreModel, scoreId, type RatingDecision } from '../../db/models/score';
import { policyVersion } from '../../db/immutable-versions';
import { ratingAfterDecision } from '../../domain/appeal';
import type { ScoringPolicy } from '../../domain/scoring';
import { submittedForm } from '../submitted-form';
import { BusinessError, requireStringVariable, type TopicHandler } from '../topic-handler';

/**
 * Records the panel's decision. Upheld: the new rating is written as the person's 'appeal' score,
 * which stands above calibration (standingRating), with the decision as its explanation.
 */
export const appealDecide: TopicHandler = {
  topic: 'appeal.decide',
  async handle(task) {
    const caseId = requireStringVariable(task, 'caseId');
    const [appeal, appealCase, submission] = await Promise.all([
      AppealModel.findById(caseId).lean(), ReviewCaseModel.findById(caseId).lean(), submittedForm(task, 'appeal-decision'),
    ]);
    if (!appeal || !appealCase) throw new Error(`appeal ${caseId} not found`);
    // The rating appealed against, as recorded at filing: reading the standing rating instead would,
    // on a redelivery after the appeal score was written, find the panel's own new rating.
    const ratingBefore = appeal.ratingAtFiling;
    const scoringVersion = appealCase.policyVersions.scoring;
    const scoring = scoringVersion === undefined ? null : await policyVersion('scoring', scoringVersion);
    if (!scoring) throw new Error(`scoring policy version ${scoringVersion} not found`);
    const ratings = (scoring.body as unknown as ScoringPolicy).ratingBands.map((band) => band.rating);
    const outcome = submission.data.outcome === 'upheld' ? 'upheld' : 'dismissed';
    let ratingAfter: string;
    try {
      ratingAfter = ratingAfterDecision({ outcome, currentRating: ratingBefore, newRating: submission.data.newRating as string | undefined }, ratings);
    } catch (error) {
      throw new BusinessError('INVALID_DECISION', (error as Error).message);
    }
    const reasons = String(submission.data.reasons ?? '');
    if (outcome === 'upheld') {
      const decision: RatingDecision = { kind: 'appeal', fromRating: ratingBefore, toRating: ratingAfter, reason: reasons, decidedBy: submission.submittedBy, decisionRef: caseId };
      await retryOnBusy(() => ScoreModel.updateOne({ _id: scoreId(appeal.cycle, appeal.personId, 'appeal') }, {
        $set: { cycle: appeal.cycle, subjectId: appeal.personId, step: 'appeal', caseId, score: 0, rating: ratingAfter, explanation: decision, sourceSubmissionTaskId: submission.taskId, computedAt: new Date() },
        $inc: { deliveries: 1 },
      }, { upsert: true }));
    }
    const record = { outcome, ratingBefore, ratingAfter, reasons, by: submission.submittedBy, at: submission.submittedAt, taskId: submission.taskId };
    await retryOnBusy(() => AppealModel.updateOne({ _id: caseId }, { $set: { decision: record, status: outcome } }));
    await recordAudit({ actor: submission.submittedBy, action: 'appeal.decided', subject: { type: 'appeal', id: caseId }, before: { rating: ratingBefore }, after: record });
    return { upheld: outcome === 'upheld', appealRating: ratingAfter };
  },
};
