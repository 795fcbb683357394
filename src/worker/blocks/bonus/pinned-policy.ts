import type { ReviewCase } from '../../../db/models/review-case';
import type { PolicyRef } from '../../../domain/explanation';
import type { PoliciesPort } from '../ports';

/** A policy's body at the version the case pinned; a missing pin or version is a technical failure (an incident). */
export async function pinnedPolicy<T>(policies: Pick<PoliciesPort, 'version'>, reviewCase: Pick<ReviewCase, '_id' | 'policyVersions'>, key: string): Promise<{ body: T; ref: PolicyRef }> {
  const version = reviewCase.policyVersions[key];
  if (version === undefined) throw new Error(`case ${reviewCase._id} pinned no version of policy ${key}`);
  const policy = await policies.version(key, version);
  if (!policy) throw new Error(`policy ${key} version ${version} is not in the store`);
  return { body: policy.body as unknown as T, ref: { key, version } };
}
