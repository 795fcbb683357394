/**
 * What each worker topic does, in words a process owner reads in the modeler: one entry per topic in
 * src/worker/topics/index.ts (a unit test keeps the two lists equal). The modeler's element templates
 * are generated from this list, so an owner picks "Compute review score" instead of typing a topic.
 */
export interface TopicEntry {
  topic: string;
  name: { en: string; 'zh-CN': string };
  description: string;
}

export const TOPIC_CATALOGUE: TopicEntry[] = [
  { topic: 'review.score', name: { en: 'Compute self-assessment score', 'zh-CN': '计算自评分数' }, description: 'Scores the employee\'s self-assessment so the manager sees it beside their own form.' },
  { topic: 'review.finalize', name: { en: 'Compute review score', 'zh-CN': '计算考核得分' }, description: 'Scores the manager\'s assessment: the review\'s result with its explanation.' },
  { topic: 'review.publish', name: { en: 'Publish review result', 'zh-CN': '发布考核结果' }, description: 'Publishes a calibrated review: the standing rating becomes visible to the employee.' },
  { topic: 'review.remind', name: { en: 'Remind of the check-in', 'zh-CN': '提醒过程辅导' }, description: 'Tells the employee a check-in is still open when its reminder timer fires.' },
  { topic: 'review.choose-peers', name: { en: 'Record chosen 360 peers', 'zh-CN': '记录360评估人' }, description: 'Sets peerIds and peerCount for the 360 multi-instance step; 0 skips it.' },
  { topic: 'review.aggregate-360', name: { en: 'Aggregate 360 feedback', 'zh-CN': '汇总360反馈' }, description: 'The mean per dimension with its count, one summary per review.' },
  { topic: 'goals.record', name: { en: 'Record approved goals', 'zh-CN': '记录已批准目标' }, description: 'Sets goalsApproved for the gateway and stores approved goals linked to unit goals.' },
  { topic: 'org.resolve-manager', name: { en: 'Resolve manager', 'zh-CN': '确定直属经理' }, description: 'Sets managerId from the org chart as it is now, just before a manager\'s step.' },
  { topic: 'org.resolve-unit-roles', name: { en: 'Resolve unit head and HRBP', 'zh-CN': '确定部门负责人和HRBP' }, description: 'Sets unitHeadId and hrbpId from the org chart as it is now.' },
  { topic: 'calibration.gather', name: { en: 'Gather unit ratings', 'zh-CN': '收集部门评级' }, description: 'Collects the unit\'s finalized reviews and compares them with the target curve.' },
  { topic: 'calibration.check', name: { en: 'Check calibration round', 'zh-CN': '检查校准轮次' }, description: 'Judges a meeting\'s submission against the pinned curve, tolerance and group size.' },
  { topic: 'calibration.decide', name: { en: 'Record HRBP decision', 'zh-CN': '记录HRBP决定' }, description: 'Records the HRBP\'s approval or return of the last accepted round.' },
  { topic: 'calibration.apply', name: { en: 'Apply calibrated ratings', 'zh-CN': '应用校准评级' }, description: 'Writes each person\'s calibrated score and releases the waiting reviews.' },
  { topic: 'calibration.notify', name: { en: 'Notify calibration result', 'zh-CN': '通知校准结果' }, description: 'Tells each calibrated person and the unit head.' },
  { topic: 'appeal.triage', name: { en: 'Record appeal triage', 'zh-CN': '记录申诉分诊' }, description: 'Records HR\'s triage; the gateway after it reads admissible.' },
  { topic: 'appeal.decide', name: { en: 'Record appeal decision', 'zh-CN': '记录申诉决定' }, description: 'Records the panel\'s decision; upheld writes an appeal score.' },
  { topic: 'appeal.escalate', name: { en: 'Escalate overdue appeal', 'zh-CN': '升级逾期申诉' }, description: 'Marks the case escalated and tells HR and the committee.' },
  { topic: 'appeal.notify', name: { en: 'Notify appeal outcome', 'zh-CN': '通知申诉结果' }, description: 'Tells the employee the outcome with the reasons and closes the case.' },
  { topic: 'bonus.pool', name: { en: 'Compute risk-adjusted pool', 'zh-CN': '计算风险调整奖金池' }, description: 'Base pool times the unit\'s risk coefficient, from the unit\'s metrics.' },
  { topic: 'bonus.allocate', name: { en: 'Allocate bonuses', 'zh-CN': '分配奖金' }, description: 'Allocation by rating and pay with compliance veto, caps and the deferral schedule.' },
  { topic: 'bonus.next-approver', name: { en: 'Find next approver', 'zh-CN': '确定下一审批人' }, description: 'Walks the approval chain from the bonus-approval-limits policy.' },
  { topic: 'bonus.letters', name: { en: 'Write bonus letters', 'zh-CN': '生成奖金通知书' }, description: 'Approves each award and writes its letter (zh-CN / en).' },
  { topic: 'bonus.schedule', name: { en: 'Schedule payouts', 'zh-CN': '安排发放计划' }, description: 'Approved awards and their tranches enter the payout schedule.' },
  { topic: 'bonus.rerun-person', name: { en: 'Recompute one person\'s bonus', 'zh-CN': '重算个人奖金' }, description: 'Recomputes an award after an upheld appeal changed the rating.' },
  { topic: 'clawback.assess', name: { en: 'Assess malus and clawback', 'zh-CN': '评估扣减与追索' }, description: 'Proposes what an adjustment event costs the award.' },
  { topic: 'clawback.record-decision', name: { en: 'Record committee decision', 'zh-CN': '记录委员会决定' }, description: 'Reads the committee\'s submission into the case for the gateway.' },
  { topic: 'clawback.apply', name: { en: 'Apply malus and clawback', 'zh-CN': '执行扣减与追索' }, description: 'Cancels unvested tranches and claims back paid ones.' },
  { topic: 'clawback.notify', name: { en: 'Notify adjustment', 'zh-CN': '通知薪酬调整' }, description: 'Tells the person and HR what was decided.' },
];

/**
 * Camunda 7 element templates (bpmn-js-element-templates' schema) for the service tasks: one per
 * topic, the topic fixed and hidden, so the properties panel shows a name instead of a topic field.
 */
export function elementTemplatesFor(catalogue: TopicEntry[], locale: 'en' | 'zh-CN'): Array<Record<string, unknown>> {
  return catalogue.map((entry) => ({
    $schema: 'https://unpkg.com/@camunda/element-templates-json-schema/resources/schema.json',
    name: entry.name[locale],
    id: `meritflow.topic.${entry.topic}`,
    version: 1,
    description: entry.description,
    appliesTo: ['bpmn:ServiceTask', 'bpmn:Task'],
    properties: [
      { label: 'Implementation', type: 'Hidden', value: 'external', binding: { type: 'property', name: 'camunda:type' } },
      { label: 'Topic', type: 'Hidden', value: entry.topic, binding: { type: 'property', name: 'camunda:topic' } },
    ],
  }));
}
