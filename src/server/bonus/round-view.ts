import { personNames } from '../../db/person-cards';
import type { BonusRound } from '../../db/models/bonus-round';
import type { ReviewCase } from '../../db/models/review-case';

/** What an approver, HR or an auditor reads of a round: pool with its explanation, the allocation table, the chain and decisions. */
export async function bonusRoundView(round: BonusRound, reviewCase: Pick<ReviewCase, '_id' | 'status'> | null) {
  const ids = round.allocation?.people.map((p) => p.personId) ?? [];
  const names = await personNames(ids);
  return {
    id: round._id,
    cycle: round.cycle,
    unitId: round.unitId,
    caseId: round.caseId,
    caseStatus: reviewCase?.status ?? null,
    status: round.status,
    currency: round.currency,
    awardDate: round.awardDate,
    deferralPack: round.deferralPack,
    policyVersions: round.policyVersions,
    pool: round.pool,
    allocationRun: round.allocationRun,
    allocation: round.allocation ? { ...round.allocation, people: round.allocation.people.map((p) => ({ ...p, name: names.get(p.personId) ?? null })) } : null,
    overrides: round.overrides,
    chain: round.chain ?? null,
    approvals: round.approvals,
  };
}
