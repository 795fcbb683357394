import { bonusRoundId, type BonusRoundDecision } from '../../../db/models/bonus-round';
import type { ReviewCase } from '../../../db/models/review-case';
import { submissionVariable } from '../../../db/models/submission';
import { BONUS_BLOCKS } from '../../../domain/blocks';
import { approvalChain, approvalChainFromTable, highestRoleAwarded, type ApprovalLimitsPolicy, type ChainStep, type TableApprovalFacts } from '../../../domain/bonus-approval';
import { requireStringVariable, type TopicTask } from '../../topic-handler';
import { defineBlock } from '../block';
import { pinnedDecisionVersion } from '../decision-pin';
import type { BonusRoundsPort, CommonPorts, DecisionsPort, OrgPort, PoliciesPort } from '../ports';
import { pinnedPolicy } from './pinned-policy';

async function unitHeadOf(org: Pick<OrgPort, 'unit'>, unitId: string): Promise<string> {
  const unit = await org.unit(unitId);
  if (!unit?.headId) throw new Error(`unit ${unitId} has no head on the org chart to sign or revise its bonus round`);
  return unit.headId;
}

export const APPROVAL_CHAIN_DECISION = 'bonus-approval-chain';

/**
 * The round's chain and its explanation: from the decision table bonus-approval-chain at the engine
 * version the round pinned, evaluated by the engine. A round started before the table existed pinned
 * the policy bonus-approval-limits instead and keeps walking that.
 */
async function chainOf(ports: { policies: Pick<PoliciesPort, 'version'>; decisions: DecisionsPort }, reviewCase: ReviewCase, task: TopicTask, facts: TableApprovalFacts): Promise<{ steps: Array<ChainStep & { reasonsZh?: string[] }>; explanation: Record<string, unknown> }> {
  const engineVersion = pinnedDecisionVersion(reviewCase, task, APPROVAL_CHAIN_DECISION);
  if (engineVersion === null && reviewCase.policyVersions['bonus-approval-limits'] !== undefined) {
    const limits = await pinnedPolicy<ApprovalLimitsPolicy>(ports.policies, reviewCase, 'bonus-approval-limits');
    const { currency, poolMinor, maxAwardMinor, complianceActionFired } = facts; // what the policy read
    const chain = approvalChain({ currency, poolMinor, maxAwardMinor, complianceActionFired }, limits.body, limits.ref);
    return { steps: chain.chain, explanation: { formula: chain.formula, steps: chain.steps, policy: chain.policy } };
  }
  if (engineVersion === null) throw new Error(`case ${reviewCase._id} pinned no version of the decision ${APPROVAL_CHAIN_DECISION}`);
  const evaluated = await ports.decisions.evaluate(APPROVAL_CHAIN_DECISION, engineVersion, { ...facts });
  const chain = approvalChainFromTable(facts, evaluated.rows, { key: APPROVAL_CHAIN_DECISION, version: evaluated.version, engineVersion });
  return { steps: chain.chain, explanation: { formula: chain.formula, inputs: chain.inputs, steps: chain.steps, policy: chain.policy, decision: chain.decision } };
}

/**
 * Walks the approval chain (the decision table bonus-approval-chain, pinned): records the decision
 * just taken, if any, then names the next approver — the unit's head as the org chart says now, or a role group
 * whose members claim the task — or says the chain is done, or that the round was returned (to the
 * unit head, for revision). Redelivery: the same variables in give the same answer; a decision is
 * recorded once, by its task id.
 */
