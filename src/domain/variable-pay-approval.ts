/**
 * Shareholder approval of a higher ratio of variable to fixed pay (policies/variable-pay-approvals.json)
 * and the notice a bonus round shows when an award was cut at a cap.
 *
 * CRD V Art. 94(1)(g): variable pay is at most 100 % of fixed pay; the shareholders may approve a
 * higher ratio, up to 200 %, for stated staff. An approval is data, versioned like every policy and
 * pinned by the round's case: its id (the resolution), who approved it and when, the packs it is
 * given under, the scope (the whole institution, one org unit, or one person; optionally only some
 * role categories), the dates it is valid for, and the approved percentage of fixed pay.
 *
 *   approval for a person = the most specific approval in force on the award date for the pack and the
 *                           person's role: person before unit before institution, where a unit's approval
 *                           covers its sub-units (a business line) and the nearest unit wins; at the same
 *                           level the latest approvedOn (then the larger percentage);
 *   cap with an approval  = floor(fixed × min(approved %, the pack's maximum with approval) / 100)
 *                           (deferral.ts variablePayCap).
 *
 * A cap notice: an award cut at a cap shows the amount before and after the cap, and why:
 *   needs-shareholder-approval  cut at the pack's cap without approval, where the pack allows more with one;
 *   approved-maximum            cut at the shareholder-approved ratio;
 *   regulatory-maximum          cut at the pack's cap, which no approval can lift (CN: 3 × basic pay);
 *   policy-cap                  cut at the institution's own ratio in the bonus policy.
 */
import { compareIsoDates, isCalendarDate } from './dates';
import type { VariableCapResult } from './deferral';

export type ApprovalScope = { kind: 'institution' } | { kind: 'unit'; unitId: string } | { kind: 'person'; personId: string };

export interface VariablePayApproval {
  /** The resolution's reference, e.g. "AGM-2026-R7". */
  id: string;
  scope: ApprovalScope;
  /** Institution role categories it covers; absent: all. */
  roleCategories?: string[];
  /** The deferral packs it is given under (an approval under CRD V means nothing to a CN pack). */
  packs: string[];
  /** The approved maximum of variable pay, in percent of fixed pay. */
  maxPercentOfFixed: number;
  /** Who approved: the body and the resolution, e.g. "Annual general meeting 2026, resolution 7 (84 % of votes)". */
  approvedBy: string;
  approvedOn: string;
  validFrom: string;
  /** Inclusive; absent: until revoked by a later version. */
  validTo?: string;
}

export interface VariablePayApprovals {
  approvals: VariablePayApproval[];
}

export interface ApprovalProblem {
  field: string;
  code: string;
  message: string;
}

/** Every problem with an approvals document; empty when it may be used. */
export function approvalProblems(body: VariablePayApprovals): ApprovalProblem[] {
  const out: ApprovalProblem[] = [];
  if (!Array.isArray(body?.approvals)) return [{ field: 'approvals', code: 'type', message: 'approvals is a list' }];
  const ids = new Set<string>();
  body.approvals.forEach((a, i) => {
    const at = `approvals[${i}]`;
    if (typeof a?.id !== 'string' || a.id.trim() === '') out.push({ field: `${at}.id`, code: 'required', message: 'an approval needs the resolution\'s reference' });
    else if (ids.has(a.id)) out.push({ field: `${at}.id`, code: 'duplicate', message: `approval ${a.id} is listed twice` });
    else ids.add(a.id);
    const scope = a?.scope as Partial<{ kind: string; unitId: unknown; personId: unknown }> | undefined;
    if (!scope || !['institution', 'unit', 'person'].includes(scope.kind ?? '')) out.push({ field: `${at}.scope.kind`, code: 'enum', message: 'scope is the institution, a unit or a person' });
    else if (scope.kind === 'unit' && (typeof scope.unitId !== 'string' || scope.unitId === '')) out.push({ field: `${at}.scope.unitId`, code: 'required', message: 'name the org unit' });
    else if (scope.kind === 'person' && (typeof scope.personId !== 'string' || scope.personId === '')) out.push({ field: `${at}.scope.personId`, code: 'required', message: 'name the person' });
    if (a?.roleCategories !== undefined && (!Array.isArray(a.roleCategories) || a.roleCategories.length === 0 || a.roleCategories.some((r) => typeof r !== 'string' || r === ''))) {
      out.push({ field: `${at}.roleCategories`, code: 'type', message: 'role categories: a non-empty list, or leave it out for all' });
    }
    if (!Array.isArray(a?.packs) || a.packs.length === 0 || a.packs.some((p) => typeof p !== 'string' || !p.startsWith('deferral-'))) out.push({ field: `${at}.packs`, code: 'required', message: 'name the deferral packs the approval is given under' });
    if (typeof a?.maxPercentOfFixed !== 'number' || !Number.isFinite(a.maxPercentOfFixed) || a.maxPercentOfFixed <= 100 || a.maxPercentOfFixed > 1000) {
      out.push({ field: `${at}.maxPercentOfFixed`, code: 'range', message: 'the approved maximum is a percentage of fixed pay above 100' });
    }
    if (typeof a?.approvedBy !== 'string' || a.approvedBy.trim() === '') out.push({ field: `${at}.approvedBy`, code: 'required', message: 'say who approved it: the body and the resolution' });
    for (const field of ['approvedOn', 'validFrom'] as const) if (!isCalendarDate(a?.[field])) out.push({ field: `${at}.${field}`, code: 'date', message: `${field} is a date YYYY-MM-DD` });
    if (a?.validTo !== undefined && !isCalendarDate(a.validTo)) out.push({ field: `${at}.validTo`, code: 'date', message: 'validTo is a date YYYY-MM-DD, or leave it out' });
    else if (a?.validTo !== undefined && isCalendarDate(a.validFrom) && compareIsoDates(a.validTo, a.validFrom) < 0) out.push({ field: `${at}.validTo`, code: 'order', message: 'validTo is before validFrom' });
  });
  return out;
}

