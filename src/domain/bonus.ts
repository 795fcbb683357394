/**
 * Bonus pool of an org unit and its allocation to people (policies/bonus.json).
 *
 * Pool:  unit pool = base pool × the unit's risk-adjustment coefficient (risk-adjustment.ts), rounded
 *        down to the minor unit (a budget is never exceeded by rounding).
 *
 * Allocation, all in integer minor units:
 *   1. weight        = rating multiplier (policy table, e.g. A 1.5 … E 0) × pay level, where the pay
 *                      level is the person's fixed pay or the factor of their pay grade (policy payBasis);
 *   2. entitlement   = the pool split in proportion to the weights by largest remainder, so the
 *                      entitlements sum to the pool to the minor unit (equal remainders: lower person id first);
 *   3. compliance    = entitlement × compliance multiplier (compliance.ts: 0 veto, 1 untouched), rounded
 *                      down. complianceReduction "retain" (shipped): the amount taken off stays with the
 *                      institution — a breach never enriches colleagues. "redistribute": the multiplier
 *                      enters the weight instead, so the pool is shared among the others;
 *   4. cap           = the smaller of an absolute cap given for the person and
 *                      N × fixed pay − variable pay already awarded this year (N from the policy, by role);
 *                      capExcess "retain" (shipped): the excess over a cap stays with the institution.
 *                      "redistribute": it is shared again among people below their caps, in proportion to
 *                      weight × compliance multiplier (a vetoed person gets none of it), round after round
 *                      until nothing is left or everyone is capped; what cannot be placed is retained.
 * The result accounts for every minor unit: allocated + retained (compliance) + retained (caps) +
 * unallocated (nobody had a weight) = pool.
 */
import { assertPolicyRef, type Explanation, type ExplanationStep, type PolicyRef } from './explanation';
import { assertFiniteNumber, assertMinorUnits, divide, largestRemainder, multiplyMinor, pow10, sumMinor, toCommonScale, toScaled } from './money';

export class BonusInputError extends Error {
  override readonly name = 'BonusInputError';
}

export interface BonusPolicy {
  ratingMultipliers: Record<string, number>;
  payBasis: 'fixedPay' | 'payGrade';
  payGradeFactors?: Record<string, number>;
  caps: {
    /** Variable pay ≤ N × fixed pay; null for no ratio cap. */
    maxVariableToFixedRatio: number | null;
    /** Overrides of N by role category (e.g. 2 for staff whose shareholders approved 200 %). */
    maxVariableToFixedRatioByRole?: Record<string, number>;
  };
  complianceReduction: 'retain' | 'redistribute';
  capExcess: 'retain' | 'redistribute';
}

export interface BonusPerson {
  id: string;
  /** Final rating after calibration and compliance caps. */
  rating: string;
  fixedPayMinor?: number;
  payGrade?: string;
  roleCategory?: string;
  /** From compliance.ts; 1 when absent. */
  complianceMultiplier?: number;
  /** An absolute cap on this award, e.g. from the deferral pack's variable-pay cap. */
  capMinor?: number;
  /** Variable pay already awarded for the same year, counted against the ratio cap. */
  otherVariableMinor?: number;
}

export interface PoolInputs {
  basePoolMinor: number;
  coefficient: number;
}

export interface PoolResult extends Explanation<PoolInputs> {
  basePoolMinor: number;
  coefficient: number;
  poolMinor: number;
}

export interface PersonAllocation {
  personId: string;
  rating: string;
  ratingMultiplier: number;
  payLevel: { basis: 'fixedPay' | 'payGrade'; value: number; grade?: string };
  complianceMultiplier: number;
  /** For display; the split itself is exact. */
  weight: number;
  entitlementMinor: number;
  complianceRetainedMinor: number;
  capMinor: number | null;
  capSource: 'absolute' | 'ratio' | null;
  capExcessMinor: number;
  /** Net amount received from other people's cap excess (redistribute mode only). */
  redistributedMinor: number;
  awardMinor: number;
  steps: ExplanationStep[];
}

