/**
 * Who signs a unit's bonus round (policies/bonus-approval-limits.json). The policy lists the steps in
 * the order they sign; a step is asked when ANY of its conditions holds:
 *   always                   every round;
 *   poolAboveMinor           the round's pool is above the threshold for its currency;
 *   anyAwardAboveMinor       a single award is above the threshold for its currency;
 *   complianceActionFired    a compliance rule fired for someone in the round (a veto or a cap).
 * A step whose amount condition names no threshold for the round's currency is asked (fail safe:
 * a missing number never lets a large round through with fewer signatures), and says so.
 * Who the approver is — the unit's head or a role group — is data too; the worker resolves it.
 */
import { assertPolicyRef, type Explanation, type ExplanationStep, type PolicyRef } from './explanation';

export class ApprovalLimitsInputError extends Error {
  override readonly name = 'ApprovalLimitsInputError';
}

export type ApproverSpec = { kind: 'unitHead' } | { kind: 'group'; group: string };

export interface ApprovalStepRule {
  id: string;
  approver: ApproverSpec;
  when: {
    always?: boolean;
    poolAboveMinor?: Record<string, number>;
    anyAwardAboveMinor?: Record<string, number>;
    complianceActionFired?: boolean;
  };
  title?: { en: string; 'zh-CN': string };
}

export interface ApprovalLimitsPolicy {
  steps: ApprovalStepRule[];
}

export interface ApprovalFacts {
  currency: string;
  poolMinor: number;
  /** The largest single award of the round. */
  maxAwardMinor: number;
  complianceActionFired: boolean;
}

export interface ChainStep {
  stepId: string;
  approver: ApproverSpec;
  /** Why this step is asked, one line per condition that held. */
  reasons: string[];
}

export interface ApprovalChain extends Explanation<ApprovalFacts> {
  chain: ChainStep[];
}

function validate(policy: ApprovalLimitsPolicy): void {
  if (!Array.isArray(policy?.steps) || policy.steps.length === 0) throw new ApprovalLimitsInputError('the approval limits policy has no steps');
  const ids = new Set<string>();
  for (const step of policy.steps) {
    if (!step.id || ids.has(step.id)) throw new ApprovalLimitsInputError(`approval step ids must be present and unique, got "${step.id}"`);
    ids.add(step.id);
    const approver = step.approver as ApproverSpec | undefined;
    if (approver?.kind !== 'unitHead' && !(approver?.kind === 'group' && typeof approver.group === 'string' && approver.group !== '')) {
      throw new ApprovalLimitsInputError(`step ${step.id}: approver must be {"kind":"unitHead"} or {"kind":"group","group":"<role>"}`);
    }
    for (const field of ['poolAboveMinor', 'anyAwardAboveMinor'] as const) {
      for (const [currency, value] of Object.entries(step.when?.[field] ?? {})) {
        if (!Number.isSafeInteger(value) || value < 0) throw new ApprovalLimitsInputError(`step ${step.id}: ${field}.${currency} must be whole minor units ≥ 0, got ${String(value)}`);
      }
    }
  }
}

export function approvalChain(facts: ApprovalFacts, policy: ApprovalLimitsPolicy, policyRef: PolicyRef): ApprovalChain {
  validate(policy);
  assertPolicyRef(policyRef, ApprovalLimitsInputError);
  if (!/^[A-Z]{3}$/.test(facts.currency)) throw new ApprovalLimitsInputError(`currency must be a 3-letter ISO code, got ${facts.currency}`);
  const chain: ChainStep[] = [];
  const steps: ExplanationStep[] = [];
  for (const rule of policy.steps) {
    const reasons: string[] = [];
    const when = rule.when ?? {};
    if (when.always) reasons.push('always asked');
    const amount = (field: 'poolAboveMinor' | 'anyAwardAboveMinor', value: number, label: string) => {
      const thresholds = when[field];
      if (!thresholds) return;
      const threshold = thresholds[facts.currency];
      if (threshold === undefined) reasons.push(`no ${label} threshold for ${facts.currency}: asked to be safe`);
      else if (value > threshold) reasons.push(`${label} ${value} above ${threshold}`);
    };
    amount('poolAboveMinor', facts.poolMinor, 'pool');
    amount('anyAwardAboveMinor', facts.maxAwardMinor, 'largest award');
    if (when.complianceActionFired && facts.complianceActionFired) reasons.push('a compliance rule fired in this round');
    const asked = reasons.length > 0;
    steps.push({
      step: `step ${rule.id}`,
      formula: 'asked when any condition holds: always, pool above, largest award above, compliance action',
      values: {
        poolMinor: facts.poolMinor,
        maxAwardMinor: facts.maxAwardMinor,
        poolThresholdMinor: when.poolAboveMinor?.[facts.currency] ?? null,
        awardThresholdMinor: when.anyAwardAboveMinor?.[facts.currency] ?? null,
        complianceActionFired: facts.complianceActionFired,
      },
      result: asked,
      ...(asked ? { note: reasons.join('; ') } : {}),
    });
    if (asked) chain.push({ stepId: rule.id, approver: rule.approver, reasons });
  }
  return {
    formula: 'the policy steps in order, each asked when any of its conditions holds',
    inputs: facts,
    steps,
    chain,
    policy: policyRef,
  };
}

