/**
 * Risk adjustment coefficient (风险调整系数) of an org unit for a cycle, from its risk metrics:
 *
 *   RAROC = (revenue − costs − expected loss) / economic capital
 *   coefficient = 1 + reward × (RAROC − hurdle)            when RAROC ≥ hurdle
 *               = 1 − penalty × (hurdle − RAROC)           when RAROC < hurdle
 *                 − NPL penalty × (NPL ratio − NPL limit)            only above the limit
 *                 − overdue penalty × (overdue ratio − overdue limit) only above the limit
 *   then held between the policy floor and ceiling and rounded to the policy decimals.
 *
 * Ratios and percentage points are percentages (18 means 18 %). The numbers (hurdle, limits, rates,
 * bounds) come from the risk-adjustment policy (policies/risk-adjustment.json), never from here. The
 * coefficient scales the unit's bonus pool (bonus.ts).
 */
import { assertPolicyRef, type Explanation, type ExplanationStep, type PolicyRef } from './explanation';
import { assertFiniteNumber, assertMinorUnits, roundTo } from './money';

export class RiskAdjustmentInputError extends Error {
  override readonly name = 'RiskAdjustmentInputError';
}

/** Amounts in minor units of one currency for one unit and one period. */
export interface RiskMetrics {
  revenueMinor: number;
  costsMinor: number;
  expectedLossMinor: number;
  economicCapitalMinor: number;
  /** Lending units only; without it the NPL and overdue tests do not apply (e.g. a trading desk). */
  loans?: {
    totalMinor: number;
    nonPerformingMinor: number;
    overdueMinor: number;
  };
}

export interface RatioLimit {
  limitPercent: number;
  /** Coefficient points taken off per percentage point above the limit. */
  penaltyPerPercentagePoint: number;
}

export interface RiskAdjustmentPolicy {
  raroc: {
    hurdlePercent: number;
    /** Coefficient points added per percentage point of RAROC above the hurdle. */
    rewardPerPercentagePoint: number;
    /** Coefficient points taken off per percentage point of RAROC below the hurdle. */
    penaltyPerPercentagePoint: number;
  };
  npl: RatioLimit;
  overdue: RatioLimit;
  bounds: { floor: number; ceiling: number };
  decimals: number;
}

export interface RiskAdjustmentExplanation extends Explanation<RiskMetrics> {
  rarocPercent: number;
  hurdlePercent: number;
  aboveHurdle: boolean;
  nplRatioPercent: number | null;
  overdueRatioPercent: number | null;
  /** Before the floor and ceiling. */
  rawCoefficient: number;
  coefficient: number;
  /** Which bound, if any, decided the coefficient. */
  bound: 'floor' | 'ceiling' | null;
}

const STEP_DECIMALS = 6;

function validatePolicy(policy: RiskAdjustmentPolicy): void {
  const numbers: Array<[string, unknown]> = [
    ['raroc.hurdlePercent', policy.raroc?.hurdlePercent],
    ['raroc.rewardPerPercentagePoint', policy.raroc?.rewardPerPercentagePoint],
    ['raroc.penaltyPerPercentagePoint', policy.raroc?.penaltyPerPercentagePoint],
    ['npl.limitPercent', policy.npl?.limitPercent],
    ['npl.penaltyPerPercentagePoint', policy.npl?.penaltyPerPercentagePoint],
    ['overdue.limitPercent', policy.overdue?.limitPercent],
    ['overdue.penaltyPerPercentagePoint', policy.overdue?.penaltyPerPercentagePoint],
    ['bounds.floor', policy.bounds?.floor],
    ['bounds.ceiling', policy.bounds?.ceiling],
  ];
  for (const [label, value] of numbers) {
    assertFiniteNumber(value, `risk-adjustment policy ${label}`, RiskAdjustmentInputError);
    if (label !== 'raroc.hurdlePercent' && value < 0) throw new RiskAdjustmentInputError(`risk-adjustment policy ${label} must not be negative, got ${value}`);
  }
  if (policy.bounds.floor > policy.bounds.ceiling) {
    throw new RiskAdjustmentInputError(`risk-adjustment policy floor ${policy.bounds.floor} is above its ceiling ${policy.bounds.ceiling}`);
  }
  if (!Number.isInteger(policy.decimals) || policy.decimals < 0 || policy.decimals > STEP_DECIMALS) {
    throw new RiskAdjustmentInputError(`risk-adjustment policy decimals must be a whole number 0–${STEP_DECIMALS}, got ${policy.decimals}`);
  }
}

function validateMetrics(metrics: RiskMetrics): void {
  assertMinorUnits(metrics.revenueMinor, 'revenue', RiskAdjustmentInputError, true);
  assertMinorUnits(metrics.costsMinor, 'costs', RiskAdjustmentInputError);
  assertMinorUnits(metrics.expectedLossMinor, 'expected loss', RiskAdjustmentInputError);
  assertMinorUnits(metrics.economicCapitalMinor, 'economic capital', RiskAdjustmentInputError);
  if (metrics.economicCapitalMinor === 0) throw new RiskAdjustmentInputError('economic capital must be above zero: RAROC divides by it');
  if (metrics.loans) {
    const { totalMinor, nonPerformingMinor, overdueMinor } = metrics.loans;
    assertMinorUnits(totalMinor, 'total loans', RiskAdjustmentInputError);
    assertMinorUnits(nonPerformingMinor, 'non-performing loans', RiskAdjustmentInputError);
    assertMinorUnits(overdueMinor, 'overdue loans', RiskAdjustmentInputError);
    if (totalMinor === 0) throw new RiskAdjustmentInputError('total loans must be above zero when loans are given; leave loans out for a non-lending unit');
    if (nonPerformingMinor > totalMinor) throw new RiskAdjustmentInputError(`non-performing loans ${nonPerformingMinor} exceed total loans ${totalMinor}`);
    if (overdueMinor > totalMinor) throw new RiskAdjustmentInputError(`overdue loans ${overdueMinor} exceed total loans ${totalMinor}`);
  }
}

