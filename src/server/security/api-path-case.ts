import type { NextFunction, Request, Response } from 'express';

/**
 * Express matches routes without regard to case, while the guards in front of them (JSON-only
 * writes, no query parameters, 401 instead of a login redirect) test `req.path.startsWith('/api/')`.
 * So `/API/…` would reach an API route past its guards. The API has one spelling: any other is 404,
 * as for a path that does not exist.
 */
export function refuseApiCaseVariants(req: Request, res: Response, next: NextFunction): void {
  if (/^\/api(\/|$)/i.test(req.path) && !/^\/api(\/|$)/.test(req.path)) {
    res.status(404).json({ error: 'not found' });
    return;
  }
  next();
}
