import type { FormVersion } from '../../db/models/form-version';
import type { ReviewCase } from '../../db/models/review-case';
import { pinnedScoringPolicy } from '../../db/pinned-scoring-policy';
import { expandScoringDimensions, hasScoringDimensions } from '../../domain/scoring-form';
import { HttpError } from '../http-errors';

/**
 * A task's form with its rating fields drawn from the case's pinned scoring policy (see
 * domain/scoring-form.ts), for showing and validating alike. A form without the placeholder comes
 * back as it is; a stored version is never changed (versions are cached and shared).
 */
export async function withScoringDimensions<F extends FormVersion | null>(form: F, reviewCase: Pick<ReviewCase, 'policyVersions'>): Promise<F> {
  if (!form || !hasScoringDimensions(form.schema)) return form;
  const policy = await pinnedScoringPolicy(reviewCase);
  if (!policy) throw new HttpError(409, 'this form rates the scoring policy\'s dimensions, and no scoring policy is deployed');
  return { ...form, schema: expandScoringDimensions(form.schema, policy.body) };
}