export interface AllocationInputs {
  poolMinor: number;
  people: BonusPerson[];
}

export interface AllocationResult extends Explanation<AllocationInputs> {
  poolMinor: number;
  allocatedMinor: number;
  complianceRetainedMinor: number;
  capRetainedMinor: number;
  unallocatedMinor: number;
  redistributionRounds: number;
  people: PersonAllocation[];
}

export function unitPool(basePoolMinor: number, riskAdjustment: { coefficient: number; policy: PolicyRef }): PoolResult {
  assertMinorUnits(basePoolMinor, 'base pool', BonusInputError);
  assertFiniteNumber(riskAdjustment?.coefficient, 'risk coefficient', BonusInputError);
  if (riskAdjustment.coefficient < 0) throw new BonusInputError(`risk coefficient must not be negative, got ${riskAdjustment.coefficient}`);
  assertPolicyRef(riskAdjustment.policy, BonusInputError);
  const poolMinor = multiplyMinor(basePoolMinor, riskAdjustment.coefficient, 'floor');
  if (!Number.isSafeInteger(poolMinor)) throw new BonusInputError(`the pool ${poolMinor} is too large`);
  return {
    formula: 'unit pool = floor(base pool × risk coefficient)',
    inputs: { basePoolMinor, coefficient: riskAdjustment.coefficient },
    steps: [{
      step: 'unit pool',
      formula: 'base pool × risk coefficient, rounded down to the minor unit',
      values: { basePoolMinor, coefficient: riskAdjustment.coefficient },
      result: poolMinor,
    }],
    basePoolMinor,
    coefficient: riskAdjustment.coefficient,
    poolMinor,
    policy: riskAdjustment.policy,
  };
}

function validatePolicy(policy: BonusPolicy): void {
  const multipliers = Object.entries(policy.ratingMultipliers ?? {});
  if (multipliers.length === 0) throw new BonusInputError('the bonus policy has no rating multipliers');
  for (const [rating, value] of multipliers) {
    assertFiniteNumber(value, `rating multiplier ${rating}`, BonusInputError);
    if (value < 0) throw new BonusInputError(`rating multiplier ${rating} must not be negative, got ${value}`);
  }
  if (policy.payBasis !== 'fixedPay' && policy.payBasis !== 'payGrade') throw new BonusInputError(`payBasis must be "fixedPay" or "payGrade", got ${String(policy.payBasis)}`);
  if (policy.payBasis === 'payGrade') {
    const factors = Object.entries(policy.payGradeFactors ?? {});
    if (factors.length === 0) throw new BonusInputError('payBasis "payGrade" needs payGradeFactors');
    for (const [grade, value] of factors) {
      assertFiniteNumber(value, `pay grade factor ${grade}`, BonusInputError);
      if (value < 0) throw new BonusInputError(`pay grade factor ${grade} must not be negative, got ${value}`);
    }
  }
  const ratios: Array<[string, unknown]> = [['caps.maxVariableToFixedRatio', policy.caps?.maxVariableToFixedRatio], ...Object.entries(policy.caps?.maxVariableToFixedRatioByRole ?? {}).map(([role, v]): [string, unknown] => [`cap ratio for ${role}`, v])];
  for (const [label, value] of ratios) {
    if (value === null) continue;
    assertFiniteNumber(value, label, BonusInputError);
    if (value < 0) throw new BonusInputError(`${label} must not be negative, got ${value}`);
  }
  for (const mode of ['complianceReduction', 'capExcess'] as const) {
    if (policy[mode] !== 'retain' && policy[mode] !== 'redistribute') throw new BonusInputError(`${mode} must be "retain" or "redistribute", got ${String(policy[mode])}`);
  }
}

function ratioFor(person: BonusPerson, policy: BonusPolicy): number | null {
  const byRole = person.roleCategory === undefined ? undefined : policy.caps.maxVariableToFixedRatioByRole?.[person.roleCategory];
  return byRole ?? policy.caps.maxVariableToFixedRatio;
}

