/**
 * Deferral schedules (递延支付) by jurisdiction packs: each pack is its own versioned policy document
 * (policies/deferral-*.json) holding the numbers of one regime — which share of a variable award is
 * deferred for which role, over how many yearly tranches, from which year, above which amounts a higher
 * share applies, de-minimis exemptions, and the caps on variable pay relative to fixed pay.
 *
 * For one award (integer minor units, currency, role category, award date):
 *   rule        = the pack rule listing the role category (a role in no rule is an error, never "no deferral");
 *   exemption   = when the pack has one and the award is at most its amount and at most its share of total
 *                 remuneration, nothing is deferred (only assessed when total remuneration is given);
 *   deferred    = award × percent / 100, where the percent comes from the amount bands of the rule:
 *                 basis "whole": the band the whole award falls in sets the percent for all of it (EU: a
 *                 particularly high amount defers 60 % of the whole award); basis "marginal": each band's
 *                 percent applies to the slice of the award within it (UK since PS21/25: 40 % of the first
 *                 £660,000, 60 % of the rest);
 *                 rounded UP to the minor unit, so the deferred share is never below the required percent;
 *   upfront     = award − deferred, paid on the award date;
 *   tranches    = the deferred amount in equal yearly tranches on the anniversaries firstVestingYear,
 *                 firstVestingYear + 1, …; each tranche is floor(deferred / tranches) and the LAST tranche
 *                 takes the remainder, so nothing vests faster than pro rata (China: 等分原则，不得前重后轻;
 *                 EU/UK: no faster than on a pro-rata basis). Upfront + tranches = award exactly.
 *
 * A pack may also state regulatory minimums next to the institution's own numbers (minimumPercent,
 * minimumLastVestingYear, minimumTranches); checkDeferralPack refuses a pack whose numbers fall below
 * them, so an edit to the JSON cannot quietly undercut the regulation.
 *
 * Co-investment (跟投, a pack's coInvestment rules; AMAC 2022 fund managers' guideline): a role may
 * have to invest at least a share of the year's performance pay in funds the institution manages:
 *   required = ceil(award × percent / 100), where percent is the institution's (never below the
 *              rule's regulatory minimumPercent); shown on the letter and the schedule, not deducted.
 */
import { addYears, DateInputError, parseIsoDate } from './dates';
import { assertPolicyRef, type Explanation, type ExplanationStep, type PolicyRef } from './explanation';
import { assertMinorUnits, divide, percentOfMinor, pow10, roundTo, toCommonScale } from './money';

export class DeferralInputError extends Error {
  override readonly name = 'DeferralInputError';
}

export class DeferralPolicyError extends Error {
  override readonly name = 'DeferralPolicyError';
}

export interface DeferralBand {
  /** The band starts at this award amount (inclusive), in the pack currency's minor units; the first band at 0. */
  fromMinor: number;
  deferPercent: number;
  /** The regulatory minimum for this band, checked against deferPercent. */
  minimumPercent?: number;
  /** The regulation says "more than" rather than "at least". */
  minimumExclusive?: boolean;
}

export interface DeferralRule {
  id: string;
  roles: string[];
  basis: 'whole' | 'marginal';
  bands: DeferralBand[];
  /** Number of yearly deferred tranches. */
  tranches: number;
  /** Anniversary of the award date on which the first deferred tranche vests (1 = one year after). */
  firstVestingYear: number;
  /** The regulatory minimum for the anniversary of the last tranche. */
  minimumLastVestingYear?: number;
  /** The regulatory minimum number of yearly deferred instalments (CN insurers: the deferred part over the next two years). */
  minimumTranches?: number;
  reference: string;
}

/** A share of the year's performance pay the role must invest in funds the institution manages. */
export interface CoInvestmentRule {
  id: string;
  roles: string[];
  /** The institution's percentage of the award to invest. */
  percent: number;
  /** The regulatory minimum, checked against percent. */
  minimumPercent?: number;
  /** Which funds: the institution's own public funds, preferring those the person manages, or only the person's own. */
  funds: 'institutionFunds' | 'institutionFundsOwnFirst' | 'ownFunds';
  /** Of the invested amount, at least this share in equity funds. */
  equityMinimumPercent?: number;
  reference: string;
}

