import { remainingOfAward } from '../../platform/clawback/award-tranches';
import { CLAWBACK_PROCESS_KEY } from '../../platform/clawback/adjustment-case';
import { AwardModel } from '../../db/models/award';
import { AwardAdjustmentModel } from '../../db/models/award-adjustment';
import { ClawbackClaimModel } from '../../db/models/clawback-claim';
import { employmentOf, PersonModel } from '../../db/models/person';
import { ReviewCaseModel } from '../../db/models/review-case';
import { mayReadAdjustmentCases } from '../access/adjustment-access';
import type { CurrentUser } from '../current-user';

const CASE_ID = new RegExp(`^[A-Za-z0-9][A-Za-z0-9_-]{0,39}:[A-Za-z0-9][A-Za-z0-9_.:-]{0,250}:${CLAWBACK_PROCESS_KEY}$`);

/** The case as HR, the committee, the officers and auditors read it: event, proposal, decision, outcome, and the award it changed. */
async function adjustmentView(caseId: string) {
  const [adjustment, reviewCase] = await Promise.all([AwardAdjustmentModel.findById(caseId).lean(), ReviewCaseModel.findById(caseId).lean()]);
  if (!adjustment || !reviewCase) return null;
  const [award, person, claims] = await Promise.all([
    AwardModel.findById(adjustment.awardId).lean(),
    PersonModel.findById(adjustment.personId, { name: 1, unitId: 1, title: 1, active: 1, employment: 1 }).lean(),
    Promise.all((adjustment.outcome?.claimIds ?? []).map((id) => ClawbackClaimModel.findById(id).lean())),
  ]);
  return {
    caseId,
    status: adjustment.status,
    case: { processKey: reviewCase.processKey, status: reviewCase.status, launchedBy: reviewCase.launchedBy, launchedAt: reviewCase.launchedAt, policyVersions: reviewCase.policyVersions },
    person: person ? { id: person._id, name: person.name, unitId: person.unitId, title: person.title, employment: employmentOf(person) } : { id: adjustment.personId },
    event: adjustment.event,
    filedBy: adjustment.filedBy,
    filedAt: adjustment.filedAt,
    award: award ? {
      id: award._id, cycle: award.cycle, caseId: award.caseId, currency: award.currency, originalAmountMinor: award.amountMinor, status: award.status,
      remainingMinor: remainingOfAward(award), tranches: award.tranches, lineage: award.lineage, atFiling: adjustment.awardAtFiling,
    } : { id: adjustment.awardId, atFiling: adjustment.awardAtFiling },
    proposal: adjustment.proposal ?? null,
    decision: adjustment.decision ?? null,
    outcome: adjustment.outcome ?? null,
    claims: claims.filter((c) => c !== null),
    notified: adjustment.notified ?? null,
  };
}

/** The case if this user may read adjustment cases; everyone else gets what an unknown case gets (null). */
export async function readableAdjustmentCase(user: CurrentUser, caseId: string) {
  return mayReadAdjustmentCases(user) && CASE_ID.test(caseId) ? adjustmentView(caseId) : null;
}