function validatePerson(person: BonusPerson, policy: BonusPolicy, seen: Set<string>): void {
  if (!person.id || seen.has(person.id)) throw new BonusInputError(`person ids must be present and unique, got "${person.id}"`);
  seen.add(person.id);
  if (policy.ratingMultipliers[person.rating] === undefined) throw new BonusInputError(`${person.id}: rating "${person.rating}" has no multiplier in the bonus policy`);
  const needsFixedPay = policy.payBasis === 'fixedPay' || ratioFor(person, policy) !== null;
  if (person.fixedPayMinor !== undefined || needsFixedPay) assertMinorUnits(person.fixedPayMinor, `${person.id}: fixed pay`, BonusInputError);
  if (policy.payBasis === 'payGrade' && (person.payGrade === undefined || policy.payGradeFactors?.[person.payGrade] === undefined)) {
    throw new BonusInputError(`${person.id}: pay grade "${String(person.payGrade)}" has no factor in the bonus policy`);
  }
  const m = person.complianceMultiplier ?? 1;
  if (!Number.isFinite(m) || m < 0 || m > 1) throw new BonusInputError(`${person.id}: compliance multiplier must be between 0 and 1, got ${m}`);
  if (person.capMinor !== undefined) assertMinorUnits(person.capMinor, `${person.id}: cap`, BonusInputError);
  if (person.otherVariableMinor !== undefined) assertMinorUnits(person.otherVariableMinor, `${person.id}: other variable pay`, BonusInputError);
}

/**
 * Every minor unit of the pool accounted for: allocated + retained for compliance + retained over caps
 * + unallocated = pool, as the explanation's last step. Anything else is a bug, never a result: it throws.
 */
function poolAccounted(what: string, poolMinor: number, parts: { allocatedMinor: number; complianceRetainedMinor: number; capRetainedMinor: number; unallocatedMinor: number }, alsoShown: Record<string, number> = {}): ExplanationStep {
  const { allocatedMinor, complianceRetainedMinor, capRetainedMinor, unallocatedMinor } = parts;
  if (allocatedMinor + complianceRetainedMinor + capRetainedMinor + unallocatedMinor !== poolMinor) {
    throw new Error(`${what} does not account for the pool: ${allocatedMinor} + ${complianceRetainedMinor} + ${capRetainedMinor} + ${unallocatedMinor} ≠ ${poolMinor}`);
  }
  return {
    step: 'pool accounted',
    formula: 'allocated + retained for compliance + retained over caps + unallocated = pool',
    values: { allocatedMinor, complianceRetainedMinor, capRetainedMinor, unallocatedMinor, ...alsoShown },
    result: poolMinor,
  };
}

