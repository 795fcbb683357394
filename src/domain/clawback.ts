/**
 * Malus (扣减/止付) and clawback (追索扣回) of a variable-pay award after a risk or compliance event
 * (policies/clawback.json).
 *
 *   target   = the whole remaining award for extent "full", or floor(percent × original award / 100);
 *              the event names its extent, or the policy's default for its severity applies;
 *   malus    = cancels unvested tranches first, up to the target, spread over them in proportion to
 *              their amounts (largest remainder; equal remainders: the later-vesting tranche);
 *   clawback = claims the rest of the target back from paid tranches still inside the clawback window
 *              (the policy's years after payment — or after the award date if the policy says so), in
 *              proportion to their amounts (equal remainders: the more recently paid tranche);
 *              clawback is the last resort: it only covers what malus could not;
 *   shortfall = what neither could reach (tranches paid outside the window, or a severity that allows
 *              malus only), reported so a committee can decide on other measures.
 * Which of malus and clawback a severity allows is policy.
 *
 * Minimum extent: the policy maps an event's kind and the person's responsibility for it to the least
 * that must be recovered (minimumExtents). The 2021 guidance (关于建立完善银行保险机构绩效薪酬追索扣回机制的
 * 指导意见) names four situations in which the institution 应当 recovers ALL the performance pay of the
 * period from those mainly responsible and part of it from others responsible; the policy's numbers for
 * "part" are the institution's. Then:
 *   extent    = the larger of (the event's extent or the severity's default) and the minimum; a minimum
 *               also allows both malus and clawback whatever the severity says (追索扣回 covers paid pay);
 *   a decision may go above the minimum, never below it (extentAtLeast; the server refuses below).
 * The rules apply equally to people who have
 * left or retired (China 2021 guidance on performance-pay clawback for banks and insurers) unless the
 * policy's appliesToLeavers says otherwise. Every tranche gets an action line with the award id, the
 * tranche id and the event id, so each cancelled or claimed amount traces back to the original award.
 */
import { addYears, compareIsoDates, DateInputError, parseIsoDate } from './dates';
import { assertPolicyRef, type Explanation, type ExplanationStep, type PolicyRef } from './explanation';
import { assertMinorUnits, largestRemainder, percentOfMinor, sumMinor } from './money';

export class ClawbackInputError extends Error {
  override readonly name = 'ClawbackInputError';
}

export type Extent = { kind: 'full' } | { kind: 'percent'; percent: number };

export interface SeverityRule {
  malus: boolean;
  clawback: boolean;
  defaultExtent: Extent;
}

export interface MinimumExtentRule {
  id: string;
  eventKinds: string[];
  responsibilities: string[];
  minimum: Extent;
  reference: string;
}

export interface ClawbackPolicy {
  windowYears: number;
  windowStartsAt: 'payment' | 'award';
  appliesToLeavers: boolean;
  severities: Record<string, SeverityRule>;
  /** Kinds of event; when given, every event names one and the person's responsibility. */
  eventKinds?: Record<string, { mandatory?: boolean; title?: Record<string, string>; reference?: string }>;
  responsibilities?: Record<string, { title?: Record<string, string> }>;
  minimumExtents?: MinimumExtentRule[];
}

export interface MinimumExtent {
  ruleId: string;
  extent: Extent;
  reference: string;
}

/** a ≥ b: everything left is at least any percentage; a percentage reaches "everything" at 100 % of the original award. */
export function extentAtLeast(a: Extent, b: Extent): boolean {
  if (a.kind === 'full') return true;
  if (b.kind === 'full') return a.percent >= 100;
  return a.percent >= b.percent;
}

/** The least the policy requires for an event of `kind` against a person with `responsibility`, or null. */
export function minimumExtentFor(policy: ClawbackPolicy, kind: string | undefined, responsibility: string | undefined): MinimumExtent | null {
  if (kind === undefined || responsibility === undefined) return null;
  let found: MinimumExtent | null = null;
  for (const rule of policy.minimumExtents ?? []) {
    if (!rule.eventKinds.includes(kind) || !rule.responsibilities.includes(responsibility)) continue;
    if (!found || !extentAtLeast(found.extent, rule.minimum)) found = { ruleId: rule.id, extent: rule.minimum, reference: rule.reference };
  }
  return found;
}

