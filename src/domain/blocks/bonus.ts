import type { BlockDeclaration } from './declaration';

/** A unit's bonus round: the risk-adjusted pool, allocation, the approval chain, letters, the payout schedule, one person's re-run. */
export const BONUS_BLOCKS = {
  pool: { topic: 'bonus.pool', name: { en: 'Compute risk-adjusted pool', 'zh-CN': '计算风险调整奖金池' }, description: 'Base pool times the unit\'s risk coefficient, from the unit\'s metrics.',
    reads: ['caseId', 'cycle', 'subjectId', 'awardDate', 'deferralPack'],
    produces: [{ name: 'currency', type: 'string', description: 'the round\'s currency (ISO code)' }, { name: 'poolMinor', type: 'number', description: 'the risk-adjusted pool in minor units (fen, cents)' }, { name: 'riskCoefficient', type: 'number', description: 'the unit\'s risk coefficient applied to the base pool' }] },
  allocate: { topic: 'bonus.allocate', name: { en: 'Allocate bonuses', 'zh-CN': '分配奖金' }, description: 'Allocation by rating and pay with compliance veto, caps and the deferral schedule.',
    reads: ['caseId', 'cycle', 'subjectId', 'allocationRun', 'bonusRevisionSubmissionId'],
    produces: [{ name: 'allocationRun', type: 'number', description: 'which allocation this is (a revision adds one)' }, { name: 'approvalsDone', type: 'number', description: 'approvals so far (reset to 0)' }, { name: 'bonusApprovalSubmissionId', type: 'string', description: 'cleared for the approval chain' }, { name: 'revisionProblem', type: 'string', description: 'cleared: why a revision was refused' }, { name: 'allocatedMinor', type: 'number', description: 'the total allocated, minor units' }, { name: 'maxAwardMinor', type: 'number', description: 'the largest single award, minor units' }, { name: 'complianceActionFired', type: 'boolean', description: 'a compliance veto or cap applied to someone in the round' }, { name: 'peopleCount', type: 'number', description: 'how many people the round pays' }] },
  nextApprover: { topic: 'bonus.next-approver', name: { en: 'Find next approver', 'zh-CN': '确定下一审批人' }, description: 'Walks the approval chain of the decision table bonus-approval-chain (the version the round pinned).',
    reads: ['caseId', 'cycle', 'subjectId', 'approvalsDone', 'bonusApprovalSubmissionId'],
    produces: [{ name: 'approvalRoute', type: 'string', description: 'approver, return or done' }, { name: 'approvalsDone', type: 'number', description: 'approvals so far' }, { name: 'approvalsTotal', type: 'number', description: 'how many approvals the chain asks' }, { name: 'approvalStepId', type: 'string', description: 'the chain step asked next' }, { name: 'approverId', type: 'string', description: 'the named approver (the unit head), if any' }, { name: 'approverGroup', type: 'string', description: 'the role group asked, if any' }, { name: 'lineHeadId', type: 'string', description: 'the unit head who revises a returned round' }, { name: 'bonusApprovalSubmissionId', type: 'string', description: 'cleared for the next approval' }] },
  letters: { topic: 'bonus.letters', name: { en: 'Write bonus letters', 'zh-CN': '生成奖金通知书' }, description: 'Approves each award and writes its letter (zh-CN / en).',
    reads: ['caseId', 'cycle', 'subjectId'],
    produces: [] },
  schedule: { topic: 'bonus.schedule', name: { en: 'Schedule payouts', 'zh-CN': '安排发放计划' }, description: 'Approved awards and their tranches enter the payout schedule.',
    reads: ['caseId', 'cycle', 'subjectId'],
    produces: [] },
  rerunPerson: { topic: 'bonus.rerun-person', name: { en: 'Recompute one person\'s bonus', 'zh-CN': '重算个人奖金' }, description: 'Recomputes an award after an upheld appeal changed the rating.',
    reads: ['caseId', 'cycle', 'subjectId'],
    produces: [{ name: 'bonusRerun', type: 'string', description: 'rerun, or no-award when the person had none' }] },
} satisfies Record<string, BlockDeclaration>;