export interface DeferralExemption {
  /** Exempt when the award is at most this amount … */
  maxVariableMinor: number;
  /** … and at most this fraction of total annual remuneration. */
  maxShareOfTotal: { numerator: number; denominator: number };
  reference: string;
}

export interface VariableCapRule {
  roles: string[];
  maxPercentOfFixed: number;
  withShareholderApprovalPercent?: number;
  reference: string;
}

export interface DeferralPack {
  jurisdiction: string;
  sector: string;
  /** The currency the pack's amounts are written in. */
  currency: string;
  source: string;
  rules: DeferralRule[];
  exemption?: DeferralExemption | null;
  variableCaps?: VariableCapRule[];
  coInvestment?: CoInvestmentRule[];
}

export interface DeferralAward {
  awardId: string;
  amountMinor: number;
  currency: string;
  roleCategory: string;
  /** YYYY-MM-DD; upfront is paid on it and tranches vest on its anniversaries. */
  awardDate: string;
  /** Needed only to assess a de-minimis exemption. */
  totalRemunerationMinor?: number;
}

export interface DeferralTranche {
  /** `${awardId}/T<n>`; the upfront part is T0. */
  trancheId: string;
  index: number;
  vestingDate: string;
  amountMinor: number;
}

export interface DeferralSchedule extends Explanation<DeferralAward> {
  awardId: string;
  currency: string;
  amountMinor: number;
  /** The rule that chose the percentage, or "exemption". */
  ruleId: string;
  reference: string;
  exempt: boolean;
  deferredMinor: number;
  /** deferred / award × 100, 2 decimals, for display. */
  effectiveDeferPercent: number;
  upfront: DeferralTranche;
  tranches: DeferralTranche[];
  /** What the person must invest in the institution's funds out of this award; null when the pack asks nothing of the role. */
  coInvestment?: CoInvestment | null;
}

export interface CoInvestment {
  ruleId: string;
  percent: number;
  requiredMinor: number;
  funds: CoInvestmentRule['funds'];
  equityMinimumPercent: number | null;
  reference: string;
}

export interface VariableCapResult extends Explanation<{ fixedPayMinor: number; roleCategory: string; shareholderApproved: boolean }> {
  /** null: the pack sets no cap for this role. */
  capMinor: number | null;
  percentOfFixed: number | null;
  /** The most a shareholder approval could lift the cap to (null: no approval can). */
  maxWithApprovalPercent?: number | null;
  /** The approval the cap applied, or null. */
  approval?: CapApproval | null;
  reference: string | null;
}

const CURRENCY = /^[A-Z]{3}$/;

function checkPercent(value: unknown, label: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) throw new DeferralPolicyError(`${label} must be a percentage 0–100, got ${String(value)}`);
}

