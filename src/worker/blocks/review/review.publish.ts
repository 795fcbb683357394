import { REVIEW_BLOCKS } from '../../../domain/blocks';
import { requireStringVariable } from '../../topic-handler';
import { defineBlock } from '../block';
import type { CommonPorts, ScoresPort } from '../ports';

/**
 * Publishes a calibrated review: the rating that stands (calibrated over final) becomes the
 * employee's result, and they are told. A redelivery finds the case published and only re-sends
 * the keyed notification and the audit entry, which change nothing when they were written (the
 * entry's identity is the delivery's task), and write what a delivery that died before them left out.
 */
export const reviewPublish = defineBlock<Pick<CommonPorts, 'cases' | 'audit' | 'notify' | 'clock'> & { scores: Pick<ScoresPort, 'standing'> }>(REVIEW_BLOCKS.publish, async (task, ports) => {
  const caseId = requireStringVariable(task, 'caseId');
  const reviewCase = await ports.cases.byId(caseId);
  if (!reviewCase) throw new Error(`case ${caseId} not found`);
  const standing = await ports.scores.standing(reviewCase.cycle, reviewCase.subjectId);
  if (!standing) throw new Error(`review ${caseId} has no rating to publish`);
  const publishedFrom = reviewCase.status === 'published' ? reviewCase.publishedFrom : reviewCase.status;
  if (reviewCase.status !== 'published') await ports.cases.setStatus(caseId, 'published', { publishedAt: ports.clock.now(), publishedFrom });
  await ports.audit({
    actor: 'worker', action: 'review.published', subject: { type: 'case', id: caseId },
    before: { status: publishedFrom ?? null }, after: { status: 'published', rating: standing.rating }, details: { rating: standing.rating, step: standing.step, score: standing._id },
  });
  await ports.notify(reviewCase.subjectId, caseId, 'review.published', { rating: standing.rating });
  return { publishedRating: standing.rating };
});