export interface ApprovalSubject {
  personId: string;
  unitId: string;
  /** The unit's parents, nearest first (a unit approval covers its sub-units); absent: the unit alone. */
  parentUnitIds?: string[];
  roleCategory: string;
  pack: string;
  /** YYYY-MM-DD: the award date. */
  onDate: string;
}

/** The parents of a unit, nearest first, from the org chart's units (a cycle in bad data stops at the first unit seen twice). */
export function unitParents(unitId: string, units: Array<{ _id: string; parentId?: string | null }>): string[] {
  const parentOf = new Map(units.map((u) => [u._id, u.parentId ?? null]));
  const parents: string[] = [];
  for (let next = parentOf.get(unitId) ?? null; next !== null && next !== unitId && !parents.includes(next); next = parentOf.get(next) ?? null) parents.push(next);
  return parents;
}

/** How near the approval's scope is to the subject (higher is nearer), or -1 when it does not apply. */
function nearness(a: VariablePayApproval, s: ApprovalSubject): number {
  if (!a.packs.includes(s.pack)) return -1;
  if (a.roleCategories && !a.roleCategories.includes(s.roleCategory)) return -1;
  if (compareIsoDates(s.onDate, a.validFrom) < 0 || (a.validTo !== undefined && compareIsoDates(s.onDate, a.validTo) > 0)) return -1;
  if (a.scope.kind === 'person') return a.scope.personId === s.personId ? 1000 : -1;
  if (a.scope.kind === 'unit') {
    const path = [s.unitId, ...(s.parentUnitIds ?? [])];
    const at = path.indexOf(a.scope.unitId);
    return at < 0 ? -1 : 999 - at;
  }
  return 0;
}

/** The approval that holds for one person's award, or null. */
export function approvalFor(body: VariablePayApprovals | null | undefined, subject: ApprovalSubject): VariablePayApproval | null {
  const candidates = (body?.approvals ?? []).map((a) => ({ a, near: nearness(a, subject) })).filter((c) => c.near >= 0);
  candidates.sort((x, y) => y.near - x.near || compareIsoDates(y.a.approvedOn, x.a.approvedOn) || y.a.maxPercentOfFixed - x.a.maxPercentOfFixed);
  return candidates[0]?.a ?? null;
}

export type CapReason = 'needs-shareholder-approval' | 'approved-maximum' | 'regulatory-maximum' | 'policy-cap';

export interface CapNotice {
  reason: CapReason;
  /** The amount the person would have had without the cap (after compliance). */
  beforeCapMinor: number;
  afterCapMinor: number;
  capMinor: number;
  /** The percent of fixed pay the cap stood at when it came from the pack, and what an approval could lift it to. */
  percentOfFixed: number | null;
  maxWithApprovalPercent: number | null;
}

/**
 * Why an award was cut at its cap, or null when it was not cut. `capSource` and the amounts come from
 * the allocation (bonus.ts): 'absolute' is the pack's variable cap passed as the person's cap, 'ratio'
 * the bonus policy's own ratio.
 */
export function capNotice(allocation: { capMinor: number | null; capSource: 'absolute' | 'ratio' | null; capExcessMinor: number; awardMinor: number; redistributedMinor?: number }, variableCap: VariableCapResult): CapNotice | null {
  if (allocation.capExcessMinor <= 0 || allocation.capMinor === null) return null;
  const afterCapMinor = allocation.awardMinor - (allocation.redistributedMinor ?? 0);
  const base = { beforeCapMinor: afterCapMinor + allocation.capExcessMinor, afterCapMinor, capMinor: allocation.capMinor };
  if (allocation.capSource !== 'absolute' || variableCap.capMinor === null) return { reason: 'policy-cap', ...base, percentOfFixed: null, maxWithApprovalPercent: null };
  const ceiling = variableCap.maxWithApprovalPercent ?? null;
  const percent = variableCap.percentOfFixed;
  let reason: CapReason;
  if (variableCap.approval) reason = 'approved-maximum';
  else if (ceiling !== null && percent !== null && ceiling > percent) reason = 'needs-shareholder-approval';
  else reason = 'regulatory-maximum';
  return { reason, ...base, percentOfFixed: percent, maxWithApprovalPercent: ceiling };
}
