import { recordAudit } from '../../audit/record-audit';
import { PeerFeedbackSummaryModel, peerFeedbackSummaryId } from '../../db/models/peer-feedback-summary';
import { ReviewCaseModel } from '../../db/models/review-case';
import { SubmissionModel } from '../../db/models/submission';
import { retryOnBusy } from '../../db/retry-on-busy';
import { aggregatePeerFeedback, peerCommentFrom, peerRatingsFrom } from '../../domain/feedback-360';
import { dimensionsOf } from '../../domain/scoring';
import { pinnedScoringPolicy } from '../../db/pinned-scoring-policy';
import { workerEngine } from '../engine';
import { requireStringVariable, type TopicHandler } from '../topic-handler';

/**
 * All peers answered: the mean per dimension with its count and the comments without names, stored
 * as one summary per review; what the manager may see of it is decided when shown (feedback-360 policy). The peers' tasks come from the engine's history (their ids are the submissions' ids), so
 * every read is by id; the multi-instance step keeps no list of its own.
 */
export const reviewAggregate360: TopicHandler = {
  topic: 'review.aggregate-360',
  async handle(task) {
    const caseId = requireStringVariable(task, 'caseId');
    const reviewCase = await ReviewCaseModel.findById(caseId, { cycle: 1, subjectId: 1, policyVersions: 1 }).lean();
    if (!reviewCase) throw new Error(`case ${caseId} not found`);
    // The dimensions the peers' forms showed: those of the case's pinned scoring policy.
    const policy = await pinnedScoringPolicy(reviewCase);
    if (!policy) throw new Error(`case ${caseId}: no scoring policy to read the peers' ratings with`);
    const dimensions = dimensionsOf(policy.body);
    const peerTasks = await workerEngine().finishedTasksOfStep(task.processInstanceId, 'peerFeedback');
    const submissions = await Promise.all(peerTasks.map((t) => SubmissionModel.findById(t.id, { data: 1 }).lean()));
    const answered = submissions.filter((s) => s !== null);
    if (answered.length < peerTasks.length) throw new Error(`case ${caseId}: ${peerTasks.length - answered.length} peer feedback submissions not found`);
    const aggregate = aggregatePeerFeedback(answered.map((s) => peerRatingsFrom(s.data, dimensions)), dimensions);
    // Comments without who wrote them, sorted so that their order does not follow the answers'.
    const comments = answered.map((s) => peerCommentFrom(s.data)).filter((c): c is string => c !== null).sort((a, b) => a.localeCompare(b));
    const id = peerFeedbackSummaryId(reviewCase.cycle, reviewCase.subjectId);
    await retryOnBusy(() => PeerFeedbackSummaryModel.updateOne({ _id: id }, {
      $set: { cycle: reviewCase.cycle, subjectId: reviewCase.subjectId, caseId, aggregate, comments, sourceSubmissionTaskIds: answered.map((s) => s._id), computedAt: new Date() },
    }, { upsert: true }));
    await recordAudit({ actor: 'worker', action: 'feedback360.aggregated', subject: { type: 'peerFeedbackSummary', id }, after: aggregate, details: { caseId } });
    return { peerFeedbackRespondents: aggregate.respondents };
  },
};
