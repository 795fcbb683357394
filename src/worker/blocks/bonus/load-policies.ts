import type { BonusRound } from '../../../db/models/bonus-round';
import type { ReviewCase } from '../../../db/models/review-case';
import type { DeferralPack } from '../../../domain/deferral';
import type { VariablePayApprovals } from '../../../domain/variable-pay-approval';
import type { PoliciesPort } from '../ports';
import type { BonusPolicies } from './person-award';
import { pinnedPolicy } from './pinned-policy';

const APPROVALS = 'variable-pay-approvals';

/** The policies a round computes awards with, at the versions its case pinned (the pack: the one the launch chose). */
export async function roundPolicies(policies: Pick<PoliciesPort, 'version'>, reviewCase: Pick<ReviewCase, '_id' | 'policyVersions'>, round: Pick<BonusRound, 'deferralPack'>): Promise<BonusPolicies> {
  const [bonus, compliance, scoring, pack] = await Promise.all([
    pinnedPolicy<BonusPolicies['bonus']['body']>(policies, reviewCase, 'bonus'),
    pinnedPolicy<BonusPolicies['compliance']['body']>(policies, reviewCase, 'compliance'),
    pinnedPolicy<BonusPolicies['scoring']['body']>(policies, reviewCase, 'scoring'),
    pinnedPolicy<DeferralPack>(policies, { _id: reviewCase._id, policyVersions: { [round.deferralPack.key]: round.deferralPack.version } }, round.deferralPack.key),
  ]);
  // Shareholder approvals of higher variable-pay ratios, as the case pinned them (a case launched before they were kept has none).
  const approvals = reviewCase.policyVersions[APPROVALS] === undefined ? null : await pinnedPolicy<VariablePayApprovals>(policies, reviewCase, APPROVALS);
  return { bonus, compliance, scoring, pack, approvals };
}
