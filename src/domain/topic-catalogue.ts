/**
 * What each worker topic does, in words a process owner reads in the modeler: one entry per topic in
 * src/worker/topics/index.ts (a unit test keeps the two lists equal). The modeler's element templates
 * are generated from this list, so an owner picks "Compute review score" instead of typing a topic.
 */
export interface ProducedVariable {
  name: string;
  type: 'string' | 'number' | 'boolean';
  description: string;
}

export interface TopicEntry {
  topic: string;
  name: { en: string; 'zh-CN': string };
  description: string;
  /** The process variables the block reads (besides what the case's documents hold). */
  reads: string[];
  /**
   * The process variables it sets on completion: what a gateway or a later step may use. The worker
   * refuses an output not listed here, so this list is what the block really does.
   */
  produces: ProducedVariable[];
}

export const TOPIC_CATALOGUE: TopicEntry[] = [
  { topic: 'review.score', name: { en: 'Compute self-assessment score', 'zh-CN': '计算自评分数' }, description: 'Scores the employee\'s self-assessment so the manager sees it beside their own form.',
    reads: ['caseId', 'selfAssessmentSubmissionId'],
    produces: [{ name: 'selfScore', type: 'number', description: 'the self-assessment\'s weighted score' }, { name: 'selfRating', type: 'string', description: 'the rating band of that score (A–E)' }] },
  { topic: 'review.finalize', name: { en: 'Compute review score', 'zh-CN': '计算考核得分' }, description: 'Scores the manager\'s assessment: the review\'s result with its explanation.',
    reads: ['caseId', 'managerAssessmentSubmissionId'],
    produces: [{ name: 'finalScore', type: 'number', description: 'the review\'s weighted, risk-adjusted score' }, { name: 'finalRating', type: 'string', description: 'its rating band after compliance veto and downgrade cap' }] },
  { topic: 'review.publish', name: { en: 'Publish review result', 'zh-CN': '发布考核结果' }, description: 'Publishes a calibrated review: the standing rating becomes visible to the employee.',
    reads: ['caseId'],
    produces: [{ name: 'publishedRating', type: 'string', description: 'the standing rating the employee now sees' }] },
  { topic: 'review.remind', name: { en: 'Remind of the check-in', 'zh-CN': '提醒过程辅导' }, description: 'Tells the employee a check-in is still open when its reminder timer fires.',
    reads: ['caseId', 'cycle', 'subjectId', 'checkInRemindersSent'],
    produces: [{ name: 'checkInRemindersSent', type: 'number', description: 'how many reminders this case has had' }] },
  { topic: 'review.choose-peers', name: { en: 'Record chosen 360 peers', 'zh-CN': '记录360评估人' }, description: 'Sets peerIds and peerCount for the 360 multi-instance step; 0 skips it.',
    reads: ['subjectId', 'choosePeersSubmissionId'],
    produces: [{ name: 'peerIds', type: 'string', description: 'the chosen peers\' ids, comma-separated, for the 360 multi-instance' }, { name: 'peerCount', type: 'number', description: 'how many peers were chosen; 0 skips the 360' }] },
  { topic: 'review.aggregate-360', name: { en: 'Aggregate 360 feedback', 'zh-CN': '汇总360反馈' }, description: 'The mean per dimension with its count, one summary per review.',
    reads: ['caseId'],
    produces: [{ name: 'peerFeedbackRespondents', type: 'number', description: 'how many peers answered' }] },
  { topic: 'goals.record', name: { en: 'Record approved goals', 'zh-CN': '记录已批准目标' }, description: 'Sets goalsApproved for the gateway and stores approved goals linked to unit goals.',
    reads: ['caseId', 'goalApprovalSubmissionId', 'goalSettingSubmissionId'],
    produces: [{ name: 'goalsApproved', type: 'boolean', description: 'the manager approved the goals' }, { name: 'goalCount', type: 'number', description: 'how many goals were recorded' }] },
  { topic: 'org.resolve-manager', name: { en: 'Resolve manager', 'zh-CN': '确定直属经理' }, description: 'Sets managerId from the org chart as it is now, just before a manager\'s step.',
    reads: ['subjectId'],
    produces: [{ name: 'managerId', type: 'string', description: 'the manager who assesses, from the org chart now' }, { name: 'managerResolvedBy', type: 'string', description: 'which rule named them (manager, unit head, parent unit head)' }] },
  { topic: 'org.resolve-unit-roles', name: { en: 'Resolve unit head and HRBP', 'zh-CN': '确定部门负责人和HRBP' }, description: 'Sets unitHeadId and hrbpId from the org chart as it is now.',
    reads: ['subjectId'],
    produces: [{ name: 'unitHeadId', type: 'string', description: 'the unit\'s head' }, { name: 'hrbpId', type: 'string', description: 'the HR business partner covering the unit' }] },
  { topic: 'calibration.gather', name: { en: 'Gather unit ratings', 'zh-CN': '收集部门评级' }, description: 'Collects the unit\'s finalized reviews and compares them with the target curve.',
    reads: ['caseId', 'cycle', 'subjectId'],
    produces: [{ name: 'groupSize', type: 'number', description: 'how many people are calibrated together' }, { name: 'curveBinding', type: 'boolean', description: 'the group is large enough for the curve to bind' }] },
  { topic: 'calibration.check', name: { en: 'Check calibration round', 'zh-CN': '检查校准轮次' }, description: 'Judges a meeting\'s submission against the pinned curve, tolerance and group size.',
    reads: ['caseId', 'calibrationMeetingSubmissionId'],
    produces: [{ name: 'meetingAccepted', type: 'boolean', description: 'the meeting\'s round fits the curve within tolerance' }, { name: 'meetingRound', type: 'number', description: 'the round\'s number' }] },
  { topic: 'calibration.decide', name: { en: 'Record HRBP decision', 'zh-CN': '记录HRBP决定' }, description: 'Records the HRBP\'s approval or return of the last accepted round.',
    reads: ['caseId', 'calibrationApprovalSubmissionId'],
    produces: [{ name: 'hrbpDecision', type: 'string', description: 'approve or return' }] },
  { topic: 'calibration.apply', name: { en: 'Apply calibrated ratings', 'zh-CN': '应用校准评级' }, description: 'Writes each person\'s calibrated score and releases the waiting reviews.',
    reads: ['caseId'],
    produces: [{ name: 'calibratedCount', type: 'number', description: 'how many people got a calibrated rating' }] },
  { topic: 'calibration.notify', name: { en: 'Notify calibration result', 'zh-CN': '通知校准结果' }, description: 'Tells each calibrated person and the unit head.',
    reads: ['caseId', 'unitHeadId'],
    produces: [{ name: 'notifiedCount', type: 'number', description: 'how many people were told' }] },
  { topic: 'appeal.triage', name: { en: 'Record appeal triage', 'zh-CN': '记录申诉分诊' }, description: 'Records HR\'s triage; the gateway after it reads admissible.',
    reads: ['caseId', 'appealTriageSubmissionId'],
    produces: [{ name: 'admissible', type: 'boolean', description: 'HR accepted the appeal for the panel' }] },
  { topic: 'appeal.decide', name: { en: 'Record appeal decision', 'zh-CN': '记录申诉决定' }, description: 'Records the panel\'s decision; upheld writes an appeal score.',
    reads: ['caseId', 'appealDecisionSubmissionId'],
    produces: [{ name: 'upheld', type: 'boolean', description: 'the panel upheld the appeal' }, { name: 'appealRating', type: 'string', description: 'the rating after the decision' }] },
  { topic: 'appeal.escalate', name: { en: 'Escalate overdue appeal', 'zh-CN': '升级逾期申诉' }, description: 'Marks the case escalated and tells HR and the committee.',
    reads: ['caseId', 'subjectId'],
    produces: [] },
  { topic: 'appeal.notify', name: { en: 'Notify appeal outcome', 'zh-CN': '通知申诉结果' }, description: 'Tells the employee the outcome with the reasons and closes the case.',
    reads: ['caseId'],
    produces: [] },
  { topic: 'bonus.pool', name: { en: 'Compute risk-adjusted pool', 'zh-CN': '计算风险调整奖金池' }, description: 'Base pool times the unit\'s risk coefficient, from the unit\'s metrics.',
    reads: ['caseId', 'cycle', 'subjectId', 'awardDate', 'deferralPack'],
    produces: [{ name: 'currency', type: 'string', description: 'the round\'s currency (ISO code)' }, { name: 'poolMinor', type: 'number', description: 'the risk-adjusted pool in minor units (fen, cents)' }, { name: 'riskCoefficient', type: 'number', description: 'the unit\'s risk coefficient applied to the base pool' }] },
  { topic: 'bonus.allocate', name: { en: 'Allocate bonuses', 'zh-CN': '分配奖金' }, description: 'Allocation by rating and pay with compliance veto, caps and the deferral schedule.',
    reads: ['caseId', 'cycle', 'subjectId', 'allocationRun', 'bonusRevisionSubmissionId'],
    produces: [{ name: 'allocationRun', type: 'number', description: 'which allocation this is (a revision adds one)' }, { name: 'approvalsDone', type: 'number', description: 'approvals so far (reset to 0)' }, { name: 'bonusApprovalSubmissionId', type: 'string', description: 'cleared for the approval chain' }, { name: 'revisionProblem', type: 'string', description: 'cleared: why a revision was refused' }, { name: 'allocatedMinor', type: 'number', description: 'the total allocated, minor units' }, { name: 'maxAwardMinor', type: 'number', description: 'the largest single award, minor units' }, { name: 'complianceActionFired', type: 'boolean', description: 'a compliance veto or cap applied to someone in the round' }, { name: 'peopleCount', type: 'number', description: 'how many people the round pays' }] },
  { topic: 'bonus.next-approver', name: { en: 'Find next approver', 'zh-CN': '确定下一审批人' }, description: 'Walks the approval chain of the decision table bonus-approval-chain (the version the round pinned).',
    reads: ['caseId', 'cycle', 'subjectId', 'approvalsDone', 'bonusApprovalSubmissionId'],
    produces: [{ name: 'approvalRoute', type: 'string', description: 'approver, return or done' }, { name: 'approvalsDone', type: 'number', description: 'approvals so far' }, { name: 'approvalsTotal', type: 'number', description: 'how many approvals the chain asks' }, { name: 'approvalStepId', type: 'string', description: 'the chain step asked next' }, { name: 'approverId', type: 'string', description: 'the named approver (the unit head), if any' }, { name: 'approverGroup', type: 'string', description: 'the role group asked, if any' }, { name: 'lineHeadId', type: 'string', description: 'the unit head who revises a returned round' }, { name: 'bonusApprovalSubmissionId', type: 'string', description: 'cleared for the next approval' }] },
  { topic: 'bonus.letters', name: { en: 'Write bonus letters', 'zh-CN': '生成奖金通知书' }, description: 'Approves each award and writes its letter (zh-CN / en).',
    reads: ['caseId', 'cycle', 'subjectId'],
    produces: [] },
  { topic: 'bonus.schedule', name: { en: 'Schedule payouts', 'zh-CN': '安排发放计划' }, description: 'Approved awards and their tranches enter the payout schedule.',
    reads: ['caseId', 'cycle', 'subjectId'],
    produces: [] },
  { topic: 'bonus.rerun-person', name: { en: 'Recompute one person\'s bonus', 'zh-CN': '重算个人奖金' }, description: 'Recomputes an award after an upheld appeal changed the rating.',
    reads: ['caseId', 'cycle', 'subjectId'],
    produces: [{ name: 'bonusRerun', type: 'string', description: 'rerun, or no-award when the person had none' }] },
  { topic: 'clawback.assess', name: { en: 'Assess malus and clawback', 'zh-CN': '评估扣减与追索' }, description: 'Proposes what an adjustment event costs the award.',
    reads: ['caseId'],
    produces: [{ name: 'proposedCancelMinor', type: 'number', description: 'unvested pay proposed for cancellation (malus), minor units' }, { name: 'proposedClaimMinor', type: 'number', description: 'paid pay proposed for claw-back, minor units' }, { name: 'leaverExempt', type: 'boolean', description: 'the policy exempts this leaver' }] },
  { topic: 'clawback.record-decision', name: { en: 'Record committee decision', 'zh-CN': '记录委员会决定' }, description: 'Reads the committee\'s submission into the case for the gateway.',
    reads: ['caseId', 'clawbackDecisionSubmissionId'],
    produces: [{ name: 'decision', type: 'string', description: 'the committee\'s decision' }] },
  { topic: 'clawback.apply', name: { en: 'Apply malus and clawback', 'zh-CN': '执行扣减与追索' }, description: 'Cancels unvested tranches and claims back paid ones.',
    reads: ['caseId', 'awardId'],
    produces: [{ name: 'cancelledMinor', type: 'number', description: 'unvested pay cancelled, minor units' }, { name: 'claimedMinor', type: 'number', description: 'paid pay claimed back, minor units' }] },
  { topic: 'notify.subject', name: { en: 'Notify the subject', 'zh-CN': '通知考核对象' }, description: 'Tells the person the case is about (or, for a unit, its head) that the flow reached this point, naming the flow; notifyKind, if set, names the message.',
    reads: ['caseId', 'subjectId', 'subjectType', 'managerId', 'notifyKind'],
    produces: [] },
  { topic: 'clawback.notify', name: { en: 'Notify adjustment', 'zh-CN': '通知薪酬调整' }, description: 'Tells the person and HR what was decided.',
    reads: ['caseId'],
    produces: [] },
];

