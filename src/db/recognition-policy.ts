import { policyVersion } from './immutable-versions';
import { policyInForce } from './policies-in-force';
import type { ReviewCase } from './models/review-case';
import type { RecognitionPolicy } from '../domain/feedback';

/**
 * The recognition policy a case pinned (or, for a case started before that policy existed, the
 * version in force), or the version in force when no case is given. Null when none is deployed.
 */
export async function recognitionPolicyOf(reviewCase?: Pick<ReviewCase, 'policyVersions'>): Promise<{ version: number; body: RecognitionPolicy } | null> {
  const pinned = reviewCase?.policyVersions?.recognition;
  const policy = pinned === undefined ? await policyInForce('recognition') : await policyVersion('recognition', pinned);
  return policy ? { version: policy.version, body: policy.body as unknown as RecognitionPolicy } : null;
}
