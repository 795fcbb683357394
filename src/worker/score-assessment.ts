import { retryOnBusy } from '../db/retry-on-busy';
import { recordAudit } from '../audit/record-audit';
import { OrgUnitModel, type BusinessLine } from '../db/models/org-unit';
import { TtlCache } from '../lib/ttl-cache';
import { PersonModel } from '../db/models/person';
import { ReviewCaseModel } from '../db/models/review-case';
import { ScoreModel, scoreId, type Score } from '../db/models/score';
import { submittedForm } from './submitted-form';
import type { TopicTask } from './topic-handler';
import { policyVersion as loadPolicyVersion } from '../db/immutable-versions';
import { dimensionsOf, ratingsFromSubmission, scoreReview, type ScoringPolicy } from '../domain/scoring';
import { pauseAfterWriteIfInjected } from './fault-injection';

// Business lines change only with a reorganisation; a minute-old answer is fine for scoring.
const businessLines = new TtlCache<BusinessLine>(60_000);

async function businessLineOf(personId: string): Promise<BusinessLine> {
  const cached = businessLines.get(personId);
  if (cached) return cached;
  const person = await PersonModel.findById(personId, { unitId: 1 }).lean();
  const unit = person ? await OrgUnitModel.findById(person.unitId, { businessLine: 1 }).lean() : null;
  if (!unit) throw new Error(`the org unit of ${personId} is unknown`);
  businessLines.set(personId, unit.businessLine);
  return unit.businessLine;
}

/**
 * Scores the submission of an assessment form named by the task's variables, with the case's pinned scoring policy and
 * stores the result under the id cycle + subject + step, so a redelivered task overwrites the same record.
 */
export async function scoreAssessment(task: TopicTask, caseId: string, formKey: string, step: Score['step']): Promise<Pick<Score, 'score' | 'rating'>> {
  const reviewCase = await ReviewCaseModel.findById(caseId).lean();
  if (!reviewCase) throw new Error(`case ${caseId} not found`);
  const submission = await submittedForm(task, formKey);
  const businessLine = await businessLineOf(reviewCase.subjectId);
  const policyVersion = reviewCase.policyVersions.scoring;
  const policy = policyVersion === undefined ? null : await loadPolicyVersion('scoring', policyVersion);
  if (!policy) throw new Error(`scoring policy version ${policyVersion} not found`);

  // The rating fields `<dimension>Rating` of the pinned policy's dimensions: the form was expanded from the same version.
  const body = policy.body as unknown as ScoringPolicy;
  const explanation = scoreReview(ratingsFromSubmission(submission.data, dimensionsOf(body)), businessLine, body, { key: 'scoring', version: policy.version });
  await retryOnBusy(() => ScoreModel.updateOne(
    { _id: scoreId(reviewCase.cycle, reviewCase.subjectId, step) },
    {
      $set: { cycle: reviewCase.cycle, subjectId: reviewCase.subjectId, step, caseId, score: explanation.score, rating: explanation.rating, explanation, sourceSubmissionTaskId: submission.taskId, computedAt: new Date() },
      $inc: { deliveries: 1 },
    },
    { upsert: true },
  ));
  await recordAudit({
    actor: 'worker', action: 'score.computed', subject: { type: 'score', id: scoreId(reviewCase.cycle, reviewCase.subjectId, step) },
    after: explanation, details: { caseId, score: explanation.score, rating: explanation.rating, policy: explanation.policy },
  });
  await pauseAfterWriteIfInjected();
  return { score: explanation.score, rating: explanation.rating };
}