export function allocateBonus(poolMinor: number, people: BonusPerson[], policy: BonusPolicy, policyRef: PolicyRef): AllocationResult {
  assertMinorUnits(poolMinor, 'pool', BonusInputError);
  validatePolicy(policy);
  assertPolicyRef(policyRef, BonusInputError);
  const seen = new Set<string>();
  for (const person of people) validatePerson(person, policy, seen);

  // Exact weights: every decimal of one kind over one common scale, products in BigInt.
  const multipliers = toCommonScale(people.map((p) => policy.ratingMultipliers[p.rating] ?? 0));
  const payLevels = policy.payBasis === 'fixedPay'
    ? { units: people.map((p) => BigInt(p.fixedPayMinor ?? 0)), scale: 0 }
    : toCommonScale(people.map((p) => policy.payGradeFactors?.[p.payGrade ?? ''] ?? 0));
  const compliance = toCommonScale(people.map((p) => p.complianceMultiplier ?? 1));
  const weights = people.map((_, i) => (multipliers.units[i] ?? 0n) * (payLevels.units[i] ?? 0n));
  const sharingWeights = people.map((_, i) => (weights[i] ?? 0n) * (compliance.units[i] ?? 0n));
  const splitWeights = policy.complianceReduction === 'redistribute' ? sharingWeights : weights;

  // Ties in the largest-remainder split go to the lower person id, whatever the input order.
  const order = people.map((_, i) => i).sort((a, b) => ((people[a]?.id ?? '') < (people[b]?.id ?? '') ? -1 : 1));
  const split = (total: number, candidates: number[], by: bigint[]): Map<number, number> => {
    const parts = largestRemainder(total, candidates.map((i) => by[i] ?? 0n));
    return new Map(candidates.map((i, k) => [i, parts[k] ?? 0]));
  };

  const anyWeight = splitWeights.some((w) => w > 0n);
  const entitlementOf = anyWeight ? split(poolMinor, order, splitWeights) : new Map<number, number>();
  const unallocatedMinor = anyWeight ? 0 : poolMinor;

  const entitlement = people.map((_, i) => entitlementOf.get(i) ?? 0);
  const complianceDenominator = pow10(compliance.scale);
  const afterCompliance = people.map((_, i) => {
    if (policy.complianceReduction === 'redistribute') return entitlement[i] ?? 0;
    return Number(divide(BigInt(entitlement[i] ?? 0) * (compliance.units[i] ?? 0n), complianceDenominator, 'floor'));
  });
  const ratios = people.map((person) => ratioFor(person, policy));
  const scaledRatios = toCommonScale(ratios.map((r) => r ?? 0));
  const ratioDenominator = pow10(scaledRatios.scale);
  const caps = people.map((person, i): { capMinor: number | null; capSource: 'absolute' | 'ratio' | null } => {
    const ratioCap = ratios[i] == null ? null
      : Math.max(0, Number(divide(BigInt(person.fixedPayMinor ?? 0) * (scaledRatios.units[i] ?? 0n), ratioDenominator, 'floor')) - (person.otherVariableMinor ?? 0));
    const absolute = person.capMinor ?? null;
    if (ratioCap === null && absolute === null) return { capMinor: null, capSource: null };
    if (ratioCap === null || (absolute !== null && absolute <= ratioCap)) return { capMinor: absolute, capSource: 'absolute' };
    return { capMinor: ratioCap, capSource: 'ratio' };
  });

  const award = [...afterCompliance];
  const capExcess = people.map(() => 0);
  const redistributed = people.map(() => 0);
  for (let i = 0; i < people.length; i++) {
    const cap = caps[i]?.capMinor ?? null;
    if (cap !== null && (award[i] ?? 0) > cap) {
      capExcess[i] = (award[i] ?? 0) - cap;
      award[i] = cap;
    }
  }

  let unplaced = sumMinor(capExcess);
  let redistributionRounds = 0;
  if (policy.capExcess === 'redistribute') {
    while (unplaced > 0) {
      const eligible = order.filter((i) => (sharingWeights[i] ?? 0n) > 0n && (caps[i]?.capMinor == null || (award[i] ?? 0) < (caps[i]?.capMinor ?? 0)));
      if (eligible.length === 0) break;
      redistributionRounds += 1;
      const adds = split(unplaced, eligible, sharingWeights);
      unplaced = 0;
      for (const i of eligible) {
        let received = adds.get(i) ?? 0;
        const cap = caps[i]?.capMinor ?? null;
        const next = (award[i] ?? 0) + received;
        if (cap !== null && next > cap) {
          unplaced += next - cap;
          received -= next - cap;
        }
        award[i] = (award[i] ?? 0) + received;
        redistributed[i] = (redistributed[i] ?? 0) + received;
      }
    }
  }

  const weightDenominator = Number(pow10(multipliers.scale + payLevels.scale + (policy.complianceReduction === 'redistribute' ? compliance.scale : 0)));
  const allocations = people.map((person, i): PersonAllocation => {
    const ratingMultiplier = policy.ratingMultipliers[person.rating] ?? 0;
    const payValue = policy.payBasis === 'fixedPay' ? person.fixedPayMinor ?? 0 : policy.payGradeFactors?.[person.payGrade ?? ''] ?? 0;
    const m = person.complianceMultiplier ?? 1;
    const weight = Number(splitWeights[i] ?? 0n) / weightDenominator;
    const cap = caps[i] ?? { capMinor: null, capSource: null };
    const steps: ExplanationStep[] = [
      {
        step: 'weight',
        formula: policy.complianceReduction === 'redistribute' ? 'rating multiplier × pay level × compliance multiplier' : 'rating multiplier × pay level',
        values: { ratingMultiplier, payLevel: payValue, complianceMultiplier: m },
        result: weight,
      },
      {
        step: 'entitlement',
        formula: 'pool × weight / Σ weights, whole minor units by largest remainder',
        values: { poolMinor, weight },
        result: entitlement[i] ?? 0,
      },
    ];
    if (policy.complianceReduction === 'retain') {
      steps.push({
        step: 'compliance',
        formula: 'floor(entitlement × compliance multiplier); the rest is retained',
        values: { entitlementMinor: entitlement[i] ?? 0, complianceMultiplier: m },
        result: afterCompliance[i] ?? 0,
      });
    }
    steps.push({
      step: 'cap',
      formula: cap.capSource === 'ratio' ? 'N × fixed pay − other variable pay' : cap.capSource === 'absolute' ? 'absolute cap for the person' : 'no cap applies',
      values: { capMinor: cap.capMinor, ratio: ratioFor(person, policy), fixedPayMinor: person.fixedPayMinor ?? null, otherVariableMinor: person.otherVariableMinor ?? 0, excessMinor: capExcess[i] ?? 0 },
      result: Math.min(afterCompliance[i] ?? 0, cap.capMinor ?? Number.MAX_SAFE_INTEGER),
      ...((capExcess[i] ?? 0) > 0 ? { note: policy.capExcess === 'retain' ? 'the excess is retained' : 'the excess is shared among people below their caps' } : {}),
    });
    if ((redistributed[i] ?? 0) > 0) {
      steps.push({ step: 'redistribution', formula: 'share of other people\'s cap excess, by weight', values: { receivedMinor: redistributed[i] ?? 0 }, result: award[i] ?? 0 });
    }
    return {
      personId: person.id,
      rating: person.rating,
      ratingMultiplier,
      payLevel: { basis: policy.payBasis, value: payValue, ...(policy.payBasis === 'payGrade' && person.payGrade !== undefined ? { grade: person.payGrade } : {}) },
      complianceMultiplier: m,
      weight,
      entitlementMinor: entitlement[i] ?? 0,
      complianceRetainedMinor: (entitlement[i] ?? 0) - (afterCompliance[i] ?? 0),
      capMinor: cap.capMinor,
      capSource: cap.capSource,
      capExcessMinor: capExcess[i] ?? 0,
      redistributedMinor: redistributed[i] ?? 0,
      awardMinor: award[i] ?? 0,
      steps,
    };
  });

  const allocatedMinor = sumMinor(award);
  const complianceRetainedMinor = sumMinor(allocations.map((a) => a.complianceRetainedMinor));
  const capRetainedMinor = unplaced;
  const totals = { allocatedMinor, complianceRetainedMinor, capRetainedMinor, unallocatedMinor };

  return {
    formula: 'award = min(cap, floor(entitlement × compliance multiplier)); entitlement = pool × weight / Σ weights (largest remainder); weight = rating multiplier × pay level',
    inputs: { poolMinor, people },
    steps: [poolAccounted('bonus allocation', poolMinor, totals)],
    poolMinor,
    ...totals,
    redistributionRounds,
    people: allocations,
    policy: policyRef,
  };
}

