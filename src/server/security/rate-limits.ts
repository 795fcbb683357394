import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { RateLimitSettings } from '../config';
import { StoreRateLimit } from './rate-limit-store';
import { render } from '../views';

export interface RateLimits {
  /** Before a sign-in: failed attempts per address, all attempts per address and user name. */
  signIn: RequestHandler[];
  /** Before a write by a signed-in person; keyed by who they are, so it runs after requireUser. */
  writes: RequestHandler;
}

const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
const WRITE_WINDOW_MS = 60 * 1000;

/** The answer to a limited request: 429, why, and when to come back (also in Retry-After). */
function refuse(reason: string) {
  return (req: Request, res: Response): void => {
    const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
    const retryAfterSeconds = resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : undefined;
    // The sign-in form is a page: a person who tried too often reads why, in their language, on it.
    if (req.path === '/login') {
      render(req, res, 'login', { rateLimited: true, waitMinutes: Math.ceil((retryAfterSeconds ?? 60) / 60), username: typeof req.body?.username === 'string' ? req.body.username : '' }, 429);
      return;
    }
    res.status(429).json({ error: reason, retryAfterSeconds });
  };
}

const clientAddress = (req: Request) => ipKeyGenerator(req.ip ?? 'unknown');

export interface RateLimitOptions {
  /** Servers with the same scope count together (StoreRateLimit); production leaves it unset. */
  scope?: string;
}

/**
 * A server node's limiters. The sign-in limits count in the document store (StoreRateLimit), so
 * every node behind the proxy counts against one ceiling and a restart forgets nothing; the sign-in
 * lockout (auth/sign-in-lockout.ts) is kept there too. The write limit counts in this process
 * (express-rate-limit's memory store): it only stops a runaway script, and each node allows it alone.
 */
export function rateLimits(settings: RateLimitSettings, options: RateLimitOptions = {}): RateLimits {
  const common = { standardHeaders: 'draft-7', legacyHeaders: false } as const;
  const inStore = (limiter: string, limit: number) => ({
    windowMs: SIGN_IN_WINDOW_MS,
    limit,
    store: new StoreRateLimit({ limiter, windowMs: SIGN_IN_WINDOW_MS, limit, scope: options.scope }),
  });
  return {
    signIn: [
      rateLimit({
        ...common,
        ...inStore('sign-in-failures', settings.signInFailuresPerIp),
        skipSuccessfulRequests: true,
        keyGenerator: clientAddress,
        handler: refuse('too many failed sign-ins from your network; try again later'),
      }),
      rateLimit({
        ...common,
        ...inStore('sign-in-attempts', settings.signInPerUserName),
        keyGenerator: (req) => `${clientAddress(req)} ${typeof req.body?.username === 'string' ? req.body.username : ''}`,
        handler: refuse('too many sign-in attempts for this user name; try again later'),
      }),
    ],
    writes: rateLimit({
      ...common,
      windowMs: WRITE_WINDOW_MS,
      limit: settings.writesPerUser,
      keyGenerator: (req) => req.user!.id,
      handler: refuse('too many changes in a short time; wait a minute and try again'),
    }),
  };
}
