import type { Compensation } from '../../../db/models/compensation';
import type { AwardLineageEntry, AwardTrancheRecord } from '../../../db/models/award';
import type { BonusPerson, BonusPolicy } from '../../../domain/bonus';
import { applyCompliance, type ComplianceEvent, type CompliancePolicy, type ComplianceResult } from '../../../domain/compliance';
import { deferralSchedule, variablePayCap, type DeferralPack, type DeferralSchedule, type VariableCapResult } from '../../../domain/deferral';
import type { PolicyRef } from '../../../domain/explanation';
import type { ScoringPolicy } from '../../../domain/scoring';
import { approvalFor, type VariablePayApprovals } from '../../../domain/variable-pay-approval';

/**
 * The steps one person's award takes in a round and in a later re-run, kept in one place so both
 * compute alike: compliance on the rating, the pack's role and variable cap, the deferral schedule.
 */
export interface BonusPolicies {
  bonus: { body: BonusPolicy & { deferralRoles?: Record<string, Record<string, string>> }; ref: PolicyRef };
  compliance: { body: CompliancePolicy; ref: PolicyRef };
  scoring: { body: ScoringPolicy; ref: PolicyRef };
  pack: { body: DeferralPack; ref: PolicyRef };
  /** Shareholder approvals of a higher variable-pay ratio, pinned by the case; null when it pinned none. */
  approvals?: { body: VariablePayApprovals; ref: PolicyRef } | null;
}

/** Where and when an award is made: the shareholder approval that holds depends on them. */
export interface AwardPlace {
  unitId: string;
  /** The unit's parents, nearest first (an approval given to a business line covers its units). */
  parentUnitIds: string[];
  awardDate: string;
}

/** The pack's name for an institution role category (policies/bonus.json deferralRoles); the same name when unmapped. */
export function packRoleOf(roleCategory: string, policies: BonusPolicies): string {
  return policies.bonus.body.deferralRoles?.[policies.pack.ref.key]?.[roleCategory] ?? roleCategory;
}

export interface PersonInputs {
  person: BonusPerson;
  compliance: ComplianceResult;
  variableCap: VariableCapResult;
  packRole: string;
}

/**
 * Compliance caps the rating (the downgrade cap) and sets the bonus multiplier; the pack caps variable
 * pay, at the ratio the shareholders approved for the person where an approval holds (CRD V: up to 200 %).
 */
export function personInputs(personId: string, rating: string, events: ComplianceEvent[], compensation: Compensation, policies: BonusPolicies, place?: AwardPlace): PersonInputs {
  const ratings = policies.scoring.body.ratingBands.map((b) => b.rating);
  const compliance = applyCompliance(rating, events, ratings, policies.compliance.body, policies.compliance.ref);
  const packRole = packRoleOf(compensation.roleCategory, policies);
  const approval = place ? approvalFor(policies.approvals?.body, {
    personId, unitId: place.unitId, parentUnitIds: place.parentUnitIds, roleCategory: compensation.roleCategory, pack: policies.pack.ref.key, onDate: place.awardDate,
  }) : null;
  const variableCap = variablePayCap({
    fixedPayMinor: compensation.fixedPayMinor, roleCategory: packRole,
    approval: approval ? { id: approval.id, maxPercentOfFixed: approval.maxPercentOfFixed, approvedBy: approval.approvedBy, approvedOn: approval.approvedOn } : null,
  }, policies.pack.body, policies.pack.ref);
  return {
    person: {
      id: personId,
      rating: compliance.rating,
      fixedPayMinor: compensation.fixedPayMinor,
      payGrade: compensation.payGrade,
      roleCategory: compensation.roleCategory,
      complianceMultiplier: compliance.bonusMultiplier,
      ...(variableCap.capMinor !== null ? { capMinor: variableCap.capMinor } : {}),
    },
    compliance,
    variableCap,
    packRole,
  };
}

/**
 * The pack's schedule for an award. Total remuneration (fixed + this award) is given only in the pack's
 * currency, where a de-minimis exemption can be assessed; across currencies the pack refuses bands and
 * exemptions it cannot compare (an incident naming the currencies).
 */
export function scheduleFor(awardId: string, amountMinor: number, currency: string, packRole: string, fixedPayMinor: number, awardDate: string, policies: BonusPolicies): DeferralSchedule {
  return deferralSchedule({
    awardId, amountMinor, currency, roleCategory: packRole, awardDate,
    ...(currency === policies.pack.body.currency ? { totalRemunerationMinor: fixedPayMinor + amountMinor } : {}),
  }, policies.pack.body, policies.pack.ref);
}

export function trancheRecords(schedule: DeferralSchedule): AwardTrancheRecord[] {
  return [schedule.upfront, ...schedule.tranches].map((t) => ({ trancheId: t.trancheId, index: t.index, vestingDate: t.vestingDate, amountMinor: t.amountMinor, status: 'scheduled' }));
}

/** Lineage with `entry` in place of an earlier entry of the same kind and ref (a redelivery), else appended. */
export function withLineage(lineage: AwardLineageEntry[], entry: AwardLineageEntry): AwardLineageEntry[] {
  const others = lineage.filter((e) => !(e.kind === entry.kind && e.ref === entry.ref));
  return [...others, entry];
}