/**
 * What a later re-run of one person's award needs from the unit round, so that it is computed on the
 * same basis as everyone else's (an upheld appeal, say): the pool shared by weight and Σ weights, as
 * an exact decimal (units over 10^scale). Pool per weight point = poolMinor / Σ weights.
 */
export interface AllocationBasis {
  poolMinor: number;
  weightSumUnits: string;
  weightScale: number;
}

function exactWeight(person: BonusPerson, policy: BonusPolicy): { units: bigint; scale: number } {
  const multiplier = toScaled(policy.ratingMultipliers[person.rating] ?? 0);
  const pay = policy.payBasis === 'fixedPay' ? { units: BigInt(person.fixedPayMinor ?? 0), scale: 0 } : toScaled(policy.payGradeFactors?.[person.payGrade ?? ''] ?? 0);
  const compliance = policy.complianceReduction === 'redistribute' ? toScaled(person.complianceMultiplier ?? 1) : { units: 1n, scale: 0 };
  return { units: multiplier.units * pay.units * compliance.units, scale: multiplier.scale + pay.scale + compliance.scale };
}

/** The basis of an allocation of `poolMinor` among `people`: Σ of the weights allocateBonus splits by. */
export function allocationBasis(poolMinor: number, people: BonusPerson[], policy: BonusPolicy): AllocationBasis {
  assertMinorUnits(poolMinor, 'pool', BonusInputError);
  validatePolicy(policy);
  const weights = people.map((p) => exactWeight(p, policy));
  const scale = weights.reduce((max, w) => Math.max(max, w.scale), 0);
  const sum = weights.reduce((total, w) => total + w.units * pow10(scale - w.scale), 0n);
  return { poolMinor, weightSumUnits: sum.toString(), weightScale: scale };
}

