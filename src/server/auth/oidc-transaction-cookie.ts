import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { readCookie } from '../cookies';
import type { OidcTransaction } from './oidc-client';

const COOKIE = 'meritflow.oidc';
const LIFETIME_MS = 10 * 60 * 1000;

/**
 * The sign-in under way, kept in the browser between leaving for the identity provider and coming
 * back: a signed, http-only cookie for the callback path only. SameSite=Lax, not Strict as the
 * session is: the provider's redirect back is a navigation from another site, and a Strict cookie
 * would not come with it. State and nonce inside tie the callback to this browser's own sign-in.
 */
export function transactionCookie(secret: string, secureCookies: boolean) {
  const sign = (payload: string) => createHmac('sha256', secret).update(`oidc-transaction:${payload}`).digest('base64url');
  const options = { httpOnly: true, sameSite: 'lax', secure: secureCookies, path: '/login/oidc' } as const;
  return {
    set(res: Response, transaction: OidcTransaction): void {
      const payload = Buffer.from(JSON.stringify({ ...transaction, expires: Date.now() + LIFETIME_MS })).toString('base64url');
      res.cookie(COOKIE, `${payload}.${sign(payload)}`, { ...options, maxAge: LIFETIME_MS });
    },
    /** The transaction when the cookie is genuine and not expired; null otherwise. */
    read(req: Request): OidcTransaction | null {
      const [payload, mac, ...rest] = (readCookie(req, COOKIE) ?? '').split('.');
      if (!payload || !mac || rest.length > 0) return null;
      const expected = sign(payload);
      if (mac.length !== expected.length || !timingSafeEqual(Buffer.from(mac), Buffer.from(expected))) return null;
      try {
        const { codeVerifier, state, nonce, next, expires } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
        if (typeof expires !== 'number' || expires < Date.now()) return null;
        if (![codeVerifier, state, nonce, next].every((v) => typeof v === 'string')) return null;
        return { codeVerifier, state, nonce, next };
      } catch {
        return null;
      }
    },
    clear(res: Response): void {
      res.clearCookie(COOKIE, options);
    },
  };
}
