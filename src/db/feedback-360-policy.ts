import { policyVersion } from './immutable-versions';
import { policyInForce } from './policies-in-force';
import type { ReviewCase } from './models/review-case';

/**
 * The minimum number of raters before a manager sees any 360 feedback, from the `feedback-360`
 * policy the case pinned (or, for a case started before that policy existed, the version in force).
 * Null when no such policy is deployed: then nothing is shown.
 */
export async function minimumRatersOf(reviewCase: Pick<ReviewCase, 'policyVersions'>): Promise<number | null> {
  const pinned = reviewCase.policyVersions?.['feedback-360'];
  const policy = pinned === undefined ? await policyInForce('feedback-360') : await policyVersion('feedback-360', pinned);
  const minimum = (policy?.body as { minimumRaters?: unknown } | undefined)?.minimumRaters;
  return typeof minimum === 'number' && Number.isInteger(minimum) && minimum >= 2 ? minimum : null;
}
