import { MAX_PERSON_GOALS, personGoalId, type PersonGoal } from '../../../db/models/goal';
import { caseIdFor } from '../../../db/models/review-case';
import { REVIEW_BLOCKS } from '../../../domain/blocks';
import { changeWindow, goalRowsOf, goalSetVersionId, versionInForce, type GoalSetVersion } from '../../../domain/goal-versions';
import { requireStringVariable } from '../../topic-handler';
import { defineBlock } from '../block';
import type { CommonPorts, GoalSetsPort, ReviewStorePort } from '../ports';
import { latestSubmission } from '../submissions';

type Ports = Pick<CommonPorts, 'cases' | 'submissions' | 'audit' | 'clock'> & { reviewStore: Pick<ReviewStorePort, 'replaceGoals'>; goalSets: GoalSetsPort };

/** The change is over: the person may propose another, and the case is closed (it pins no form any more). */
async function close(ports: Ports, cycle: string, personId: string, caseId: string): Promise<void> {
  await ports.goalSets.closeChange(cycle, personId, caseId);
  await ports.cases.setStatus(caseId, 'closed');
}

/**
 * After the manager decides a goal change (processes/goal-change.bpmn). Sent back: the employee's
 * task comes again. Rejected: the version in force stays. Approved while the review is still in its
 * change window (src/domain/goal-versions.ts): the proposal becomes the next version, stored once,
 * and the person's goals (the version in force) become its goals. A redelivery finds the version
 * this case wrote and only repeats the idempotent rest.
 */
export const goalsRecordChange = defineBlock<Ports>(REVIEW_BLOCKS.goalsRecordChange, async (task, ports) => {
  const caseId = requireStringVariable(task, 'caseId');
  const changeCase = await ports.cases.byId(caseId);
  if (!changeCase) throw new Error(`case ${caseId} not found`);
  const { cycle, subjectId } = changeCase;
  const decision = await latestSubmission(task, ports.submissions, 'goal-change-decision');
  const comment = typeof decision.data.comment === 'string' && decision.data.comment.trim() !== '' ? decision.data.comment.trim() : null;
  const versions = await ports.goalSets.versions(cycle, subjectId);
  const inForce = versionInForce(versions);
  const subject = { type: 'case', id: caseId };

  if (decision.data.decision === 'return') {
    await ports.audit({ actor: decision.submittedBy, action: 'goals.change-returned', subject, details: { decisionTaskId: decision.taskId, comment } });
    return { goalChangeOutcome: 'returned', goalSetVersion: inForce?.version ?? 0 };
  }
  if (decision.data.decision !== 'approve') {
    // The entry before the close: whoever sees the change closed finds it in the log too.
    await ports.audit({ actor: decision.submittedBy, action: 'goals.change-rejected', subject, details: { decisionTaskId: decision.taskId, comment, versionInForce: inForce?.version ?? null } });
    await close(ports, cycle, subjectId, caseId);
    return { goalChangeOutcome: 'rejected', goalSetVersion: inForce?.version ?? 0 };
  }

  const proposal = await latestSubmission(task, ports.submissions, 'goal-change');
  let recorded = versions.find((v) => v.changeCaseId === caseId);
  if (!recorded) {
    const review = await ports.cases.byId(caseIdFor('performance-review', cycle, subjectId));
    const window = changeWindow(review, inForce !== null, await ports.goalSets.selfAssessed(cycle, subjectId));
    if (!window.open || !inForce) {
      await ports.audit({ actor: decision.submittedBy, action: 'goals.change-too-late', subject, details: { decisionTaskId: decision.taskId, reason: window.open ? 'no goals in force' : window.code } });
      await close(ports, cycle, subjectId, caseId);
      return { goalChangeOutcome: 'too-late', goalSetVersion: inForce?.version ?? 0 };
    }
    const rows = goalRowsOf(proposal.data);
    if (rows.length === 0 || rows.length > MAX_PERSON_GOALS) throw new Error(`goal-change submission ${proposal.taskId} has ${rows.length} goals`);
    // Version 1 was the goal-setting approval's, kept only as the person's goals until now: it is stored before it stops being in force.
    if (inForce.version === 1) await ports.goalSets.save(inForce);
    const next: GoalSetVersion = {
      _id: goalSetVersionId(cycle, subjectId, inForce.version + 1), cycle, personId: subjectId, version: inForce.version + 1, goals: rows,
      agreedAt: ports.clock.now(), proposedBy: proposal.submittedBy, approvedBy: decision.submittedBy,
      reason: typeof proposal.data.reason === 'string' ? proposal.data.reason.trim() : null, changeCaseId: caseId, comment,
    };
    if ((await ports.goalSets.save(next)) === 'exists') throw new Error(`goal-set version ${next._id} exists, written by another change`);
    recorded = next;
  }

  const goals = recorded.goals.map((row, i): PersonGoal => ({
    _id: personGoalId(cycle, subjectId, i + 1), cycle, personId: subjectId, caseId: caseIdFor('performance-review', cycle, subjectId), index: i + 1, ...row,
    sourceSubmissionTaskId: proposal.taskId, approvalSubmissionTaskId: decision.taskId, approvedBy: recorded.approvedBy, recordedAt: recorded.agreedAt,
  }));
  await ports.reviewStore.replaceGoals(cycle, subjectId, goals);
  await ports.audit({
    actor: decision.submittedBy, action: 'goals.change-approved', subject,
    before: inForce && inForce.version < recorded.version ? inForce.goals : null, after: recorded.goals,
    details: { decisionTaskId: decision.taskId, proposalTaskId: proposal.taskId, version: recorded.version, reason: recorded.reason },
  });
  await close(ports, cycle, subjectId, caseId);
  return { goalChangeOutcome: 'approved', goalSetVersion: recorded.version };
});
