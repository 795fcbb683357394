import type { PolicyVersion } from '../db/models/policy-version';
import { policyInForce } from '../db/policies-in-force';
import { HttpError } from '../platform/http-errors';

/**
 * The policy in force for a request that is not part of a case (an import): its latest deployed
 * version in force (domain/policy-in-force.ts). The version number travels into the audit entry, so the rules applied can be found.
 */
export async function latestPolicy<Body>(key: string): Promise<PolicyVersion<Body>> {
  const policy = await policyInForce(key);
  if (!policy) throw new HttpError(503, `the ${key} policy is not deployed`);
  return policy as unknown as PolicyVersion<Body>;
}
