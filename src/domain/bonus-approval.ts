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
