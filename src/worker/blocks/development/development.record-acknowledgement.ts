import { DEVELOPMENT_BLOCKS } from '../../../domain/blocks';
import { developmentPlanId } from '../../../domain/development-plan';
import { requireStringVariable } from '../../topic-handler';
import { defineBlock } from '../block';
import type { CommonPorts, DevelopmentPort } from '../ports';
import { latestSubmission } from '../submissions';

/**
 * The employee's answer to the feedback meeting's record: they agree, or they add their comment.
 * Kept on the plan (its one writer at this step); a redelivery sets the same answer again.
 */
export const developmentRecordAcknowledgement = defineBlock<Pick<CommonPorts, 'cases' | 'submissions' | 'audit'> & { development: Pick<DevelopmentPort, 'setAcknowledgement'> }>(DEVELOPMENT_BLOCKS.recordAcknowledgement, async (task, ports) => {
  const caseId = requireStringVariable(task, 'caseId');
  const meetingCase = await ports.cases.byId(caseId);
  if (!meetingCase) throw new Error(`case ${caseId} not found`);
  const answer = await latestSubmission(task, ports.submissions, 'feedback-acknowledgement');
  const agrees = answer.data.agreement === 'agree';
  const comment = typeof answer.data.comment === 'string' ? answer.data.comment.trim() : '';
  const planId = developmentPlanId(meetingCase.cycle, meetingCase.subjectId);
  await ports.development.setAcknowledgement(planId, { submissionId: answer._id, agrees, comment, at: answer.submittedAt });
  await ports.audit({
    actor: answer.submittedBy, action: 'development.meeting-acknowledged', subject: { type: 'development-plan', id: planId },
    after: { agrees, comment }, details: { caseId, submissionId: answer._id },
  });
  return { employeeAgrees: agrees };
});
