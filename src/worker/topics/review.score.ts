import type { TopicHandler } from '../topic-handler';
import { requireStringVariable } from '../topic-handler';
import { scoreAssessment } from '../score-assessment';

/** Scores the employee's self-assessment, so the manager sees it beside their own form. */
export const reviewScore: TopicHandler = {
  topic: 'review.score',
  async handle(task) {
    const { score, rating } = await scoreAssessment(task, requireStringVariable(task, 'caseId'), 'self-assessment', 'self');
    return { selfScore: score, selfRating: rating };
  },
};
