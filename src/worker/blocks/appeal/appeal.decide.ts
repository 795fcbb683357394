import { scoreId, type RatingDecision } from '../../../db/models/score';
import { ratingAfterDecision } from '../../../domain/appeal';
import { APPEAL_BLOCKS } from '../../../domain/blocks';
import type { ScoringPolicy } from '../../../domain/scoring';
import { BusinessError, requireStringVariable } from '../../topic-handler';
import { defineBlock } from '../block';
import type { AppealsPort, CommonPorts, PoliciesPort, ScoresPort } from '../ports';
import { submittedForm } from '../submissions';

/**
 * Records the panel's decision. Upheld: the new rating is written as the person's 'appeal' score,
 * which stands above calibration (standingRating), with the decision as its explanation.
 */
export const appealDecide = defineBlock<Pick<CommonPorts, 'cases' | 'submissions' | 'audit' | 'clock'> & {
  appeals: AppealsPort; policies: Pick<PoliciesPort, 'version'>; scores: Pick<ScoresPort, 'write'>;
}>(APPEAL_BLOCKS.decide, async (task, ports) => {
  const caseId = requireStringVariable(task, 'caseId');
  const [appeal, appealCase, submission] = await Promise.all([
    ports.appeals.byId(caseId), ports.cases.byId(caseId), submittedForm(task, ports.submissions, 'appeal-decision'),
  ]);
  if (!appeal || !appealCase) throw new Error(`appeal ${caseId} not found`);
  // The rating appealed against, as recorded at filing: reading the standing rating instead would,
  // on a redelivery after the appeal score was written, find the panel's own new rating.
  const ratingBefore = appeal.ratingAtFiling;
  const scoringVersion = appealCase.policyVersions.scoring;
  const scoring = scoringVersion === undefined ? null : await ports.policies.version('scoring', scoringVersion);
  if (!scoring) throw new Error(`scoring policy version ${scoringVersion} not found`);
  const ratings = (scoring.body as ScoringPolicy).ratingBands.map((band) => band.rating);
  const outcome = submission.data.outcome === 'upheld' ? 'upheld' : 'dismissed';
  let ratingAfter: string;
  try {
    ratingAfter = ratingAfterDecision({ outcome, currentRating: ratingBefore, newRating: submission.data.newRating as string | undefined }, ratings);
  } catch (error) {
    throw new BusinessError('INVALID_DECISION', (error as Error).message);
  }
  const reasons = String(submission.data.reasons ?? '');
  if (outcome === 'upheld') {
    const decision: RatingDecision = { kind: 'appeal', fromRating: ratingBefore, toRating: ratingAfter, reason: reasons, decidedBy: submission.submittedBy, decisionRef: caseId };
    await ports.scores.write({
      _id: scoreId(appeal.cycle, appeal.personId, 'appeal'), cycle: appeal.cycle, subjectId: appeal.personId, step: 'appeal', caseId, score: 0, rating: ratingAfter,
      explanation: decision, sourceSubmissionTaskId: submission.taskId, computedAt: ports.clock.now(),
    });
  }
  const record = { outcome, ratingBefore, ratingAfter, reasons, by: submission.submittedBy, at: submission.submittedAt, taskId: submission.taskId } as const;
  await ports.appeals.update(caseId, { decision: record, status: outcome });
  await ports.audit({ actor: submission.submittedBy, action: 'appeal.decided', subject: { type: 'appeal', id: caseId }, before: { rating: ratingBefore }, after: record });
  return { upheld: outcome === 'upheld', appealRating: ratingAfter };
});
