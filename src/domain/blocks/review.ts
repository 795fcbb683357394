import type { BlockDeclaration } from './declaration';

/** The performance review: scoring the self and manager assessments, 360 peers, goals, check-in reminders, publication. */
export const REVIEW_BLOCKS = {
  score: { topic: 'review.score', name: { en: 'Compute self-assessment score', 'zh-CN': '计算自评分数' }, description: 'Scores the employee\'s self-assessment so the manager sees it beside their own form.',
    reads: ['caseId', 'selfAssessmentSubmissionId'],
    produces: [{ name: 'selfScore', type: 'number', description: 'the self-assessment\'s weighted score' }, { name: 'selfRating', type: 'string', description: 'the rating band of that score (A–E)' }] },
  finalize: { topic: 'review.finalize', name: { en: 'Compute review score', 'zh-CN': '计算考核得分' }, description: 'Scores the manager\'s assessment: the review\'s result with its explanation.',
    reads: ['caseId', 'managerAssessmentSubmissionId'],
    produces: [{ name: 'finalScore', type: 'number', description: 'the review\'s weighted, risk-adjusted score' }, { name: 'finalRating', type: 'string', description: 'its rating band after compliance veto and downgrade cap' }] },
  publish: { topic: 'review.publish', name: { en: 'Publish review result', 'zh-CN': '发布考核结果' }, description: 'Publishes a calibrated review: the standing rating becomes visible to the employee.',
    reads: ['caseId'],
    produces: [{ name: 'publishedRating', type: 'string', description: 'the standing rating the employee now sees' }] },
  remind: { topic: 'review.remind', name: { en: 'Remind of the check-in', 'zh-CN': '提醒过程辅导' }, description: 'Tells the employee a check-in is still open when its reminder timer fires.',
    reads: ['caseId', 'cycle', 'subjectId', 'checkInRemindersSent'],
    produces: [{ name: 'checkInRemindersSent', type: 'number', description: 'how many reminders this case has had' }] },
  choosePeers: { topic: 'review.choose-peers', name: { en: 'Record chosen 360 peers', 'zh-CN': '记录360评估人' }, description: 'Sets peerIds and peerCount for the 360 multi-instance step; 0 skips it.',
    reads: ['subjectId', 'choosePeersSubmissionId'],
    produces: [{ name: 'peerIds', type: 'string', description: 'the chosen peers\' ids, comma-separated, for the 360 multi-instance' }, { name: 'peerCount', type: 'number', description: 'how many peers were chosen; 0 skips the 360' }] },
  aggregate360: { topic: 'review.aggregate-360', name: { en: 'Aggregate 360 feedback', 'zh-CN': '汇总360反馈' }, description: 'The mean per dimension with its count, one summary per review.',
    reads: ['caseId'],
    produces: [{ name: 'peerFeedbackRespondents', type: 'number', description: 'how many peers answered' }] },
  goalsRecord: { topic: 'goals.record', name: { en: 'Record approved goals', 'zh-CN': '记录已批准目标' }, description: 'Sets goalsApproved for the gateway and stores approved goals linked to unit goals.',
    reads: ['caseId', 'goalApprovalSubmissionId', 'goalSettingSubmissionId'],
    produces: [{ name: 'goalsApproved', type: 'boolean', description: 'the manager approved the goals' }, { name: 'goalCount', type: 'number', description: 'how many goals were recorded' }] },
  goalsRecordChange: { topic: 'goals.record-change', name: { en: 'Record the goal change', 'zh-CN': '记录目标调整' }, description: 'After the manager decides a goal change: when approved (and the review still in its change window), the proposal becomes the next goal-set version and the goals in force; earlier versions stay.',
    reads: ['caseId', 'goalChangeDecisionSubmissionId', 'goalChangeSubmissionId'],
    produces: [{ name: 'goalChangeOutcome', type: 'string', description: 'approved, returned, rejected or too-late (the review had moved past the change window)' }, { name: 'goalSetVersion', type: 'number', description: 'the goal-set version in force after the decision' }] },
} satisfies Record<string, BlockDeclaration>;
