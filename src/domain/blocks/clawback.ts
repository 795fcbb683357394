import type { BlockDeclaration } from './declaration';

/** Malus and clawback: the proposal, the committee decision, cancelling and claiming back, telling the person. */
export const CLAWBACK_BLOCKS = {
  assess: { topic: 'clawback.assess', name: { en: 'Assess malus and clawback', 'zh-CN': '评估扣减与追索' }, description: 'Proposes what an adjustment event costs the award.',
    reads: ['caseId'],
    produces: [{ name: 'proposedCancelMinor', type: 'number', description: 'unvested pay proposed for cancellation (malus), minor units' }, { name: 'proposedClaimMinor', type: 'number', description: 'paid pay proposed for claw-back, minor units' }, { name: 'leaverExempt', type: 'boolean', description: 'the policy exempts this leaver' }] },
  recordDecision: { topic: 'clawback.record-decision', name: { en: 'Record committee decision', 'zh-CN': '记录委员会决定' }, description: 'Reads the committee\'s submission into the case for the gateway.',
    reads: ['caseId', 'clawbackDecisionSubmissionId'],
    produces: [{ name: 'decision', type: 'string', description: 'the committee\'s decision' }] },
  apply: { topic: 'clawback.apply', name: { en: 'Apply malus and clawback', 'zh-CN': '执行扣减与追索' }, description: 'Cancels unvested tranches and claims back paid ones.',
    reads: ['caseId', 'awardId'],
    produces: [{ name: 'cancelledMinor', type: 'number', description: 'unvested pay cancelled, minor units' }, { name: 'claimedMinor', type: 'number', description: 'paid pay claimed back, minor units' }] },
  notify: { topic: 'clawback.notify', name: { en: 'Notify adjustment', 'zh-CN': '通知薪酬调整' }, description: 'Tells the person and HR what was decided.',
    reads: ['caseId'],
    produces: [] },
} satisfies Record<string, BlockDeclaration>;
