import { PersonModel, type Person } from '../../db/models/person';
import type { OidcMatch } from './oidc-settings';

/** What the identity provider said about who signed in: ID token claims, with userinfo's where the token lacks one. */
export type IdentityClaims = Record<string, unknown> & { sub: string };

export type PersonKey = { field: 'username' | 'email' | '_id'; value: string };
export type Refusal = 'claim-missing' | 'email-not-verified' | 'no-matching-person' | 'ambiguous' | 'inactive';

/**
 * Which person the claims name: the configured claim's text compared with the matching field.
 * An email the provider itself marks unverified names nobody (a provider that does not say is
 * trusted: many corporate ones never send email_verified).
 */
export function personKeyFor(match: OidcMatch, claim: string, claims: IdentityClaims): PersonKey | { refused: Refusal } {
  const value = claims[claim];
  if (typeof value !== 'string' || value.trim() === '' || value.length > 320) return { refused: 'claim-missing' };
  if (match === 'email') {
    if (claims.email_verified === false) return { refused: 'email-not-verified' };
    return { field: 'email', value: value.trim().toLowerCase() };
  }
  return { field: match === 'username' ? 'username' : '_id', value: value.trim() };
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

type Found = Pick<Person, '_id' | 'username' | 'name' | 'roles' | 'locale' | 'active'>;

/** The one person with that key, or why there is none. Accounts are never created here. */
export async function findPersonFor(key: PersonKey): Promise<{ person: Found } | { refused: Refusal }> {
  const fields = { username: 1, name: 1, roles: 1, locale: 1, active: 1 };
  let found: Found[];
  if (key.field === 'email') {
    // Mailbox names are compared without case; a rare read (one per single sign-on), so a scan is fine.
    found = await PersonModel.find({ email: { $regex: `^${escapeRegex(key.value)}$`, $options: 'i' } }, fields).limit(2).lean();
  } else {
    found = await PersonModel.find({ [key.field]: key.value }, fields).limit(2).lean();
  }
  if (found.length === 0) return { refused: 'no-matching-person' };
  if (found.length > 1) return { refused: 'ambiguous' };
  if (!found[0]!.active) return { refused: 'inactive' };
  return { person: found[0]! };
}
