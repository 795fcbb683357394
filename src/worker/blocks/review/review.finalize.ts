import { REVIEW_BLOCKS } from '../../../domain/blocks';
import { requireStringVariable } from '../../topic-handler';
import { defineBlock } from '../block';
import type { CommonPorts } from '../ports';
import { scoreAssessment, type ScoreAssessmentPorts } from './score-assessment';

/** Scores the manager's assessment: the review's result, with its explanation. */
export const reviewFinalize = defineBlock<ScoreAssessmentPorts & Pick<CommonPorts, 'cases'>>(REVIEW_BLOCKS.finalize, async (task, ports) => {
  const caseId = requireStringVariable(task, 'caseId');
  const { score, rating } = await scoreAssessment(task, ports, caseId, 'manager-assessment', 'final');
  await ports.cases.setStatus(caseId, 'finalized');
  return { finalScore: score, finalRating: rating };
});
