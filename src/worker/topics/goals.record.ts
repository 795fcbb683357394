import { recordAudit } from '../../audit/record-audit';
import { MAX_PERSON_GOALS, PersonGoalModel, personGoalId, type PersonGoal } from '../../db/models/goal';
import { ReviewCaseModel } from '../../db/models/review-case';
import { retryOnBusy } from '../../db/retry-on-busy';
import { latestSubmission } from '../case-submission';
import { requireStringVariable, type TopicHandler } from '../topic-handler';

type GoalRow = Pick<PersonGoal, 'title' | 'kind' | 'dimension' | 'weight' | 'target' | 'unitGoalId'>;

/**
 * After the manager's goal approval: `goalsApproved` for the gateway, and when approved, the
 * employee's goals as submitted, each linked to its unit goal. Ids are cycle + person + position, so
 * a redelivery rewrites the same goals.
 */
export const goalsRecord: TopicHandler = {
  topic: 'goals.record',
  async handle(task) {
    const caseId = requireStringVariable(task, 'caseId');
    const reviewCase = await ReviewCaseModel.findById(caseId, { cycle: 1, subjectId: 1 }).lean();
    if (!reviewCase) throw new Error(`case ${caseId} not found`);
    const approval = await latestSubmission(task, 'goal-approval');
    if (approval.data.decision !== 'approve') {
      await recordAudit({ actor: approval.submittedBy, action: 'goals.returned', subject: { type: 'case', id: caseId }, details: { approvalTaskId: approval.taskId, comment: approval.data.comment ?? null } });
      return { goalsApproved: false, goalCount: 0 };
    }
    const proposal = await latestSubmission(task, 'goal-setting');
    const rows = (proposal.data.goals ?? []) as GoalRow[];
    if (rows.length === 0 || rows.length > MAX_PERSON_GOALS) throw new Error(`goal-setting submission ${proposal.taskId} has ${rows.length} goals`);
    const { cycle, subjectId } = reviewCase;
    const goals = rows.map((row, i): PersonGoal => ({
      _id: personGoalId(cycle, subjectId, i + 1), cycle, personId: subjectId, caseId, index: i + 1,
      title: row.title, kind: row.kind, dimension: row.dimension, weight: row.weight, target: row.target, unitGoalId: row.unitGoalId,
      sourceSubmissionTaskId: proposal.taskId, approvalSubmissionTaskId: approval.taskId, approvedBy: approval.submittedBy, recordedAt: new Date(),
    }));
    await retryOnBusy(() => PersonGoalModel.bulkWrite([
      ...goals.map(({ _id, ...fields }) => ({ updateOne: { filter: { _id }, update: { $set: fields }, upsert: true } })),
      // Fewer goals than an earlier recording of this case: the extra ones are no longer goals.
      ...Array.from({ length: MAX_PERSON_GOALS - goals.length }, (_, i) => ({ deleteOne: { filter: { _id: personGoalId(cycle, subjectId, goals.length + i + 1) } } })),
    ]));
    await recordAudit({ actor: approval.submittedBy, action: 'goals.approved', subject: { type: 'case', id: caseId }, after: goals.map(({ recordedAt: _r, ...g }) => g), details: { approvalTaskId: approval.taskId } });
    return { goalsApproved: true, goalCount: goals.length };
  },
};