/** The description an owner reads in the modeler: what the block does, then what it sets for later steps. */
export function describeVariables(entry: TopicEntry): string {
  if (entry.produces.length === 0) return entry.description;
  return `${entry.description} Sets: ${entry.produces.map((v) => `${v.name} (${v.type}): ${v.description}`).join('; ')}.`;
}

/** The catalogue entry of a topic, or undefined for a topic no worker serves. */
export function topicEntry(topic: string): TopicEntry | undefined {
  return TOPIC_CATALOGUE.find((entry) => entry.topic === topic);
}

/**
 * Camunda 7 element templates (bpmn-js-element-templates' schema) for the service tasks: one per
 * topic, the topic fixed and hidden, so the properties panel shows a name instead of a topic field.
 */
export function elementTemplatesFor(catalogue: TopicEntry[], locale: 'en' | 'zh-CN', describe: (entry: TopicEntry) => string = describeVariables): Array<Record<string, unknown>> {
  return catalogue.map((entry) => ({
    $schema: 'https://unpkg.com/@camunda/element-templates-json-schema/resources/schema.json',
    name: entry.name[locale],
    id: `meritflow.topic.${entry.topic}`,
    version: 1,
    description: describe(entry),
    appliesTo: ['bpmn:ServiceTask', 'bpmn:Task'],
    properties: [
      { label: 'Implementation', type: 'Hidden', value: 'external', binding: { type: 'property', name: 'camunda:type' } },
      { label: 'Topic', type: 'Hidden', value: entry.topic, binding: { type: 'property', name: 'camunda:topic' } },
    ],
  }));
}
