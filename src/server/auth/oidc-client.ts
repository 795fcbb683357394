import type { Configuration } from 'openid-client';
import type { IdentityClaims } from './oidc-person';
import type { OidcSettings } from './oidc-settings';

/**
 * The OpenID Connect relying party, on openid-client (authorization code flow with PKCE, state and
 * nonce). The library is an ES module, loaded when single sign-on is first used, so a server
 * without OIDC settings never loads it.
 */
type OpenIdClient = typeof import('openid-client');

/** What the browser keeps between leaving for the provider and coming back (transaction cookie). */
export interface OidcTransaction {
  codeVerifier: string;
  state: string;
  nonce: string;
  next: string;
}

export interface OidcRelyingParty {
  begin(next: string): Promise<{ url: string; transaction: OidcTransaction }>;
  /** Exchanges the code in `callbackUrl` for tokens and returns the identity; throws when anything does not check out. */
  finish(callbackUrl: URL, transaction: OidcTransaction): Promise<IdentityClaims>;
  issuer: string;
}

const isLoopback = (url: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

export function oidcRelyingParty(settings: OidcSettings): OidcRelyingParty {
  let library: Promise<OpenIdClient> | undefined;
  let configuration: Promise<Configuration> | undefined;
  const load = () => (library ??= import('openid-client'));

  /** Discovery once, on first use; a failure is not kept, so the next sign-in tries again. */
  const configured = (): Promise<Configuration> => (configuration ??= (async () => {
    const client = await load();
    const issuer = new URL(settings.issuer);
    const auth = settings.clientSecret ? client.ClientSecretBasic(settings.clientSecret) : client.None();
    // Plain http only for a provider on this machine (a test or a developer's own); never across a network.
    const options = isLoopback(issuer) && issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : undefined;
    return client.discovery(issuer, settings.clientId, undefined, auth, options);
  })().catch((error: unknown) => {
    configuration = undefined;
    throw error;
  }));

  return {
    issuer: settings.issuer,
    async begin(next) {
      const [client, config] = await Promise.all([load(), configured()]);
      const transaction: OidcTransaction = { codeVerifier: client.randomPKCECodeVerifier(), state: client.randomState(), nonce: client.randomNonce(), next };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUrl,
        scope: settings.scope,
        code_challenge: await client.calculatePKCECodeChallenge(transaction.codeVerifier),
        code_challenge_method: 'S256',
        state: transaction.state,
        nonce: transaction.nonce,
      });
      return { url: url.href, transaction };
    },
    async finish(callbackUrl, transaction) {
      const [client, config] = await Promise.all([load(), configured()]);
      const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: transaction.codeVerifier,
        expectedState: transaction.state,
        expectedNonce: transaction.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims()!;
      let claims: IdentityClaims = { ...idClaims, sub: idClaims.sub };
      // Providers put profile and email claims in the ID token or only in userinfo; ask when the token lacks the one we match on.
      if (settings.claim !== 'sub' && claims[settings.claim] === undefined && config.serverMetadata().userinfo_endpoint) {
        const userinfo = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        claims = { ...userinfo, ...claims, [settings.claim]: userinfo[settings.claim] };
      }
      return claims;
    },
  };
}
