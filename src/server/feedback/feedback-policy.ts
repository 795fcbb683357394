import { recognitionPolicyOf } from '../../db/recognition-policy';
import type { CompanyValue, RecognitionPolicy } from '../../domain/feedback';
import { HttpError } from '../http-errors';
import type { Locale } from '../i18n';

/** The recognition policy in force; 503 when none is deployed (nothing can be given without its limits). */
export async function recognitionPolicyInForce(): Promise<{ version: number; body: RecognitionPolicy }> {
  const policy = await recognitionPolicyOf();
  if (!policy) throw new HttpError(503, 'the recognition policy is not deployed');
  return policy;
}

/** A value's title in the reader's language; a key the policy no longer lists is shown as written. */
export function valueTitle(values: readonly CompanyValue[], key: string, locale: Locale): string {
  return values.find((v) => v.key === key)?.title[locale] ?? key;
}
