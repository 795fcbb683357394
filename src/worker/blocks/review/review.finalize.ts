import { REVIEW_BLOCKS } from '../../../domain/blocks';
import { requireStringVariable } from '../../topic-handler';
import { defineBlock } from '../block';
import { agreedOn, versionInForce } from '../../../domain/goal-versions';
import type { CommonPorts, GoalSetsPort } from '../ports';
import { scoreAssessment, type ScoreAssessmentPorts } from './score-assessment';

/**
 * Scores the manager's assessment: the review's result, with its explanation, which names the
 * goal-set version in force as the manager assessed (the version at the end of the cycle).
 */
export const reviewFinalize = defineBlock<ScoreAssessmentPorts & Pick<CommonPorts, 'cases'> & { goalSets: Pick<GoalSetsPort, 'versions'> }>(REVIEW_BLOCKS.finalize, async (task, ports) => {
  const caseId = requireStringVariable(task, 'caseId');
  const { score, rating } = await scoreAssessment(task, ports, caseId, 'manager-assessment', 'final', async ({ cycle, subjectId }) => {
    const inForce = versionInForce(await ports.goalSets.versions(cycle, subjectId));
    return inForce ? { version: inForce.version, agreedOn: agreedOn(inForce), goalCount: inForce.goals.length } : undefined;
  });
  await ports.cases.setStatus(caseId, 'finalized');
  return { finalScore: score, finalRating: rating };
});
