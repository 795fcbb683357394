import { goalSetVersions } from '../../../db/models/goal-set';
import { PersonModel } from '../../../db/models/person';
import { personName } from '../../../db/person-cards';
import { SubmissionModel, submissionVariable } from '../../../db/models/submission';
import { agreedOn, diffGoalSets, goalRowsOf, versionInForce } from '../../../domain/goal-versions';
import { mayReadCaseOf } from '../../access/case-access';
import { taskVariable } from '../../engine-client';
import { withUnitGoals } from '../../goal-changes/goal-rows';
import type { ContextReader, SourceResult } from './context-reader';

/**
 * A proposed goal change beside the goals in force: each goal before and after, side by side, with
 * what changed, and the employee's reason. Read as GET /api/goals reads a person's goals
 * (case-access.ts). Nothing yet while no change has been proposed in the case.
 */
export async function goalChangeSource({ reviewCase, user, task }: ContextReader): Promise<SourceResult> {
  const person = await PersonModel.findById(reviewCase.subjectId, { name: 1, unitId: 1, managerId: 1 }).lean();
  if (!person) return 'nothing-yet';
  if (!(await mayReadCaseOf(user, person))) return 'not-shown';
  const id = taskVariable(task, submissionVariable('goal-change'));
  const proposal = id ? await SubmissionModel.findById(id, { data: 1, submittedAt: 1, caseId: 1 }).lean() : null;
  if (!proposal || proposal.caseId !== reviewCase._id) return 'nothing-yet';
  const inForce = versionInForce(await goalSetVersions(reviewCase.cycle, reviewCase.subjectId));
  const [before, after] = await withUnitGoals([inForce?.goals ?? [], goalRowsOf(proposal.data)]);
  const diff = diffGoalSets(before!, after!).map((row, i) => ({
    ...row, before: row.before ? before![i] : null, after: row.after ? after![i] : null,
    changedTitle: row.fields.includes('title'), changedWeight: row.fields.includes('weight'), changedTarget: row.fields.includes('target'),
    changedDimension: row.fields.includes('dimension') || row.fields.includes('kind'), changedUnitGoal: row.fields.includes('unitGoalId'),
  }));
  return {
    partial: 'context-goal-change',
    data: {
      person: { _id: person._id, name: person.name },
      cycle: reviewCase.cycle,
      inForce: inForce ? { version: inForce.version, agreedOn: agreedOn(inForce) } : null,
      proposedVersion: (inForce?.version ?? 0) + 1,
      proposedAt: proposal.submittedAt,
      reason: typeof proposal.data.reason === 'string' ? proposal.data.reason : '',
      rows: diff,
    },
  };
}

/**
 * The goals the subject is assessed against: the goal-set version in force now (the one the score
 * will name), when it was agreed and by whom, its goals, and how many versions came before, with a
 * link to them. Read as GET /api/goals reads a person's goals.
 */
export async function goalsInForceSource({ reviewCase, user }: ContextReader): Promise<SourceResult> {
  const person = await PersonModel.findById(reviewCase.subjectId, { name: 1, unitId: 1, managerId: 1 }).lean();
  if (!person) return 'nothing-yet';
  if (!(await mayReadCaseOf(user, person))) return 'not-shown';
  const versions = await goalSetVersions(reviewCase.cycle, reviewCase.subjectId);
  const inForce = versionInForce(versions);
  if (!inForce) return 'nothing-yet';
  const [goals] = await withUnitGoals([inForce.goals]);
  const approvedBy = await personName(inForce.approvedBy);
  return {
    partial: 'context-goals-in-force',
    data: {
      person: { _id: person._id, name: person.name }, cycle: reviewCase.cycle,
      version: inForce.version, agreedOn: agreedOn(inForce), approvedBy: approvedBy ?? null, reason: inForce.reason,
      changed: inForce.version > 1, goals,
    },
  };
}
