import type { BonusRound } from '../../db/models/bonus-round';
import type { ReviewCase } from '../../db/models/review-case';
import type { DeferralPack } from '../../domain/deferral';
import type { BonusPolicies } from './person-award';
import { pinnedPolicy } from './pinned-policy';

/** The policies a round computes awards with, at the versions its case pinned (the pack: the one the launch chose). */
export async function roundPolicies(reviewCase: Pick<ReviewCase, '_id' | 'policyVersions'>, round: Pick<BonusRound, 'deferralPack'>): Promise<BonusPolicies> {
  const [bonus, compliance, scoring, pack] = await Promise.all([
    pinnedPolicy<BonusPolicies['bonus']['body']>(reviewCase, 'bonus'),
    pinnedPolicy<BonusPolicies['compliance']['body']>(reviewCase, 'compliance'),
    pinnedPolicy<BonusPolicies['scoring']['body']>(reviewCase, 'scoring'),
    pinnedPolicy<DeferralPack>({ _id: reviewCase._id, policyVersions: { [round.deferralPack.key]: round.deferralPack.version } }, round.deferralPack.key),
  ]);
  return { bonus, compliance, scoring, pack };
}