/** Refuses a pack that is malformed or whose numbers fall below the regulatory minimums it states. */
export function checkDeferralPack(pack: DeferralPack): void {
  if (!pack || !CURRENCY.test(pack.currency ?? '')) throw new DeferralPolicyError(`the pack currency must be a 3-letter ISO code, got ${String(pack?.currency)}`);
  if (!Array.isArray(pack.rules) || pack.rules.length === 0) throw new DeferralPolicyError('the pack has no rules');
  const ids = new Set<string>();
  const roles = new Set<string>();
  for (const rule of pack.rules) {
    const label = `rule ${rule.id}`;
    if (!rule.id || ids.has(rule.id)) throw new DeferralPolicyError(`rule ids must be present and unique, got "${rule.id}"`);
    ids.add(rule.id);
    if (!Array.isArray(rule.roles) || rule.roles.length === 0) throw new DeferralPolicyError(`${label} lists no roles`);
    for (const role of rule.roles) {
      if (roles.has(role)) throw new DeferralPolicyError(`role ${role} is in more than one rule`);
      roles.add(role);
    }
    if (rule.basis !== 'whole' && rule.basis !== 'marginal') throw new DeferralPolicyError(`${label}: basis must be "whole" or "marginal"`);
    if (!Array.isArray(rule.bands) || rule.bands.length === 0) throw new DeferralPolicyError(`${label} has no bands`);
    rule.bands.forEach((band, i) => {
      assertMinorUnits(band.fromMinor, `${label} band ${i + 1} fromMinor`, DeferralPolicyError);
      if (i === 0 && band.fromMinor !== 0) throw new DeferralPolicyError(`${label}: the first band must start at 0`);
      const previous = rule.bands[i - 1];
      if (previous && band.fromMinor <= previous.fromMinor) throw new DeferralPolicyError(`${label}: bands must start at increasing amounts`);
      checkPercent(band.deferPercent, `${label} band ${i + 1} deferPercent`);
      if (band.minimumPercent !== undefined) {
        checkPercent(band.minimumPercent, `${label} band ${i + 1} minimumPercent`);
        const below = band.minimumExclusive ? band.deferPercent <= band.minimumPercent : band.deferPercent < band.minimumPercent;
        if (below) {
          throw new DeferralPolicyError(`${label} band ${i + 1}: defers ${band.deferPercent}%, but the regulation requires ${band.minimumExclusive ? 'more than' : 'at least'} ${band.minimumPercent}%`);
        }
      }
    });
    if (!Number.isInteger(rule.tranches) || rule.tranches < 1) throw new DeferralPolicyError(`${label}: tranches must be a whole number ≥ 1`);
    if (!Number.isInteger(rule.firstVestingYear) || rule.firstVestingYear < 1) throw new DeferralPolicyError(`${label}: firstVestingYear must be a whole number ≥ 1`);
    const lastVestingYear = rule.firstVestingYear + rule.tranches - 1;
    const defers = rule.bands.some((b) => b.deferPercent > 0);
    if (defers && rule.minimumLastVestingYear !== undefined && lastVestingYear < rule.minimumLastVestingYear) {
      throw new DeferralPolicyError(`${label}: the last tranche vests in year ${lastVestingYear}, but the regulation requires deferral to year ${rule.minimumLastVestingYear}`);
    }
    if (rule.minimumTranches !== undefined && (!Number.isInteger(rule.minimumTranches) || rule.minimumTranches < 1)) throw new DeferralPolicyError(`${label}: minimumTranches must be a whole number ≥ 1`);
    if (defers && rule.minimumTranches !== undefined && rule.tranches < rule.minimumTranches) {
      throw new DeferralPolicyError(`${label}: defers in ${rule.tranches} yearly instalment${rule.tranches === 1 ? '' : 's'}, but the regulation requires at least ${rule.minimumTranches}`);
    }
  }
  const coIds = new Set<string>();
  const coRoles = new Set<string>();
  for (const co of pack.coInvestment ?? []) {
    const label = `co-investment rule ${co.id}`;
    if (!co.id || coIds.has(co.id)) throw new DeferralPolicyError(`co-investment rule ids must be present and unique, got "${co.id}"`);
    coIds.add(co.id);
    if (!Array.isArray(co.roles) || co.roles.length === 0) throw new DeferralPolicyError(`${label} lists no roles`);
    for (const role of co.roles) {
      if (coRoles.has(role)) throw new DeferralPolicyError(`role ${role} is in more than one co-investment rule`);
      if (!roles.has(role)) throw new DeferralPolicyError(`${label}: role ${role} is in no deferral rule of the pack`);
      coRoles.add(role);
    }
    checkPercent(co.percent, `${label} percent`);
    if (co.minimumPercent !== undefined) {
      checkPercent(co.minimumPercent, `${label} minimumPercent`);
      if (co.percent < co.minimumPercent) throw new DeferralPolicyError(`${label}: invests ${co.percent}%, but the regulation requires at least ${co.minimumPercent}%`);
    }
    if (!['institutionFunds', 'institutionFundsOwnFirst', 'ownFunds'].includes(co.funds)) throw new DeferralPolicyError(`${label}: funds must be institutionFunds, institutionFundsOwnFirst or ownFunds`);
    if (co.equityMinimumPercent !== undefined) checkPercent(co.equityMinimumPercent, `${label} equityMinimumPercent`);
  }
  if (pack.exemption) {
    const { maxVariableMinor, maxShareOfTotal } = pack.exemption;
    assertMinorUnits(maxVariableMinor, 'exemption maxVariableMinor', DeferralPolicyError);
    if (!Number.isInteger(maxShareOfTotal?.numerator) || !Number.isInteger(maxShareOfTotal?.denominator) || maxShareOfTotal.numerator < 0 || maxShareOfTotal.denominator < 1) {
      throw new DeferralPolicyError('exemption maxShareOfTotal must be a fraction of whole numbers');
    }
  }
  for (const cap of pack.variableCaps ?? []) {
    if (!Array.isArray(cap.roles) || cap.roles.length === 0) throw new DeferralPolicyError('a variable cap lists no roles');
    for (const value of [cap.maxPercentOfFixed, cap.withShareholderApprovalPercent]) {
      if (value !== undefined && (!Number.isFinite(value) || value < 0)) throw new DeferralPolicyError(`variable cap percentages must be ≥ 0, got ${value}`);
    }
  }
}

