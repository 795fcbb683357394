import { REVIEW_BLOCKS } from '../../../domain/blocks';
import { requireStringVariable } from '../../topic-handler';
import { defineBlock } from '../block';
import { scoreAssessment, type ScoreAssessmentPorts } from './score-assessment';

/** Scores the employee's self-assessment, so the manager sees it beside their own form. */
export const reviewScore = defineBlock<ScoreAssessmentPorts>(REVIEW_BLOCKS.score, async (task, ports) => {
  const { score, rating } = await scoreAssessment(task, ports, requireStringVariable(task, 'caseId'), 'self-assessment', 'self');
  return { selfScore: score, selfRating: rating };
});
