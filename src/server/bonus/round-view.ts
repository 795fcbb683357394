import { PersonModel, type Person } from '../../db/models/person';
import type { BonusRound } from '../../db/models/bonus-round';
import type { ReviewCase } from '../../db/models/review-case';

/** What an approver, HR or an auditor reads of a round: pool with its explanation, the allocation table, the chain and decisions. */
export async function bonusRoundView(round: BonusRound, reviewCase: Pick<ReviewCase, '_id' | 'status'> | null) {
  const ids = round.allocation?.people.map((p) => p.personId) ?? [];
  // One read by id per person: FerretDB answers equality from the index, where $in would scan.
  const names = new Map<string, Person['name']>((await Promise.all(ids.map((id) => PersonModel.findById(id, { name: 1 }).lean())))
    .filter((p): p is NonNullable<typeof p> => p !== null).map((p) => [p._id, p.name]));
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