/** The cap on one award: the smaller of an absolute cap and N × fixed pay − other variable pay (as in allocateBonus). */
export function awardCap(person: BonusPerson, policy: BonusPolicy): { capMinor: number | null; capSource: 'absolute' | 'ratio' | null } {
  const ratio = ratioFor(person, policy);
  const ratioCap = ratio == null ? null : Math.max(0, multiplyMinor(person.fixedPayMinor ?? 0, ratio, 'floor') - (person.otherVariableMinor ?? 0));
  const absolute = person.capMinor ?? null;
  if (ratioCap === null && absolute === null) return { capMinor: null, capSource: null };
  if (ratioCap === null || (absolute !== null && absolute <= ratioCap)) return { capMinor: absolute, capSource: 'absolute' };
  return { capMinor: ratioCap, capSource: 'ratio' };
}

function complianceAndCap(amountMinor: number, person: BonusPerson, policy: BonusPolicy, steps: ExplanationStep[]): { afterCompliance: number; award: number; cap: ReturnType<typeof awardCap> } {
  const m = person.complianceMultiplier ?? 1;
  const afterCompliance = multiplyMinor(amountMinor, m, 'floor');
  steps.push({ step: 'compliance', formula: 'floor(amount × compliance multiplier); the rest is retained', values: { amountMinor, complianceMultiplier: m }, result: afterCompliance });
  const cap = awardCap(person, policy);
  const award = Math.min(afterCompliance, cap.capMinor ?? Number.MAX_SAFE_INTEGER);
  steps.push({
    step: 'cap',
    formula: cap.capSource === 'ratio' ? 'N × fixed pay − other variable pay' : cap.capSource === 'absolute' ? 'absolute cap for the person' : 'no cap applies',
    values: { capMinor: cap.capMinor, ratio: ratioFor(person, policy), fixedPayMinor: person.fixedPayMinor ?? null, otherVariableMinor: person.otherVariableMinor ?? 0, excessMinor: afterCompliance - award },
    result: award,
    ...(afterCompliance > award ? { note: 'the excess is retained' } : {}),
  });
  return { afterCompliance, award, cap };
}