/** Problems with an event's kind and responsibility under the policy, by field (empty when none). */
export function eventKindProblems(policy: ClawbackPolicy, kind: unknown, responsibility: unknown): Array<{ field: 'kind' | 'responsibility'; code: string; message: string }> {
  const out: Array<{ field: 'kind' | 'responsibility'; code: string; message: string }> = [];
  const kinds = Object.keys(policy.eventKinds ?? {});
  const roles = Object.keys(policy.responsibilities ?? {});
  if (kinds.length > 0) {
    if (kind === undefined) out.push({ field: 'kind', code: 'required', message: `kind is required: one of ${kinds.join(', ')}` });
    else if (typeof kind !== 'string' || !kinds.includes(kind)) out.push({ field: 'kind', code: 'enum', message: `kind is one of ${kinds.join(', ')}` });
  } else if (kind !== undefined) out.push({ field: 'kind', code: 'unknown', message: 'this clawback policy names no kinds of event' });
  if (roles.length > 0) {
    if (responsibility === undefined) out.push({ field: 'responsibility', code: 'required', message: `responsibility is required: one of ${roles.join(', ')}` });
    else if (typeof responsibility !== 'string' || !roles.includes(responsibility)) out.push({ field: 'responsibility', code: 'enum', message: `responsibility is one of ${roles.join(', ')}` });
  } else if (responsibility !== undefined) out.push({ field: 'responsibility', code: 'unknown', message: 'this clawback policy names no responsibilities' });
  return out;
}

/** How an extent reads in a message: "everything left" or "30 % of the original award". */
export function describeExtent(extent: Extent): string {
  return extent.kind === 'full' ? 'everything left of the award' : `${extent.percent} % of the original award`;
}

export interface AwardTranche {
  trancheId: string;
  /** What is left of the tranche now (after any earlier adjustment). */
  amountMinor: number;
  /** "paid" covers vested and delivered; only unvested tranches can be cancelled. */
  status: 'unvested' | 'paid';
  vestingDate?: string;
  paidOn?: string;
}

export interface AwardRecord {
  awardId: string;
  personId: string;
  awardDate: string;
  currency: string;
  /** The original award, the base of a percentage. */
  amountMinor: number;
  employment: 'active' | 'left' | 'retired';
  tranches: AwardTranche[];
}

export interface AdjustmentEvent {
  eventId: string;
  /** The date of the decision; the clawback window is measured to it. */
  date: string;
  severity: string;
  extent?: Extent;
  /** The event's kind and the person's responsibility for it (policy eventKinds / responsibilities). */
  kind?: string;
  responsibility?: string;
  reason?: string;
}

export interface TrancheAction {
  awardId: string;
  trancheId: string;
  eventId: string;
  status: 'unvested' | 'paid';
  action: 'cancel' | 'claim' | 'none';
  amountBeforeMinor: number;
  actionMinor: number;
  amountAfterMinor: number;
  reason: string;
}

export interface AdjustmentResult extends Explanation<{ award: AwardRecord; event: AdjustmentEvent }> {
  awardId: string;
  personId: string;
  eventId: string;
  severity: string;
  extent: Extent;
  /** The least the policy requires for the event's kind and the person's responsibility, or null. */
  minimum: MinimumExtent | null;
  targetMinor: number;
  cancelledMinor: number;
  claimedMinor: number;
  shortfallMinor: number;
  /** The person has left or retired and the policy exempts leavers: nothing was done. */
  leaverExempt: boolean;
  actions: TrancheAction[];
}

function checkDate(value: unknown, label: string): string {
  try {
    parseIsoDate(value, label);
  } catch (error) {
    if (error instanceof DateInputError) throw new ClawbackInputError(error.message);
    throw error;
  }
  return value as string;
}

function checkExtent(extent: Extent, label: string): void {
  if (extent?.kind === 'full') return;
  if (extent?.kind === 'percent' && Number.isFinite(extent.percent) && extent.percent >= 0 && extent.percent <= 100) return;
  throw new ClawbackInputError(`${label} must be { kind: "full" } or { kind: "percent", percent: 0–100 }, got ${JSON.stringify(extent)}`);
}