function ruleFor(pack: DeferralPack, roleCategory: string): DeferralRule {
  const rule = pack.rules.find((r) => r.roles.includes(roleCategory));
  if (!rule) {
    const known = pack.rules.flatMap((r) => r.roles).join(', ');
    throw new DeferralInputError(`role category "${roleCategory}" is in no rule of the ${pack.jurisdiction} ${pack.sector} pack (known: ${known})`);
  }
  return rule;
}

function assertPackCurrency(award: DeferralAward, pack: DeferralPack, why: string): void {
  if (award.currency !== pack.currency) {
    throw new DeferralInputError(`the award is in ${award.currency} but the pack's ${why} is in ${pack.currency}: convert the award first (FX is not this module's business)`);
  }
}

/** Exact deferred amount for the rule, rounded up; with the steps that show the bands used. */
function deferredAmount(amountMinor: number, rule: DeferralRule): { deferredMinor: number; steps: ExplanationStep[] } {
  const { units, scale } = toCommonScale(rule.bands.map((b) => b.deferPercent));
  const denominator = 100n * pow10(scale);
  if (rule.basis === 'whole') {
    let index = 0;
    rule.bands.forEach((band, i) => { if (amountMinor >= band.fromMinor) index = i; });
    const band = rule.bands[index];
    const deferredMinor = percentOfMinor(amountMinor, band?.deferPercent ?? 0, 'ceil');
    return {
      deferredMinor,
      steps: [{
        step: 'deferred amount',
        formula: 'ceil(award × percent of the band the award falls in / 100)',
        values: { amountMinor, bandFromMinor: band?.fromMinor ?? 0, deferPercent: band?.deferPercent ?? 0 },
        result: deferredMinor,
      }],
    };
  }
  let numerator = 0n;
  const steps: ExplanationStep[] = [];
  rule.bands.forEach((band, i) => {
    const next = rule.bands[i + 1]?.fromMinor ?? Number.MAX_SAFE_INTEGER;
    const slice = Math.max(0, Math.min(amountMinor, next) - band.fromMinor);
    if (slice === 0) return;
    numerator += BigInt(slice) * (units[i] ?? 0n);
    steps.push({
      step: `slice ${i + 1}`,
      formula: 'slice of the award within the band × band percent / 100',
      values: { fromMinor: band.fromMinor, toMinor: next === Number.MAX_SAFE_INTEGER ? null : next, sliceMinor: slice, deferPercent: band.deferPercent },
      result: roundTo((slice * band.deferPercent) / 100, 2),
    });
  });
  const deferredMinor = Number(divide(numerator, denominator, 'ceil'));
  steps.push({ step: 'deferred amount', formula: 'ceil(Σ slices × band percent / 100)', values: { amountMinor }, result: deferredMinor });
  return { deferredMinor, steps };
}

