import { Router, type Request, type Response } from 'express';
import { recordAudit } from '../../platform/audit/record-audit';
import type { OidcSettings } from '../auth/oidc-settings';
import { OIDC_CALLBACK_PATH } from '../auth/oidc-settings';
import { oidcRelyingParty } from '../auth/oidc-client';
import { findPersonFor, personKeyFor, type IdentityClaims, type Refusal } from '../auth/oidc-person';
import { transactionCookie } from '../auth/oidc-transaction-cookie';
import type { RateLimits } from '../security/rate-limits';
import { render } from '../views';
import { safeNext, startSession } from './support/sign-in';

/** What the provider may send back to the callback; each once, as text of a sane length. */
const CALLBACK_PARAMS = new Set(['code', 'state', 'iss', 'error', 'error_description', 'error_uri', 'session_state', 'scope', 'authuser', 'prompt', 'hd']);

function callbackProblem(query: Request['query']): string | null {
  for (const [name, value] of Object.entries(query)) {
    if (!CALLBACK_PARAMS.has(name)) return `${name.slice(0, 100)} is not a parameter of a sign-in callback`;
    if (typeof value !== 'string' || value.length > 4096) return `${name} must be given once, as text`;
  }
  return null;
}

/**
 * Single sign-on beside passwords (GET /login/oidc, then the provider, then GET /login/oidc/callback).
 * Who signs in is matched to an existing person (OIDC_MATCH); nobody is created. Every outcome of a
 * sign-in this server started is in the audit log.
 */
export function oidcRoutes(settings: OidcSettings | null, secret: string, secureCookies: boolean, limits: RateLimits): Router {
  const router = Router();
  if (!settings) return router;
  const party = oidcRelyingParty(settings);
  const cookie = transactionCookie(secret, secureCookies);
  const issuer = settings.issuer;

  // The login page offers the button when single sign-on is on.
  router.use((_req, res, next) => {
    res.locals.oidcSignIn = true;
    next();
  });

  const failed = (req: Request, res: Response, status: number, reason: string) =>
    render(req, res, 'oidc-refused', { title: 'sign-in', failed: true, reason }, status);

  router.get('/login/oidc', async (req, res) => {
    try {
      const { url, transaction } = await party.begin(safeNext(req.query.next, 2000));
      cookie.set(res, transaction);
      res.redirect(303, url);
    } catch (error) {
      console.error('single sign-on: the identity provider could not be reached', error);
      failed(req, res, 502, 'provider-unreachable');
    }
  });

  // Failed callbacks count towards the per-address sign-in failure limit (limits.signIn[0]); the
  // per-user-name limit counts every attempt, and a callback names no user: an office behind one
  // proxy would run into it.
  router.get(OIDC_CALLBACK_PATH, limits.signIn[0]!, async (req, res) => {
    // The page's language switch (?lang=) on a refusal page: the sign-in is over, go back to the form.
    if (Object.keys(req.query).length === 1 && typeof req.query.lang === 'string') return res.redirect(303, '/login');
    const problem = callbackProblem(req.query);
    if (problem) return failed(req, res, 400, 'bad-callback');
    const transaction = cookie.read(req);
    cookie.clear(res);
    // No sign-in of this browser under way (expired, or a link someone was sent): nothing to record.
    if (!transaction) return failed(req, res, 400, 'no-sign-in-under-way');
    const refuse = async (reason: Refusal | 'provider-error' | 'invalid-callback', subjectId: string, details: Record<string, unknown> = {}) => {
      await recordAudit({ actor: 'anonymous', action: 'session.sign-in-refused', subject: { type: 'oidc-subject', id: subjectId.slice(0, 300) }, details: { method: 'oidc', issuer, reason, ...details } });
    };
    if (typeof req.query.error === 'string') {
      // The provider said no (the person cancelled, or may not use this application).
      await refuse('provider-error', 'unknown', { error: req.query.error.slice(0, 100) });
      return failed(req, res, 403, 'provider-said-no');
    }
    let claims: IdentityClaims;
    try {
      claims = await party.finish(new URL(req.originalUrl, settings.redirectUrl), transaction);
    } catch (error) {
      console.warn('single sign-on: callback refused', (error as Error).message);
      await refuse('invalid-callback', 'unknown', { error: String((error as { code?: string }).code ?? 'check-failed').slice(0, 100) });
      return failed(req, res, 400, 'invalid-callback');
    }
    const key = personKeyFor(settings.match, settings.claim, claims);
    const found = 'refused' in key ? key : await findPersonFor(key);
    if ('refused' in found) {
      const value = 'refused' in key ? undefined : key.value;
      await refuse(found.refused, claims.sub, { claim: settings.claim, ...(value !== undefined ? { value } : {}) });
      return render(req, res, 'oidc-refused', { title: 'sign-in', refused: found.refused, claim: settings.claim, value, match: settings.match }, 403);
    }
    await startSession(req, found.person._id);
    await recordAudit({ actor: found.person._id, action: 'session.signed-in', subject: { type: 'person', id: found.person._id }, details: { method: 'oidc', issuer, subject: claims.sub } });
    // A page, not a redirect: after a navigation that came from another site, a browser holds back
    // SameSite=Strict cookies for the rest of the redirect chain; a navigation from this page carries them.
    res.set('Refresh', `0; url=${transaction.next}`);
    render(req, res, 'oidc-signed-in', { title: 'sign-in', next: transaction.next });
  });
  return router;
}
