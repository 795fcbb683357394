import type { Request } from 'express';

/**
 * A fresh session for the person who just signed in, by password or single sign-on: a new session
 * id, so one fixed before sign-in is worth nothing after it.
 */
export function startSession(req: Request, userId: string): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err) => {
    if (err) return reject(err);
    req.session.userId = userId;
    req.session.save((saveErr) => (saveErr ? reject(saveErr) : resolve()));
  }));
}

/** Where to go after signing in: only same-site relative paths (a login link must not send people elsewhere), else the inbox. */
export function safeNext(next: unknown, maxLength = Infinity): string {
  return typeof next === 'string' && /^\/(?!\/)[^\s\\]*$/.test(next) && next.length <= maxLength ? next : '/inbox';
}