export function deferralSchedule(award: DeferralAward, pack: DeferralPack, policyRef: PolicyRef): DeferralSchedule {
  checkDeferralPack(pack);
  assertPolicyRef(policyRef, DeferralInputError);
  if (!award.awardId) throw new DeferralInputError('the award needs an id: tranches keep it as their lineage');
  assertMinorUnits(award.amountMinor, 'award amount', DeferralInputError);
  if (!CURRENCY.test(award.currency ?? '')) throw new DeferralInputError(`currency must be a 3-letter ISO code, got ${String(award.currency)}`);
  try {
    parseIsoDate(award.awardDate, 'award date');
  } catch (error) {
    if (error instanceof DateInputError) throw new DeferralInputError(error.message);
    throw error;
  }
  if (award.totalRemunerationMinor !== undefined) {
    assertMinorUnits(award.totalRemunerationMinor, 'total remuneration', DeferralInputError);
    if (award.totalRemunerationMinor < award.amountMinor) throw new DeferralInputError('total remuneration cannot be below the variable award it includes');
  }

  const rule = ruleFor(pack, award.roleCategory);
  const steps: ExplanationStep[] = [{
    step: 'rule',
    formula: 'the pack rule that lists the role category',
    values: { roleCategory: award.roleCategory, basis: rule.basis, tranches: rule.tranches, firstVestingYear: rule.firstVestingYear },
    result: rule.id,
    note: rule.reference,
  }];

  let exempt = false;
  if (pack.exemption) {
    if (award.totalRemunerationMinor === undefined) {
      steps.push({ step: 'exemption', formula: 'not assessed: total remuneration not given', values: {}, result: false });
    } else {
      assertPackCurrency(award, pack, 'exemption threshold');
      const { maxVariableMinor, maxShareOfTotal } = pack.exemption;
      const smallEnough = award.amountMinor <= maxVariableMinor;
      const shareSmallEnough = BigInt(award.amountMinor) * BigInt(maxShareOfTotal.denominator) <= BigInt(award.totalRemunerationMinor) * BigInt(maxShareOfTotal.numerator);
      exempt = smallEnough && shareSmallEnough;
      steps.push({
        step: 'exemption',
        formula: `award ≤ max amount and award ≤ ${maxShareOfTotal.numerator}/${maxShareOfTotal.denominator} of total remuneration`,
        values: { amountMinor: award.amountMinor, maxVariableMinor, totalRemunerationMinor: award.totalRemunerationMinor },
        result: exempt,
        note: pack.exemption.reference,
      });
    }
  }

  let deferredMinor = 0;
  if (!exempt) {
    if (rule.bands.length > 1) assertPackCurrency(award, pack, 'amount bands');
    const computed = deferredAmount(award.amountMinor, rule);
    deferredMinor = computed.deferredMinor;
    steps.push(...computed.steps);
  }
  const upfrontMinor = award.amountMinor - deferredMinor;
  steps.push({ step: 'upfront', formula: 'award − deferred', values: { amountMinor: award.amountMinor, deferredMinor }, result: upfrontMinor });

  const tranches: DeferralTranche[] = [];
  if (deferredMinor > 0) {
    const each = Math.floor(deferredMinor / rule.tranches);
    const last = deferredMinor - each * (rule.tranches - 1);
    for (let i = 1; i <= rule.tranches; i++) {
      tranches.push({
        trancheId: `${award.awardId}/T${i}`,
        index: i,
        vestingDate: addYears(award.awardDate, rule.firstVestingYear + i - 1),
        amountMinor: i === rule.tranches ? last : each,
      });
    }
    steps.push({
      step: 'tranches',
      formula: 'floor(deferred / tranches) each; the last tranche takes the remainder',
      values: { deferredMinor, tranches: rule.tranches, eachMinor: each, lastMinor: last },
      result: tranches.map((t) => t.amountMinor).join(' + '),
    });
  }

  const co = (pack.coInvestment ?? []).find((c) => c.roles.includes(award.roleCategory));
  let coInvestment: CoInvestment | null = null;
  if (co) {
    const requiredMinor = percentOfMinor(award.amountMinor, co.percent, 'ceil');
    coInvestment = { ruleId: co.id, percent: co.percent, requiredMinor, funds: co.funds, equityMinimumPercent: co.equityMinimumPercent ?? null, reference: co.reference };
    steps.push({
      step: 'co-investment',
      formula: 'ceil(award × percent / 100) invested in the institution\'s funds',
      values: { amountMinor: award.amountMinor, percent: co.percent, funds: co.funds, equityMinimumPercent: co.equityMinimumPercent ?? null },
      result: requiredMinor,
      note: co.reference,
    });
  }

  return {
    formula: 'deferred = ceil(award × band percent / 100); upfront = award − deferred; tranches = equal yearly parts, remainder in the last',
    inputs: award,
    steps,
    awardId: award.awardId,
    currency: award.currency,
    amountMinor: award.amountMinor,
    ruleId: exempt ? 'exemption' : rule.id,
    reference: exempt ? pack.exemption?.reference ?? '' : rule.reference,
    exempt,
    deferredMinor,
    effectiveDeferPercent: award.amountMinor === 0 ? 0 : roundTo((deferredMinor / award.amountMinor) * 100, 2),
    upfront: { trancheId: `${award.awardId}/T0`, index: 0, vestingDate: award.awardDate, amountMinor: upfrontMinor },
    tranches,
    coInvestment,
    policy: policyRef,
  };
}

