import { PolicyVersionModel, type PolicyVersion } from '../db/models/policy-version';
import { HttpError } from '../server/http-errors';

/**
 * The policy in force for a request that is not part of a case (an import): its latest deployed
 * version. The version number travels into the audit entry, so the rules applied can be found.
 */
export async function latestPolicy<Body>(key: string): Promise<PolicyVersion<Body>> {
  const policy = await PolicyVersionModel.findOne({ key }).sort({ version: -1 }).lean();
  if (!policy) throw new HttpError(503, `the ${key} policy is not deployed`);
  return policy as unknown as PolicyVersion<Body>;
}
