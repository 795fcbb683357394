import type { BonusRound } from '../../../db/models/bonus-round';
import type { ReviewCase } from '../../../db/models/review-case';
import type { DeferralPack } from '../../../domain/deferral';
import type { PoliciesPort } from '../ports';
import type { BonusPolicies } from './person-award';
import { pinnedPolicy } from './pinned-policy';

/** The policies a round computes awards with, at the versions its case pinned (the pack: the one the launch chose). */
export async function roundPolicies(policies: Pick<PoliciesPort, 'version'>, reviewCase: Pick<ReviewCase, '_id' | 'policyVersions'>, round: Pick<BonusRound, 'deferralPack'>): Promise<BonusPolicies> {
  const [bonus, compliance, scoring, pack] = await Promise.all([
    pinnedPolicy<BonusPolicies['bonus']['body']>(policies, reviewCase, 'bonus'),
    pinnedPolicy<BonusPolicies['compliance']['body']>(policies, reviewCase, 'compliance'),
    pinnedPolicy<BonusPolicies['scoring']['body']>(policies, reviewCase, 'scoring'),
    pinnedPolicy<DeferralPack>(policies, { _id: reviewCase._id, policyVersions: { [round.deferralPack.key]: round.deferralPack.version } }, round.deferralPack.key),
  ]);
  return { bonus, compliance, scoring, pack };
}