function percent(part: number, whole: number): number {
  return roundTo((part / whole) * 100, STEP_DECIMALS);
}

function limitStep(name: string, ratioPercent: number | null, limit: RatioLimit): { penalty: number; step: ExplanationStep } {
  if (ratioPercent === null) {
    return {
      penalty: 0,
      step: { step: `${name} penalty`, formula: 'not applicable: the unit has no loan book', values: { limitPercent: limit.limitPercent }, result: 0 },
    };
  }
  const excess = roundTo(Math.max(0, ratioPercent - limit.limitPercent), STEP_DECIMALS);
  const penalty = roundTo(excess * limit.penaltyPerPercentagePoint, STEP_DECIMALS);
  return {
    penalty,
    step: {
      step: `${name} penalty`,
      formula: `max(0, ${name} ratio − limit) × penalty per percentage point`,
      values: { ratioPercent, limitPercent: limit.limitPercent, excessPercentagePoints: excess, penaltyPerPercentagePoint: limit.penaltyPerPercentagePoint },
      result: penalty,
    },
  };
}

export function riskCoefficient(metrics: RiskMetrics, policy: RiskAdjustmentPolicy, policyRef: PolicyRef): RiskAdjustmentExplanation {
  validatePolicy(policy);
  validateMetrics(metrics);
  assertPolicyRef(policyRef, RiskAdjustmentInputError);

  const steps: ExplanationStep[] = [];
  const riskAdjustedReturn = metrics.revenueMinor - metrics.costsMinor - metrics.expectedLossMinor;
  steps.push({
    step: 'risk-adjusted return',
    formula: 'revenue − costs − expected loss',
    values: { revenueMinor: metrics.revenueMinor, costsMinor: metrics.costsMinor, expectedLossMinor: metrics.expectedLossMinor },
    result: riskAdjustedReturn,
  });
  const rarocPercent = percent(riskAdjustedReturn, metrics.economicCapitalMinor);
  steps.push({
    step: 'raroc',
    formula: 'risk-adjusted return / economic capital × 100',
    values: { riskAdjustedReturnMinor: riskAdjustedReturn, economicCapitalMinor: metrics.economicCapitalMinor },
    result: rarocPercent,
  });

  const { hurdlePercent, rewardPerPercentagePoint, penaltyPerPercentagePoint } = policy.raroc;
  const aboveHurdle = rarocPercent >= hurdlePercent;
  const gap = roundTo(rarocPercent - hurdlePercent, STEP_DECIMALS);
  const rarocAdjustment = roundTo(gap * (aboveHurdle ? rewardPerPercentagePoint : penaltyPerPercentagePoint), STEP_DECIMALS);
  steps.push({
    step: 'raroc against hurdle',
    formula: aboveHurdle ? '(RAROC − hurdle) × reward per percentage point' : '(RAROC − hurdle) × penalty per percentage point',
    values: { rarocPercent, hurdlePercent, percentagePoints: gap, ratePerPercentagePoint: aboveHurdle ? rewardPerPercentagePoint : penaltyPerPercentagePoint },
    result: rarocAdjustment,
  });

  const nplRatioPercent = metrics.loans ? percent(metrics.loans.nonPerformingMinor, metrics.loans.totalMinor) : null;
  const overdueRatioPercent = metrics.loans ? percent(metrics.loans.overdueMinor, metrics.loans.totalMinor) : null;
  const npl = limitStep('npl', nplRatioPercent, policy.npl);
  const overdue = limitStep('overdue', overdueRatioPercent, policy.overdue);
  steps.push(npl.step, overdue.step);

  const rawCoefficient = roundTo(1 + rarocAdjustment - npl.penalty - overdue.penalty, STEP_DECIMALS);
  steps.push({
    step: 'raw coefficient',
    formula: '1 + RAROC adjustment − NPL penalty − overdue penalty',
    values: { rarocAdjustment, nplPenalty: npl.penalty, overduePenalty: overdue.penalty },
    result: rawCoefficient,
  });

  const { floor, ceiling } = policy.bounds;
  const bound = rawCoefficient < floor ? 'floor' : rawCoefficient > ceiling ? 'ceiling' : null;
  const coefficient = roundTo(Math.min(ceiling, Math.max(floor, rawCoefficient)), policy.decimals);
  steps.push({
    step: 'bounded coefficient',
    formula: `min(ceiling, max(floor, raw coefficient)), rounded to ${policy.decimals} decimals`,
    values: { rawCoefficient, floor, ceiling },
    result: coefficient,
    ...(bound ? { note: `held at the policy ${bound}` } : {}),
  });

  return {
    formula: 'coefficient = clamp(1 ± rate × (RAROC − hurdle) − NPL penalty − overdue penalty, floor, ceiling); RAROC = (revenue − costs − expected loss) / economic capital',
    inputs: metrics,
    steps,
    rarocPercent,
    hurdlePercent,
    aboveHurdle,
    nplRatioPercent,
    overdueRatioPercent,
    rawCoefficient,
    coefficient,
    bound,
    policy: policyRef,
  };
}
