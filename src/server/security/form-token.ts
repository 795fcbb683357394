import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { readCookie } from '../cookies';

const COOKIE = 'meritflow.form';
export const FORM_TOKEN_FIELD = '_csrf';

export interface FormTokens {
  /** Gives the page a token for its forms (res.locals.formToken), setting the cookie when the browser has none. */
  issue: RequestHandler;
  /** Lets a form post through only when it sends back the token of its own cookie. */
  verify(onRefused: (req: Request, res: Response) => void): RequestHandler;
}

/**
 * Signed double-submit tokens for the HTML forms (/login, /logout): the token sits in an httpOnly
 * cookie and in a hidden field. Another site can make a browser send the cookie, not read it, so it
 * cannot fill in the field. The signature stops a cookie planted from a sibling domain being accepted.
 */
export function formTokens(secret: string, secureCookies: boolean): FormTokens {
  const sign = (nonce: string) => createHmac('sha256', secret).update(`form-token:${nonce}`).digest('base64url');
  const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
  const isGenuine = (token: string | undefined): token is string => {
    const [nonce, mac, ...rest] = (token ?? '').split('.');
    return Boolean(nonce && mac && rest.length === 0 && same(mac, sign(nonce)));
  };

  return {
    issue(req: Request, res: Response, next: NextFunction) {
      let token = readCookie(req, COOKIE);
      if (!isGenuine(token)) {
        const nonce = randomBytes(18).toString('base64url');
        token = `${nonce}.${sign(nonce)}`;
        res.cookie(COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: secureCookies, path: '/' });
      }
      res.locals.formToken = token;
      next();
    },
    verify: (onRefused) => (req, res, next) => {
      const cookieToken = readCookie(req, COOKIE);
      const sent: unknown = req.body?.[FORM_TOKEN_FIELD];
      if (isGenuine(cookieToken) && typeof sent === 'string' && same(sent, cookieToken)) return next();
      onRefused(req, res);
    },
  };
}