export const bonusNextApprover = defineBlock<Pick<CommonPorts, 'cases' | 'submissions' | 'audit' | 'clock'> & {
  policies: Pick<PoliciesPort, 'version'>; decisions: DecisionsPort; org: Pick<OrgPort, 'unit'>; rounds: Pick<BonusRoundsPort, 'byId' | 'update'>;
}>(BONUS_BLOCKS.nextApprover, async (task, ports) => {
  const caseId = requireStringVariable(task, 'caseId');
  const cycle = requireStringVariable(task, 'cycle');
  const unitId = requireStringVariable(task, 'subjectId');
  let approvalsDone = typeof task.variable('approvalsDone') === 'number' ? (task.variable('approvalsDone') as number) : 0;
  const roundId = bonusRoundId(cycle, unitId);
  const [reviewCase, round] = await Promise.all([ports.cases.byId(caseId), ports.rounds.byId(roundId)]);
  if (!reviewCase || !round?.allocation) throw new Error(`bonus round ${roundId} has no allocation to approve`);

  const unit = await ports.org.unit(unitId);
  const chain = await chainOf(ports, reviewCase, task, {
    currency: round.currency, poolMinor: round.pool.poolMinor, maxAwardMinor: round.allocation.maxAwardMinor, complianceActionFired: round.allocation.complianceActionFired,
    businessLine: unit?.businessLine ?? '', highestRoleCategory: highestRoleAwarded(round.allocation.people),
  });
  const steps = chain.steps;
  let approvals = round.approvals ?? [];

  const decisionId = task.variable(submissionVariable('bonus-approval'));
  let decision: BonusRoundDecision | null = null;
  if (typeof decisionId === 'string' && decisionId !== '') {
    const submission = await ports.submissions.byId(decisionId);
    if (!submission) throw new Error(`approval submission ${decisionId} not found`);
    decision = approvals.find((a) => a.taskId === decisionId) ?? {
      taskId: decisionId, allocationRun: round.allocationRun, stepId: steps[approvalsDone]?.stepId ?? 'unknown',
      decision: submission.data.decision === 'return' ? 'return' : 'approve', comment: typeof submission.data.comment === 'string' ? submission.data.comment : '',
      decidedBy: submission.submittedBy, decidedAt: submission.submittedAt,
    };
    if (!approvals.some((a) => a.taskId === decisionId)) approvals = [...approvals, decision];
    if (decision.decision === 'approve') approvalsDone += 1;
  }

  const chainRecord = { steps: steps.map((s) => ({ stepId: s.stepId, approver: s.approver, reasons: s.reasons, ...(s.reasonsZh ? { reasonsZh: s.reasonsZh } : {}) })), explanation: chain.explanation };
  const save = (status: 'in-approval' | 'returned' | 'approved') => ports.rounds.update(roundId, { approvals, chain: chainRecord, status, updatedAt: ports.clock.now() });
  const audit = (action: string, details: Record<string, unknown>) => ports.audit({ actor: decision?.decidedBy ?? 'worker', action, subject: { type: 'bonus-round', id: roundId }, details: { caseId, ...details } });
  const cleared = { [submissionVariable('bonus-approval')]: null };

  if (decision?.decision === 'return') {
    await save('returned');
    await audit('bonus.returned', { stepId: decision.stepId, comment: decision.comment, allocationRun: round.allocationRun });
    return { ...cleared, approvalRoute: 'return', lineHeadId: await unitHeadOf(ports.org, unitId), approvalsDone };
  }
  if (decision) await audit('bonus.approval-step', { stepId: decision.stepId, decision: decision.decision, allocationRun: round.allocationRun });

  const next = steps[approvalsDone];
  if (!next) {
    await save('approved');
    await audit('bonus.approved', { approvals: approvals.filter((a) => a.allocationRun === round.allocationRun).map((a) => `${a.stepId}:${a.decidedBy}`) });
    return { ...cleared, approvalRoute: 'done', approvalsDone, approverId: null, approverGroup: '' };
  }
  await save('in-approval');
  const approverId = next.approver.kind === 'unitHead' ? await unitHeadOf(ports.org, unitId) : null;
  return {
    ...cleared,
    approvalRoute: 'approver',
    approvalsDone,
    approvalsTotal: steps.length,
    approvalStepId: next.stepId,
    approverId,
    // The diagram's candidateGroups expression needs text; no group for a named approver.
    approverGroup: next.approver.kind === 'group' ? next.approver.group : '',
  };
});
