import type { BlockDeclaration } from './declaration';

/** An appeal against a rating: HR's triage, the panel's decision, escalation past the deadline, the outcome told. */
export const APPEAL_BLOCKS = {
  triage: { topic: 'appeal.triage', name: { en: 'Record appeal triage', 'zh-CN': '记录申诉分诊' }, description: 'Records HR\'s triage; the gateway after it reads admissible.',
    reads: ['caseId', 'appealTriageSubmissionId'],
    produces: [{ name: 'admissible', type: 'boolean', description: 'HR accepted the appeal for the panel' }] },
  decide: { topic: 'appeal.decide', name: { en: 'Record appeal decision', 'zh-CN': '记录申诉决定' }, description: 'Records the panel\'s decision; upheld writes an appeal score.',
    reads: ['caseId', 'appealDecisionSubmissionId'],
    produces: [{ name: 'upheld', type: 'boolean', description: 'the panel upheld the appeal' }, { name: 'appealRating', type: 'string', description: 'the rating after the decision' }] },
  escalate: { topic: 'appeal.escalate', name: { en: 'Escalate overdue appeal', 'zh-CN': '升级逾期申诉' }, description: 'Marks the case escalated and tells HR and the committee.',
    reads: ['caseId', 'subjectId'],
    produces: [] },
  notify: { topic: 'appeal.notify', name: { en: 'Notify appeal outcome', 'zh-CN': '通知申诉结果' }, description: 'Tells the employee the outcome with the reasons and closes the case.',
    reads: ['caseId'],
    produces: [] },
} satisfies Record<string, BlockDeclaration>;
