import { policyVersion } from './immutable-versions';
import { policyInForce } from './policies-in-force';
import type { ReviewCase } from './models/review-case';
import type { ScoringPolicy } from '../domain/scoring';

export interface ScoringPolicyVersion {
  version: number;
  body: ScoringPolicy;
}

/**
 * The scoring policy a case scores with: the version it pinned at its start (README: cases pin
 * policies), so a dimension added later shows in no review already running. A case that pinned no
 * scoring version (a flow started before the policy existed) reads the version in force; null when
 * there is none at all.
 */
export async function pinnedScoringPolicy(reviewCase: Pick<ReviewCase, 'policyVersions'>): Promise<ScoringPolicyVersion | null> {
  const pinned = reviewCase.policyVersions?.scoring;
  const found = pinned === undefined ? await policyInForce('scoring') : await policyVersion('scoring', pinned);
  return found ? { version: found.version, body: found.body as unknown as ScoringPolicy } : null;
}