/** A shareholder approval of a higher ratio as the cap reads it (variable-pay-approval.ts holds the documents). */
export interface CapApproval {
  id: string;
  maxPercentOfFixed: number;
  approvedBy: string;
  approvedOn: string;
}

/**
 * The most variable pay the pack allows a role for a year: floor(fixed pay × percent / 100), where the
 * percent is the pack's maximum, or with a shareholder approval the approved percent up to the pack's
 * maximum with approval (CRD V: 100 %, up to 200 % with approval). `shareholderApproved` alone means
 * an approval of the pack's maximum. A pack with no maximum with approval ignores an approval.
 */
export function variablePayCap(
  input: { fixedPayMinor: number; roleCategory: string; shareholderApproved?: boolean; approval?: CapApproval | null },
  pack: DeferralPack,
  policyRef: PolicyRef,
): VariableCapResult {
  checkDeferralPack(pack);
  assertPolicyRef(policyRef, DeferralInputError);
  assertMinorUnits(input.fixedPayMinor, 'fixed pay', DeferralInputError);
  const given = input.approval ?? null;
  if (given && (!Number.isFinite(given.maxPercentOfFixed) || given.maxPercentOfFixed <= 0)) throw new DeferralInputError(`approval ${given.id}: the approved percentage must be above 0`);
  const shareholderApproved = Boolean(input.shareholderApproved) || given !== null;
  const inputs = { fixedPayMinor: input.fixedPayMinor, roleCategory: input.roleCategory, shareholderApproved };
  const cap = (pack.variableCaps ?? []).find((c) => c.roles.includes(input.roleCategory));
  if (!cap) {
    return {
      formula: 'no cap', inputs, policy: policyRef, capMinor: null, percentOfFixed: null, maxWithApprovalPercent: null, approval: null, reference: null,
      steps: [{ step: 'variable cap', formula: 'the pack sets no ratio of variable to fixed pay for this role', values: { roleCategory: input.roleCategory }, result: null }],
    };
  }
  const ceiling = cap.withShareholderApprovalPercent ?? null;
  const approvedPercent = ceiling === null || !shareholderApproved ? null : Math.min(given?.maxPercentOfFixed ?? ceiling, ceiling);
  // An approval below the pack's own maximum would lower the cap: the approval never does that.
  const percentOfFixed = approvedPercent !== null && approvedPercent > cap.maxPercentOfFixed ? approvedPercent : cap.maxPercentOfFixed;
  const applied = approvedPercent !== null && percentOfFixed === approvedPercent;
  const approval = applied ? given ?? { id: 'shareholder-approval', maxPercentOfFixed: ceiling!, approvedBy: 'shareholders', approvedOn: '' } : null;
  const capMinor = percentOfMinor(input.fixedPayMinor, percentOfFixed, 'floor');
  const note = ceiling === null && given ? `${cap.reference}; the pack allows no higher ratio with shareholder approval, so approval ${given.id} does not apply` : cap.reference;
  return {
    formula: 'cap = floor(fixed pay × percent / 100)',
    inputs,
    steps: [{
      step: 'variable cap',
      formula: applied ? 'fixed pay × min(approved percent, the pack\'s maximum with approval) / 100' : 'fixed pay × percent / 100',
      values: {
        fixedPayMinor: input.fixedPayMinor, percentOfFixed, packPercent: cap.maxPercentOfFixed, maxWithApprovalPercent: ceiling,
        approvalId: approval?.id ?? null, approvedPercent: given?.maxPercentOfFixed ?? null, approvedBy: approval?.approvedBy ?? null, approvedOn: approval?.approvedOn ?? null,
      },
      result: capMinor,
      note,
    }],
    capMinor,
    percentOfFixed,
    maxWithApprovalPercent: ceiling,
    approval,
    reference: cap.reference,
    policy: policyRef,
  };
}