function validate(award: AwardRecord, event: AdjustmentEvent, policy: ClawbackPolicy): SeverityRule {
  if (!Number.isInteger(policy.windowYears) || policy.windowYears < 0) throw new ClawbackInputError(`windowYears must be a whole number ≥ 0, got ${policy.windowYears}`);
  if (policy.windowStartsAt !== 'payment' && policy.windowStartsAt !== 'award') throw new ClawbackInputError('windowStartsAt must be "payment" or "award"');
  for (const [name, rule] of Object.entries(policy.severities ?? {})) checkExtent(rule.defaultExtent, `default extent of ${name}`);
  if (!award.awardId || !award.personId) throw new ClawbackInputError('the award needs its id and the person id');
  checkDate(award.awardDate, 'award date');
  assertMinorUnits(award.amountMinor, 'award amount', ClawbackInputError);
  if (!['active', 'left', 'retired'].includes(award.employment)) throw new ClawbackInputError(`employment must be active, left or retired, got ${String(award.employment)}`);
  const ids = new Set<string>();
  for (const tranche of award.tranches ?? []) {
    if (!tranche.trancheId || ids.has(tranche.trancheId)) throw new ClawbackInputError(`tranche ids must be present and unique, got "${tranche.trancheId}"`);
    ids.add(tranche.trancheId);
    assertMinorUnits(tranche.amountMinor, `tranche ${tranche.trancheId} amount`, ClawbackInputError);
    if (tranche.status !== 'unvested' && tranche.status !== 'paid') throw new ClawbackInputError(`tranche ${tranche.trancheId}: status must be unvested or paid`);
    if (tranche.status === 'paid') checkDate(tranche.paidOn, `tranche ${tranche.trancheId} paid-on date`);
    if (tranche.vestingDate !== undefined) checkDate(tranche.vestingDate, `tranche ${tranche.trancheId} vesting date`);
  }
  const remaining = sumMinor((award.tranches ?? []).map((t) => t.amountMinor));
  if (remaining > award.amountMinor) throw new ClawbackInputError(`the tranches hold ${remaining}, more than the award of ${award.amountMinor}`);
  if (!event.eventId) throw new ClawbackInputError('the event needs an id: actions keep it as their lineage');
  checkDate(event.date, 'event date');
  const rule = policy.severities?.[event.severity];
  if (!rule) throw new ClawbackInputError(`severity "${event.severity}" is not in the clawback policy (known: ${Object.keys(policy.severities ?? {}).join(', ')})`);
  if (event.extent !== undefined) checkExtent(event.extent, 'event extent');
  for (const m of policy.minimumExtents ?? []) checkExtent(m.minimum, `minimum extent ${m.id}`);
  const problems = eventKindProblems(policy, event.kind, event.responsibility);
  if (problems.length > 0) throw new ClawbackInputError(problems.map((p) => p.message).join('; '));
  return rule;
}

/** Splits `amount` over the tranches in proportion to their amounts; equal remainders go to the tranche listed first. */
function spread(amount: number, tranches: AwardTranche[]): Map<string, number> {
  const parts = largestRemainder(amount, tranches.map((t) => BigInt(t.amountMinor)));
  return new Map(tranches.map((t, i) => [t.trancheId, parts[i] ?? 0]));
}

