import { retryOnBusy } from '../../db/retry-on-busy';
import { ReviewCaseModel } from '../../db/models/review-case';
import type { TopicHandler } from '../topic-handler';
import { requireStringVariable } from '../topic-handler';
import { scoreAssessment } from '../score-assessment';

/** Scores the manager's assessment: the review's result, with its explanation. */
export const reviewFinalize: TopicHandler = {
  topic: 'review.finalize',
  async handle(task) {
    const caseId = requireStringVariable(task, 'caseId');
    const { score, rating } = await scoreAssessment(task, caseId, 'manager-assessment', 'final');
    await retryOnBusy(() => ReviewCaseModel.updateOne({ _id: caseId }, { $set: { status: 'finalized' } }));
    return { finalScore: score, finalRating: rating };
  },
};
