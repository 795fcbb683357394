import type { BlockDeclaration } from './declaration';

/** The feedback meeting and the development plan: recording the meeting's commitments and the employee's answer. */
export const DEVELOPMENT_BLOCKS = {
  recordPlan: { topic: 'development.record-plan', name: { en: 'Record the development plan', 'zh-CN': '记录个人发展计划' }, description: 'Keeps the feedback meeting (strengths, gaps and causes) and turns each agreed commitment into a development-plan item with its owner and due date; a redelivery adds nothing.',
    reads: ['caseId', 'feedbackMeetingSubmissionId'],
    produces: [{ name: 'planItemCount', type: 'number', description: 'how many plan items the meeting agreed' }] },
  recordAcknowledgement: { topic: 'development.record-acknowledgement', name: { en: 'Record the employee\'s acknowledgement', 'zh-CN': '记录员工确认' }, description: 'Keeps the employee\'s answer to the feedback meeting: agreed, or their comment.',
    reads: ['caseId', 'feedbackAcknowledgementSubmissionId'],
    produces: [{ name: 'employeeAgrees', type: 'boolean', description: 'the employee agreed with the meeting\'s record' }] },
} satisfies Record<string, BlockDeclaration>;