export function applyMalusAndClawback(award: AwardRecord, event: AdjustmentEvent, policy: ClawbackPolicy, policyRef: PolicyRef): AdjustmentResult {
  const severityRule = validate(award, event, policy);
  assertPolicyRef(policyRef, ClawbackInputError);

  const minimum = minimumExtentFor(policy, event.kind, event.responsibility);
  const chosen = event.extent ?? severityRule.defaultExtent;
  const extent = minimum && !extentAtLeast(chosen, minimum.extent) ? minimum.extent : chosen;
  // 追索扣回 reaches paid pay as well as unpaid: a minimum allows both, whatever the severity says.
  const rule: SeverityRule = minimum ? { ...severityRule, malus: true, clawback: true } : severityRule;
  const remaining = sumMinor(award.tranches.map((t) => t.amountMinor));
  const targetMinor = extent.kind === 'full' ? remaining : percentOfMinor(award.amountMinor, extent.percent, 'floor');
  const steps: ExplanationStep[] = [{
    step: 'target',
    formula: extent.kind === 'full' ? 'everything left of the award' : 'floor(original award × percent / 100)',
    values: {
      amountMinor: award.amountMinor, remainingMinor: remaining, percent: extent.kind === 'percent' ? extent.percent : null, extentFromPolicy: event.extent === undefined,
      kind: event.kind ?? null, responsibility: event.responsibility ?? null, minimum: minimum ? describeExtent(minimum.extent) : null, raisedToMinimum: extent !== chosen,
    },
    result: targetMinor,
    ...(minimum ? { note: extent !== chosen ? `raised to the minimum: ${minimum.reference}` : `at or above the minimum: ${minimum.reference}` } : {}),
  }];

  const leaverExempt = award.employment !== 'active' && !policy.appliesToLeavers;
  steps.push({
    step: 'leavers',
    formula: 'applies to people who left or retired unless the policy exempts them',
    values: { employment: award.employment, appliesToLeavers: policy.appliesToLeavers },
    result: !leaverExempt,
  });

  const cancel = new Map<string, number>();
  const claim = new Map<string, number>();
  const why = new Map<string, string>();
  const windowEnd = (t: AwardTranche) => addYears(policy.windowStartsAt === 'payment' ? t.paidOn ?? award.awardDate : award.awardDate, policy.windowYears);

  /** Takes up to `dueMinor` from these tranches, in proportion, when the severity's rule allows this kind of action; says why not otherwise. */
  const take = (kind: 'malus' | 'clawback', allowed: boolean, dueMinor: number, from: AwardTranche[], into: Map<string, number>): number => {
    if (!allowed) {
      for (const t of from) why.set(t.trancheId, `${kind} is not allowed for severity ${event.severity}`);
      return 0;
    }
    const taken = Math.min(dueMinor, sumMinor(from.map((t) => t.amountMinor)));
    if (taken > 0) for (const [id, amount] of spread(taken, from)) into.set(id, amount);
    return taken;
  };

  let cancelledMinor = 0;
  let claimedMinor = 0;
  if (!leaverExempt) {
    // Malus first: unvested tranches, later vesting first on equal remainders.
    const unvested = award.tranches
      .filter((t) => t.status === 'unvested')
      .sort((a, b) => compareIsoDates(b.vestingDate ?? award.awardDate, a.vestingDate ?? award.awardDate));
    const unvestedTotal = sumMinor(unvested.map((t) => t.amountMinor));
    cancelledMinor = take('malus', rule.malus, targetMinor, unvested, cancel);
    steps.push({
      step: 'malus',
      formula: 'min(target, unvested) cancelled, in proportion to the unvested tranches',
      values: { targetMinor, unvestedMinor: unvestedTotal, allowed: rule.malus },
      result: cancelledMinor,
    });

    // Then clawback, for what malus could not cover, from paid tranches inside the window; most recent first on ties.
    const paid = award.tranches
      .filter((t) => t.status === 'paid')
      .sort((a, b) => compareIsoDates(b.paidOn ?? award.awardDate, a.paidOn ?? award.awardDate));
    const claimable = paid.filter((t) => compareIsoDates(event.date, windowEnd(t)) <= 0);
    for (const t of paid) {
      if (!claimable.includes(t)) why.set(t.trancheId, `outside the clawback window: it closed on ${windowEnd(t)}`);
    }
    const claimableTotal = sumMinor(claimable.map((t) => t.amountMinor));
    const stillDue = targetMinor - cancelledMinor;
    claimedMinor = take('clawback', rule.clawback, stillDue, claimable, claim);
    steps.push({
      step: 'clawback',
      formula: 'min(target − cancelled, paid inside the window) claimed, in proportion to those tranches',
      values: { stillDueMinor: stillDue, claimableMinor: claimableTotal, windowYears: policy.windowYears, windowStartsAt: policy.windowStartsAt, allowed: rule.clawback },
      result: claimedMinor,
    });
  }

  const actions = award.tranches.map((t): TrancheAction => {
    const cancelled = cancel.get(t.trancheId) ?? 0;
    const claimed = claim.get(t.trancheId) ?? 0;
    const action = cancelled > 0 ? 'cancel' : claimed > 0 ? 'claim' : 'none';
    const amount = cancelled + claimed;
    const reason = leaverExempt
      ? 'the policy exempts people who have left or retired'
      : action === 'cancel' ? `malus for event ${event.eventId}`
      : action === 'claim' ? `clawback for event ${event.eventId}, within the window to ${windowEnd(t)}`
      : why.get(t.trancheId) ?? 'the target was reached without this tranche';
    return {
      awardId: award.awardId,
      trancheId: t.trancheId,
      eventId: event.eventId,
      status: t.status,
      action,
      amountBeforeMinor: t.amountMinor,
      actionMinor: amount,
      amountAfterMinor: t.amountMinor - amount,
      reason,
    };
  });
  const shortfallMinor = targetMinor - cancelledMinor - claimedMinor;
  steps.push({ step: 'shortfall', formula: 'target − cancelled − claimed', values: { targetMinor, cancelledMinor, claimedMinor }, result: shortfallMinor });

  return {
    formula: 'target by extent; malus on unvested tranches first, clawback of the rest from paid tranches inside the window',
    inputs: { award, event },
    steps,
    awardId: award.awardId,
    personId: award.personId,
    eventId: event.eventId,
    severity: event.severity,
    extent,
    minimum,
    targetMinor,
    cancelledMinor,
    claimedMinor,
    shortfallMinor,
    leaverExempt,
    actions,
    policy: policyRef,
  };
}
