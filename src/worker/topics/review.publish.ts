import { recordAudit } from '../../audit/record-audit';
import { notify } from '../../db/models/notification';
import { ReviewCaseModel } from '../../db/models/review-case';
import { standingRating } from '../../db/models/score';
import { retryOnBusy } from '../../db/retry-on-busy';
import { requireStringVariable, type TopicHandler } from '../topic-handler';

/**
 * Publishes a calibrated review: the rating that stands (calibrated over final) becomes the
 * employee's result, and they are told. A redelivery finds the case published and only re-sends
 * the keyed notification, which changes nothing.
 */
export const reviewPublish: TopicHandler = {
  topic: 'review.publish',
  async handle(task) {
    const caseId = requireStringVariable(task, 'caseId');
    const reviewCase = await ReviewCaseModel.findById(caseId, { cycle: 1, subjectId: 1, status: 1 }).lean();
    if (!reviewCase) throw new Error(`case ${caseId} not found`);
    const standing = await standingRating(reviewCase.cycle, reviewCase.subjectId);
    if (!standing) throw new Error(`review ${caseId} has no rating to publish`);
    if (reviewCase.status !== 'published') {
      await retryOnBusy(() => ReviewCaseModel.updateOne({ _id: caseId }, { $set: { status: 'published', publishedAt: new Date() } }));
      await recordAudit({
        actor: 'worker', action: 'review.published', subject: { type: 'case', id: caseId },
        before: { status: reviewCase.status }, after: { status: 'published', rating: standing.rating }, details: { rating: standing.rating, step: standing.step, score: standing._id },
      });
    }
    await notify(reviewCase.subjectId, caseId, 'review.published', { rating: standing.rating });
    return { publishedRating: standing.rating };
  },
};
