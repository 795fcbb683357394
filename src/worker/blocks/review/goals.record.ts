import { MAX_PERSON_GOALS, personGoalId, type PersonGoal } from '../../../db/models/goal';
import { REVIEW_BLOCKS } from '../../../domain/blocks';
import { requireStringVariable } from '../../topic-handler';
import { defineBlock } from '../block';
import type { CommonPorts, ReviewStorePort } from '../ports';
import { latestSubmission } from '../submissions';

type GoalRow = Pick<PersonGoal, 'title' | 'kind' | 'dimension' | 'weight' | 'target' | 'unitGoalId'>;

/**
 * After the manager's goal approval: `goalsApproved` for the gateway, and when approved, the
 * employee's goals as submitted, each linked to its unit goal. Ids are cycle + person + position, so
 * a redelivery rewrites the same goals.
 */
export const goalsRecord = defineBlock<Pick<CommonPorts, 'cases' | 'submissions' | 'audit' | 'clock'> & { reviewStore: Pick<ReviewStorePort, 'replaceGoals'> }>(REVIEW_BLOCKS.goalsRecord, async (task, ports) => {
  const caseId = requireStringVariable(task, 'caseId');
  const reviewCase = await ports.cases.byId(caseId);
  if (!reviewCase) throw new Error(`case ${caseId} not found`);
  const approval = await latestSubmission(task, ports.submissions, 'goal-approval');
  if (approval.data.decision !== 'approve') {
    await ports.audit({ actor: approval.submittedBy, action: 'goals.returned', subject: { type: 'case', id: caseId }, details: { approvalTaskId: approval.taskId, comment: approval.data.comment ?? null } });
    return { goalsApproved: false, goalCount: 0 };
  }
  const proposal = await latestSubmission(task, ports.submissions, 'goal-setting');
  const rows = (proposal.data.goals ?? []) as GoalRow[];
  if (rows.length === 0 || rows.length > MAX_PERSON_GOALS) throw new Error(`goal-setting submission ${proposal.taskId} has ${rows.length} goals`);
  const { cycle, subjectId } = reviewCase;
  const goals = rows.map((row, i): PersonGoal => ({
    _id: personGoalId(cycle, subjectId, i + 1), cycle, personId: subjectId, caseId, index: i + 1,
    title: row.title, kind: row.kind, dimension: row.dimension, weight: row.weight, target: row.target, unitGoalId: row.unitGoalId,
    sourceSubmissionTaskId: proposal.taskId, approvalSubmissionTaskId: approval.taskId, approvedBy: approval.submittedBy, recordedAt: ports.clock.now(),
  }));
  await ports.reviewStore.replaceGoals(cycle, subjectId, goals);
  await ports.audit({ actor: approval.submittedBy, action: 'goals.approved', subject: { type: 'case', id: caseId }, after: goals.map(({ recordedAt: _r, ...g }) => g), details: { approvalTaskId: approval.taskId } });
  return { goalsApproved: true, goalCount: goals.length };
});
