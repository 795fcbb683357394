import type { Request, Response, NextFunction } from 'express';
import { PersonModel, type Role } from '../db/models/person';
import { TtlCache } from '../lib/ttl-cache';
import { toCurrentUser, type CurrentUser } from '../platform/current-user';
import { errorText } from './error-text';
import { localeOf } from './i18n';

// Who acts is the platform's (src/platform/current-user.ts); signing in and loading them is the server's.
export { toCurrentUser, type CurrentUser };

declare module 'express-session' {
  interface SessionData {
    userId?: string;
  }
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      user?: CurrentUser;
    }
  }
}

const signedIn = new TtlCache<CurrentUser>(5_000);

/** After a change to a person's roles: this node reads them afresh; other nodes within the cache's 5 s. */
export function forgetSignedInUser(userId: string): void {
  signedIn.delete(userId);
}

async function loadUser(userId: string): Promise<CurrentUser | null> {
  const cached = signedIn.get(userId);
  if (cached) return cached;
  // By `_id` alone, then `active` here: FerretDB on SQLite answers only a bare `_id` filter from its index.
  const person = await PersonModel.findById(userId, { username: 1, name: 1, roles: 1, locale: 1, active: 1 }).lean();
  if (!person?.active) return null;
  const user = toCurrentUser(person);
  signedIn.set(userId, user);
  return user;
}

/** Loads the signed-in person; APIs answer 401, pages go to the login page. */
export async function requireUser(req: Request, res: Response, next: NextFunction): Promise<void> {
  const userId = req.session.userId;
  const user = userId ? await loadUser(userId) : null;
  if (!user) {
    if (req.path.startsWith('/api/') || req.originalUrl.startsWith('/api/')) {
      res.status(401).json({ error: 'sign in first', text: errorText('sign in first', localeOf(req)) }); // text: absent in English
    } else {
      res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
    }
    return;
  }
  req.user = user;
  next();
}

export function requireRole(...roles: Role[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.user && req.user.roles.some((role) => roles.includes(role))) return next();
    res.status(403).json({ error: 'your role does not allow this', text: errorText('your role does not allow this', localeOf(req)) });
  };
}