/** One row of the bonus-approval-chain decision table that matched (processes/bonus-approval-chain.dmn). */
export interface ChainTableRow {
  stepId: unknown;
  approverKind: unknown;
  approverGroup: unknown;
  reasonEn: unknown;
  reasonZh: unknown;
}

export interface DecisionRef {
  key: string;
  /** The store's version of the table (null when the engine has a definition the store does not know). */
  version: number | null;
  /** The engine's version the round pinned. */
  engineVersion: number;
}

export interface TableChainStep extends ChainStep {
  /** The same reasons in Chinese, from the table's reasonZh column. */
  reasonsZh: string[];
}

export interface TableApprovalChain extends Omit<ApprovalChain, 'chain' | 'policy'> {
  chain: TableChainStep[];
  decision: DecisionRef;
  /** The table, as a policy reference for the explanation's readers (key, store version). */
  policy: PolicyRef;
}

/**
 * The chain from the rows of the approval table that matched, in the table's order (hit policy RULE
 * ORDER): each step once, where its first row put it, with the reasons of every row that matched for
 * it. A row with an unknown approver kind, a group without a name, or a step asked of two different
 * approvers is the table's mistake: refused (the worker's incident names it), never guessed.
 */
export function approvalChainFromTable(facts: ApprovalFacts, rows: ChainTableRow[], decision: DecisionRef): TableApprovalChain {
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
  const chain: TableChainStep[] = [];
  const steps: ExplanationStep[] = [];
  for (const [index, row] of rows.entries()) {
    const stepId = text(row.stepId);
    const kind = text(row.approverKind);
    const group = text(row.approverGroup);
    if (!/^[a-z][a-z0-9-]{0,59}$/.test(stepId)) throw new ApprovalLimitsInputError(`row ${index + 1} that matched names no step id (lower-case letters, digits, -): ${JSON.stringify(row.stepId)}`);
    let approver: ApproverSpec;
    if (kind === 'unitHead') approver = { kind: 'unitHead' };
    else if (kind === 'group' && /^[a-z][a-z-]{0,39}$/.test(group)) approver = { kind: 'group', group };
    else throw new ApprovalLimitsInputError(`step ${stepId}: approverKind must be unitHead, or group with a role in approverGroup; got ${JSON.stringify(kind)} / ${JSON.stringify(group)}`);
    const reason = text(row.reasonEn) || `row ${index + 1} of ${decision.key} matched`;
    const reasonZh = text(row.reasonZh) || reason;
    const existing = chain.find((s) => s.stepId === stepId);
    if (existing && JSON.stringify(existing.approver) !== JSON.stringify(approver)) throw new ApprovalLimitsInputError(`step ${stepId} is asked of two approvers: ${JSON.stringify(existing.approver)} and ${JSON.stringify(approver)}`);
    if (existing) { existing.reasons.push(reason); existing.reasonsZh.push(reasonZh); }
    else chain.push({ stepId, approver, reasons: [reason], reasonsZh: [reasonZh] });
    steps.push({
      step: `step ${stepId}`,
      formula: `a row of decision table ${decision.key} matched`,
      values: { currency: facts.currency, poolMinor: facts.poolMinor, maxAwardMinor: facts.maxAwardMinor, complianceActionFired: facts.complianceActionFired },
      result: true,
      note: reason,
    });
  }
  return {
    formula: `the rows of decision table ${decision.key} that matched, in table order; each step once, with the reasons of every row that matched for it`,
    inputs: facts,
    steps,
    chain,
    decision,
    policy: { key: decision.key, version: decision.version ?? decision.engineVersion },
  };
}
