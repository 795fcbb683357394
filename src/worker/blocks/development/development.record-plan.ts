import { DEVELOPMENT_BLOCKS } from '../../../domain/blocks';
import { developmentPlanId, meetingGaps, planItemsFromMeeting } from '../../../domain/development-plan';
import { requireStringVariable } from '../../topic-handler';
import { defineBlock } from '../block';
import type { CommonPorts, DevelopmentPort, OrgPort } from '../ports';
import { latestSubmission } from '../submissions';

export const CATALOGUE_POLICY = 'development-catalogue';

/**
 * After the feedback meeting: the meeting as the manager recorded it (strengths, gaps with causes
 * and categories) becomes the person's development plan for the cycle, and each agreed commitment
 * a plan item with its owner and due date (src/domain/development-plan.ts). Plan and items are
 * inserted only where their ids are free, so a redelivery — or the block placed twice in a flow —
 * adds nothing and never resets progress the employee has marked since. The items go in before the
 * plan, so whoever finds the plan (the employee's page, HR's share by unit) finds its items with it.
 */
export const developmentRecordPlan = defineBlock<Pick<CommonPorts, 'cases' | 'submissions' | 'audit' | 'clock'> & { org: Pick<OrgPort, 'person'>; development: Pick<DevelopmentPort, 'createPlan' | 'insertItems'> }>(DEVELOPMENT_BLOCKS.recordPlan, async (task, ports) => {
  const caseId = requireStringVariable(task, 'caseId');
  const meetingCase = await ports.cases.byId(caseId);
  if (!meetingCase) throw new Error(`case ${caseId} not found`);
  const { cycle, subjectId } = meetingCase;
  const meeting = await latestSubmission(task, ports.submissions, 'feedback-meeting');
  const person = await ports.org.person(subjectId);
  if (!person) throw new Error(`person ${subjectId} not found`);
  const now = ports.clock.now();
  const items = planItemsFromMeeting(cycle, subjectId, meeting.data);
  const planId = developmentPlanId(cycle, subjectId);
  const catalogueVersion = meetingCase.policyVersions?.[CATALOGUE_POLICY];
  const added = await ports.development.insertItems(items.map((item) => ({
    ...item, planId, cycle, personId: subjectId, unitId: person.unitId, progress: [], createdAt: now,
  })));
  const created = await ports.development.createPlan({
    _id: planId, cycle, personId: subjectId, unitId: person.unitId, managerId: meetingCase.managerId, caseId,
    meeting: { submissionId: meeting._id, strengths: String(meeting.data.strengths ?? '').trim(), gaps: meetingGaps(meeting.data), recordedBy: meeting.submittedBy, recordedAt: meeting.submittedAt },
    catalogue: catalogueVersion === undefined ? null : { key: CATALOGUE_POLICY, version: catalogueVersion },
  });
  await ports.audit({
    actor: meeting.submittedBy, action: 'development.plan-recorded', subject: { type: 'development-plan', id: planId },
    after: { items: items.map(({ _id, what, kind, ownerId, dueDate }) => ({ _id, what, kind, ownerId, dueDate })) },
    details: { caseId, meetingSubmissionId: meeting._id, planCreated: created, itemsAdded: added },
  });
  return { planItemCount: items.length };
});
