import { peerFeedbackSummaryId } from '../../../db/models/peer-feedback-summary';
import { REVIEW_BLOCKS } from '../../../domain/blocks';
import { aggregatePeerFeedback, peerCommentFrom, peerRatingsFrom } from '../../../domain/feedback-360';
import { dimensionsOf } from '../../../domain/scoring';
import { requireStringVariable } from '../../topic-handler';
import { defineBlock } from '../block';
import type { CommonPorts, EnginePort, PoliciesPort, ReviewStorePort } from '../ports';

/**
 * All peers answered: the mean per dimension with its count and the comments without names, stored
 * as one summary per review; what the manager may see of it is decided when shown (feedback-360 policy). The peers' tasks come from the engine's history (their ids are the submissions' ids), so
 * every read is by id; the multi-instance step keeps no list of its own.
 */
export const reviewAggregate360 = defineBlock<Pick<CommonPorts, 'cases' | 'submissions' | 'audit' | 'clock'> & {
  policies: Pick<PoliciesPort, 'scoringOf'>; engine: Pick<EnginePort, 'finishedTasksOfStep'>; reviewStore: Pick<ReviewStorePort, 'savePeerFeedbackSummary'>;
}>(REVIEW_BLOCKS.aggregate360, async (task, ports) => {
  const caseId = requireStringVariable(task, 'caseId');
  const reviewCase = await ports.cases.byId(caseId);
  if (!reviewCase) throw new Error(`case ${caseId} not found`);
  // The dimensions the peers' forms showed: those of the case's pinned scoring policy.
  const policy = await ports.policies.scoringOf(reviewCase);
  if (!policy) throw new Error(`case ${caseId}: no scoring policy to read the peers' ratings with`);
  const dimensions = dimensionsOf(policy.body);
  const peerTasks = await ports.engine.finishedTasksOfStep(task.processInstanceId, 'peerFeedback');
  const submissions = await Promise.all(peerTasks.map((t) => ports.submissions.byId(t.id)));
  const answered = submissions.filter((s) => s !== null);
  if (answered.length < peerTasks.length) throw new Error(`case ${caseId}: ${peerTasks.length - answered.length} peer feedback submissions not found`);
  const aggregate = aggregatePeerFeedback(answered.map((s) => peerRatingsFrom(s.data, dimensions)), dimensions);
  // Comments without who wrote them, sorted so that their order does not follow the answers'.
  const comments = answered.map((s) => peerCommentFrom(s.data)).filter((c): c is string => c !== null).sort((a, b) => a.localeCompare(b));
  const id = peerFeedbackSummaryId(reviewCase.cycle, reviewCase.subjectId);
  await ports.reviewStore.savePeerFeedbackSummary({
    _id: id, cycle: reviewCase.cycle, subjectId: reviewCase.subjectId, caseId, aggregate, comments, sourceSubmissionTaskIds: answered.map((s) => s._id), computedAt: ports.clock.now(),
  });
  await ports.audit({ actor: 'worker', action: 'feedback360.aggregated', subject: { type: 'peerFeedbackSummary', id }, after: aggregate, details: { caseId } });
  return { peerFeedbackRespondents: aggregate.respondents };
});