/** What compliance and the cap made of an entitlement, as a person's allocation records it (nothing redistributed). */
function outcomeFrom(entitlementMinor: number, { afterCompliance, award, cap }: ReturnType<typeof complianceAndCap>): Pick<PersonAllocation, 'entitlementMinor' | 'complianceRetainedMinor' | 'capMinor' | 'capSource' | 'capExcessMinor' | 'redistributedMinor' | 'awardMinor'> {
  return {
    entitlementMinor,
    complianceRetainedMinor: entitlementMinor - afterCompliance,
    capMinor: cap.capMinor,
    capSource: cap.capSource,
    capExcessMinor: afterCompliance - award,
    redistributedMinor: 0,
    awardMinor: award,
  };
}

/**
 * One person's award recomputed on the round's basis after their rating changed (an upheld appeal):
 *   entitlement = floor(pool × weight / Σ weights of the round), weight = rating multiplier × pay level;
 *   award       = min(cap, floor(entitlement × compliance multiplier)).
 * Colleagues' awards are not touched, so nothing is taken from them: the round may then pay more (or
 * less) than its pool by the difference, which the award's lineage records. The largest-remainder
 * unit a person may have received in the round is not repeated (a rerun rounds down).
 */
export function rerunPersonAward(basis: AllocationBasis, person: BonusPerson, policy: BonusPolicy, policyRef: PolicyRef): PersonAllocation {
  validatePolicy(policy);
  assertPolicyRef(policyRef, BonusInputError);
  validatePerson(person, policy, new Set());
  assertMinorUnits(basis?.poolMinor, 'basis pool', BonusInputError);
  if (!/^\d+$/.test(basis.weightSumUnits ?? '') || !Number.isInteger(basis.weightScale) || basis.weightScale < 0) throw new BonusInputError('the allocation basis needs a whole weight sum and scale');
  const sum = BigInt(basis.weightSumUnits);
  if (sum === 0n) throw new BonusInputError('the round shared its pool by no weight: there is no basis to re-run an award on');
  const weight = exactWeight(person, policy);
  const scale = Math.max(weight.scale, basis.weightScale);
  const w = weight.units * pow10(scale - weight.scale);
  const total = sum * pow10(scale - basis.weightScale);
  const entitlementMinor = Number(divide(BigInt(basis.poolMinor) * w, total, 'floor'));
  const ratingMultiplier = policy.ratingMultipliers[person.rating] ?? 0;
  const payValue = policy.payBasis === 'fixedPay' ? person.fixedPayMinor ?? 0 : policy.payGradeFactors?.[person.payGrade ?? ''] ?? 0;
  const displayWeight = Number(weight.units) / Number(pow10(weight.scale));
  const steps: ExplanationStep[] = [
    { step: 'weight', formula: 'rating multiplier × pay level', values: { ratingMultiplier, payLevel: payValue, complianceMultiplier: person.complianceMultiplier ?? 1 }, result: displayWeight },
    {
      step: 'entitlement',
      formula: 'floor(round pool × weight / Σ weights of the round)',
      values: { poolMinor: basis.poolMinor, weight: displayWeight, weightSum: Number(sum) / Number(pow10(basis.weightScale)) },
      result: entitlementMinor,
    },
  ];
  const retainMode = policy.complianceReduction === 'retain';
  const outcome = retainMode
    ? complianceAndCap(entitlementMinor, person, policy, steps)
    : complianceAndCap(entitlementMinor, { ...person, complianceMultiplier: 1 }, policy, steps);
  return {
    personId: person.id,
    rating: person.rating,
    ratingMultiplier,
    payLevel: { basis: policy.payBasis, value: payValue, ...(policy.payBasis === 'payGrade' && person.payGrade !== undefined ? { grade: person.payGrade } : {}) },
    complianceMultiplier: person.complianceMultiplier ?? 1,
    weight: displayWeight,
    ...outcomeFrom(entitlementMinor, outcome),
    steps,
  };
}

export interface AmountOverride {
  personId: string;
  /** The amount the line head sets, before compliance and cap (a veto still zeroes it). */
  amountMinor: number;
  reason: string;
}

