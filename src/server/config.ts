import { oidcSettingsFromEnv, type OidcSettings } from './auth/oidc-settings';
import { readEngineSettings, readStoreSettings, SettingsReader, type EngineSettings, type Env, type StoreSettings } from '../platform/config';

/**
 * The web server's settings (the worker and the tools read their own; src/platform/config.ts checks
 * each at start). scripts/start.mjs and scripts/test.mjs fill them for the local parts.
 */
export interface Config extends EngineSettings, StoreSettings {
  port: number;
  sessionSecret: string;
  /** Cookies carry `Secure` when the site is served over https (behind a proxy in production). */
  secureCookies: boolean;
  rateLimits: RateLimitSettings;
  /** Single sign-on by OpenID Connect beside passwords; null when OIDC_ISSUER is not set. */
  oidc: OidcSettings | null;
  /**
   * Which peers are the bank's proxies, whose X-Forwarded-For / -Proto / -Host are believed (express's
   * 'trust proxy' as addresses, subnets or the names loopback, linklocal, uniquelocal). false: none.
   * Believed from anyone else, a client could pick its own address past the sign-in limits, or its
   * own host past the same-origin check.
   */
  trustProxy: TrustProxy;
}

export type TrustProxy = false | string[];

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const PROXY_ADDRESS = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:.]*)(\/\d{1,3})?$/i;

/**
 * TRUST_PROXY: unset or "false" → false; "loopback, 10.0.0.0/8" → those. A hop count (express takes
 * one) is refused: it believes whichever peer connects, so a client that reaches a node directly,
 * past the proxy, would be believed too.
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = (raw ?? '').trim();
  if (value === '' || value === 'false') return false;
  if (/^\d+$/.test(value)) throw new Error(`TRUST_PROXY takes the proxies' addresses, not a hop count (${value}): a hop count believes any client that reaches the server directly; name the proxies (e.g. "10.0.0.5" or "loopback")`);
  const entries = value.split(',').map((entry) => entry.trim()).filter(Boolean);
  const wrong = entries.filter((entry) => !PROXY_NAMES.has(entry) && !PROXY_ADDRESS.test(entry));
  if (wrong.length > 0) throw new Error(`TRUST_PROXY names no address or subnet: ${wrong.join(', ')} (e.g. "loopback" or "10.0.0.0/8")`);
  return entries;
}

/**
 * Request ceilings. Sign-in limits are per 15 minutes and counted in the store, so all server nodes
 * share them; writes are per minute and counted by each node alone (security/rate-limits.ts).
 */
export interface RateLimitSettings {
  /** Failed sign-ins per client address; successful ones are not counted, so an office behind one proxy still signs in. */
  signInFailuresPerIp: number;
  /** Sign-in attempts per client address and user name. */
  signInPerUserName: number;
  /** Writes per signed-in person (task submissions, launches, password changes): no person reaches it, a runaway script does. */
  writesPerUser: number;
}

export function loadConfig(env: Env = process.env): Config {
  const read = new SettingsReader(env);
  return read.done({
    ...readEngineSettings(read),
    ...readStoreSettings(read),
    port: read.wholeNumber('PORT', 3000),
    sessionSecret: read.required('SESSION_SECRET'),
    secureCookies: read.flag('SECURE_COOKIES'),
    rateLimits: {
      signInFailuresPerIp: read.wholeNumber('RATE_LIMIT_SIGN_IN_FAILURES_PER_IP', 50),
      signInPerUserName: read.wholeNumber('RATE_LIMIT_SIGN_IN_PER_USER_NAME', 10),
      // `npm run bench` drives managers at machine speed (a manager with ten reports submits a few
      // times a second there); 300 a minute leaves it room and still stops a loop.
      writesPerUser: read.wholeNumber('RATE_LIMIT_WRITES_PER_USER', 300),
    },
    oidc: read.parsed(oidcSettingsFromEnv, null),
    trustProxy: read.parsed((vars) => parseTrustProxy(vars.TRUST_PROXY), false),
  });
}
