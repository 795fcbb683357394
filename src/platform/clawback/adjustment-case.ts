import { policyVersion } from '../../db/immutable-versions';
import { AwardModel, type Award } from '../../db/models/award';
import { AwardAdjustmentModel, type AwardAdjustment } from '../../db/models/award-adjustment';
import { PersonModel, type Person } from '../../db/models/person';
import { ReviewCaseModel, caseIdFor, type ReviewCase } from '../../db/models/review-case';
import type { ClawbackPolicy } from '../../domain/clawback';
import type { PolicyRef } from '../../domain/explanation';

export const CLAWBACK_PROCESS_KEY = 'malus-clawback';

/**
 * The case id of one event against one award: `<award cycle>:<person>:<event>:malus-clawback`.
 * Unique per award and event, so filing the same event again finds the same case, and one event
 * against awards of two cycles makes two cases.
 */
export function adjustmentCaseKey(personId: string, eventId: string): string {
  return `${personId}:${eventId}`;
}

export function adjustmentCaseId(cycle: string, personId: string, eventId: string): string {
  return caseIdFor(CLAWBACK_PROCESS_KEY, cycle, adjustmentCaseKey(personId, eventId));
}

export interface AdjustmentContext {
  adjustment: AwardAdjustment;
  reviewCase: ReviewCase;
  award: Award;
  person: Person;
}

export async function loadAdjustmentCase(caseId: string): Promise<AdjustmentContext> {
  const [adjustment, reviewCase] = await Promise.all([AwardAdjustmentModel.findById(caseId).lean(), ReviewCaseModel.findById(caseId).lean()]);
  if (!adjustment || !reviewCase) throw new Error(`adjustment case ${caseId} not found`);
  const [award, person] = await Promise.all([AwardModel.findById(adjustment.awardId).lean(), PersonModel.findById(adjustment.personId).lean()]);
  if (!award) throw new Error(`award ${adjustment.awardId} not found`);
  if (!person) throw new Error(`person ${adjustment.personId} not found`);
  return { adjustment, reviewCase, award, person };
}

export interface ClawbackPolicyInForce {
  policy: ClawbackPolicy & { claimDueDays?: number };
  ref: PolicyRef;
  /** The award's own pinned version (the terms it was granted under) or, for an award without one, the case's. */
  pinnedBy: 'award' | 'case';
}

export async function clawbackPolicyFor(award: Award, reviewCase: ReviewCase): Promise<ClawbackPolicyInForce> {
  const fromAward = award.policyVersions?.clawback;
  const version = fromAward ?? reviewCase.policyVersions.clawback;
  const policy = version === undefined ? null : await policyVersion('clawback', version);
  if (!policy) throw new Error(`clawback policy version ${version} not found`);
  return { policy: policy.body as unknown as ClawbackPolicyInForce['policy'], ref: { key: 'clawback', version: policy.version }, pinnedBy: fromAward !== undefined ? 'award' : 'case' };
}

/** Today as YYYY-MM-DD (UTC), the date a decision is measured at. */
export function isoDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return isoDay(date);
}