export interface OverriddenAllocation extends AllocationResult {
  /** Σ of the override amounts as set; the rest of the pool was shared by weight among the others. */
  overriddenMinor: number;
  /** The basis the others were allocated on (an appeal re-run uses it). */
  basis: AllocationBasis;
}

/**
 * The allocation with amounts set by hand for some people (a line head revising a returned round):
 * the overridden amounts come off the pool first (they must fit in it), the rest is shared among the
 * others by allocateBonus; an overridden amount still passes compliance and the cap, so a veto or a
 * cap is never undone by a revision. Every minor unit is still accounted for.
 */
export function allocateWithOverrides(poolMinor: number, people: BonusPerson[], overrides: AmountOverride[], policy: BonusPolicy, policyRef: PolicyRef): OverriddenAllocation {
  assertMinorUnits(poolMinor, 'pool', BonusInputError);
  const byId = new Map(people.map((p) => [p.id, p]));
  const seen = new Set<string>();
  for (const o of overrides) {
    if (!byId.has(o.personId)) throw new BonusInputError(`override for ${o.personId}: not in this round`);
    if (seen.has(o.personId)) throw new BonusInputError(`override for ${o.personId}: given twice`);
    seen.add(o.personId);
    assertMinorUnits(o.amountMinor, `override for ${o.personId}`, BonusInputError);
    if (!o.reason || !o.reason.trim()) throw new BonusInputError(`override for ${o.personId}: a reason is required`);
  }
  const overriddenMinor = sumMinor(overrides.map((o) => o.amountMinor));
  if (overriddenMinor > poolMinor) throw new BonusInputError(`the overrides add up to ${overriddenMinor}, more than the pool of ${poolMinor}`);
  const others = people.filter((p) => !seen.has(p.id));
  const rest = allocateBonus(poolMinor - overriddenMinor, others, policy, policyRef);
  const fixed = overrides.map((o): PersonAllocation => {
    const person = byId.get(o.personId)!;
    validatePerson(person, policy, new Set());
    const steps: ExplanationStep[] = [{ step: 'override', formula: 'amount set by the line head', values: { amountMinor: o.amountMinor }, result: o.amountMinor, note: o.reason }];
    const outcome = complianceAndCap(o.amountMinor, person, policy, steps);
    return {
      personId: person.id,
      rating: person.rating,
      ratingMultiplier: policy.ratingMultipliers[person.rating] ?? 0,
      payLevel: { basis: policy.payBasis, value: policy.payBasis === 'fixedPay' ? person.fixedPayMinor ?? 0 : policy.payGradeFactors?.[person.payGrade ?? ''] ?? 0 },
      complianceMultiplier: person.complianceMultiplier ?? 1,
      weight: 0,
      ...outcomeFrom(o.amountMinor, outcome),
      steps,
    };
  });
  const allPeople = [...rest.people, ...fixed].sort((a, b) => (a.personId < b.personId ? -1 : 1));
  const allocatedMinor = sumMinor(allPeople.map((p) => p.awardMinor));
  const complianceRetainedMinor = rest.complianceRetainedMinor + sumMinor(fixed.map((p) => p.complianceRetainedMinor));
  const capRetainedMinor = rest.capRetainedMinor + sumMinor(fixed.map((p) => p.capExcessMinor));
  const unallocatedMinor = rest.unallocatedMinor;
  const totals = { allocatedMinor, complianceRetainedMinor, capRetainedMinor, unallocatedMinor };
  return {
    ...rest,
    formula: `${rest.formula}; overridden amounts come off the pool first and pass compliance and the cap`,
    inputs: { poolMinor, people },
    steps: [poolAccounted('bonus allocation with overrides', poolMinor, totals, { overriddenMinor })],
    poolMinor,
    ...totals,
    people: allPeople,
    overriddenMinor,
    basis: allocationBasis(poolMinor - overriddenMinor, others, policy),
  };
}
