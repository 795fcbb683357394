/**
 * Single sign-on by OpenID Connect, from the environment. Off unless OIDC_ISSUER is set; then the
 * client id and the redirect URL must be set too (the secret is left out for a public client,
 * which PKCE protects).
 */
export type OidcMatch = 'username' | 'email' | 'subject';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  /** Sent with HTTP basic authentication (client_secret_basic); none: a public client. */
  clientSecret?: string;
  /** Must end in /login/oidc/callback, the route that receives the code. */
  redirectUrl: string;
  /** Which of a person's fields the IdP's claim names: username, email, or the person id (subject). */
  match: OidcMatch;
  /** The claim read for the match: preferred_username, email or sub unless OIDC_CLAIM says otherwise. */
  claim: string;
  scope: string;
}

export const OIDC_CALLBACK_PATH = '/login/oidc/callback';
const DEFAULT_CLAIM: Record<OidcMatch, string> = { username: 'preferred_username', email: 'email', subject: 'sub' };

export function oidcSettingsFromEnv(env: NodeJS.ProcessEnv): OidcSettings | null {
  const issuer = env.OIDC_ISSUER?.trim();
  const others = ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URL', 'OIDC_MATCH', 'OIDC_CLAIM', 'OIDC_SCOPE'].filter((name) => env[name]);
  if (!issuer) {
    if (others.length > 0) throw new Error(`${others.join(', ')} set but OIDC_ISSUER is not: set it to turn single sign-on on, or unset the others`);
    return null;
  }
  const clientId = env.OIDC_CLIENT_ID?.trim();
  const redirectUrl = env.OIDC_REDIRECT_URL?.trim();
  if (!clientId || !redirectUrl) throw new Error('OIDC_ISSUER is set: OIDC_CLIENT_ID and OIDC_REDIRECT_URL must be set too');
  let redirect: URL;
  try {
    redirect = new URL(redirectUrl);
    new URL(issuer);
  } catch {
    throw new Error('OIDC_ISSUER and OIDC_REDIRECT_URL must be absolute URLs');
  }
  if (redirect.pathname !== OIDC_CALLBACK_PATH || redirect.search) throw new Error(`OIDC_REDIRECT_URL must be meritflow's own address with the path ${OIDC_CALLBACK_PATH}, e.g. https://meritflow.bank.example${OIDC_CALLBACK_PATH}`);
  const match = (env.OIDC_MATCH?.trim() || 'username') as OidcMatch;
  if (!(match in DEFAULT_CLAIM)) throw new Error(`OIDC_MATCH must be username, email or subject, not ${env.OIDC_MATCH}`);
  return {
    issuer,
    clientId,
    ...(env.OIDC_CLIENT_SECRET ? { clientSecret: env.OIDC_CLIENT_SECRET } : {}),
    redirectUrl,
    match,
    claim: env.OIDC_CLAIM?.trim() || DEFAULT_CLAIM[match],
    scope: env.OIDC_SCOPE?.trim() || 'openid profile email',
  };
}
