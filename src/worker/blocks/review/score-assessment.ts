import { scoreId, type Score } from '../../../db/models/score';
import { dimensionsOf, ratingsFromSubmission, scoreReview, type ScoreExplanation, type ScoringPolicy } from '../../../domain/scoring';
import type { TopicTask } from '../../topic-handler';
import type { AfterWritePort, CommonPorts, OrgPort, PoliciesPort, ScoresPort } from '../ports';
import { submittedForm } from '../submissions';

export type ScoreAssessmentPorts = Pick<CommonPorts, 'cases' | 'submissions' | 'audit' | 'clock'> & {
  policies: Pick<PoliciesPort, 'version'>;
  org: Pick<OrgPort, 'businessLineOf'>;
  scores: Pick<ScoresPort, 'write'>;
  afterWrite: AfterWritePort;
};

/**
 * Scores the submission of an assessment form named by the task's variables, with the case's pinned scoring policy and
 * stores the result under the id cycle + subject + step, so a redelivered task overwrites the same record.
 */
export async function scoreAssessment(
  task: TopicTask, ports: ScoreAssessmentPorts, caseId: string, formKey: string, step: Score['step'],
  goalsAssessed?: (reviewCase: { cycle: string; subjectId: string }) => Promise<ScoreExplanation['goals']>,
): Promise<Pick<Score, 'score' | 'rating'>> {
  const reviewCase = await ports.cases.byId(caseId);
  if (!reviewCase) throw new Error(`case ${caseId} not found`);
  const submission = await submittedForm(task, ports.submissions, formKey);
  const businessLine = await ports.org.businessLineOf(reviewCase.subjectId);
  const policyVersion = reviewCase.policyVersions.scoring;
  const policy = policyVersion === undefined ? null : await ports.policies.version('scoring', policyVersion);
  if (!policy) throw new Error(`scoring policy version ${policyVersion} not found`);

  // The rating fields `<dimension>Rating` of the pinned policy's dimensions: the form was expanded from the same version.
  const body = policy.body as ScoringPolicy;
  const scored = scoreReview(ratingsFromSubmission(submission.data, dimensionsOf(body)), businessLine, body, { key: 'scoring', version: policy.version });
  // The manager's assessment names the goals it was assessed against: the version in force now.
  const goals = goalsAssessed ? await goalsAssessed(reviewCase) : undefined;
  const explanation: ScoreExplanation = goals ? { ...scored, goals } : scored;
  const id = scoreId(reviewCase.cycle, reviewCase.subjectId, step);
  await ports.scores.write({
    _id: id, cycle: reviewCase.cycle, subjectId: reviewCase.subjectId, step, caseId, score: explanation.score, rating: explanation.rating, explanation,
    sourceSubmissionTaskId: submission.taskId, computedAt: ports.clock.now(),
  });
  await ports.audit({
    actor: 'worker', action: 'score.computed', subject: { type: 'score', id },
    after: explanation, details: { caseId, score: explanation.score, rating: explanation.rating, policy: explanation.policy },
  });
  await ports.afterWrite();
  return { score: explanation.score, rating: explanation.rating };
}
