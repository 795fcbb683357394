import type { NextFunction, Request, Response } from 'express';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * A state-changing request whose Origin or Referer names another origin than this server's is
 * refused ("null" and unreadable values included). Requests naming neither come from programs, not
 * from a page on another site; SameSite=strict cookies and the JSON-only API cover old browsers.
 */
export function refuseCrossOrigin(req: Request, res: Response, next: NextFunction): void {
  if (SAFE_METHODS.has(req.method)) return next();
  // req.protocol and req.host follow X-Forwarded-* only from a configured proxy (TRUST_PROXY).
  const own = `${req.protocol}://${req.host}`;
  const claims = [req.get('origin'), req.get('referer')].filter((value): value is string => value !== undefined);
  if (claims.every((claim) => originOf(claim) === own)) return next();
  res.status(403).json({ error: 'refused: this request was sent from a page of another site' });
}
