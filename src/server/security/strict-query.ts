import type { NextFunction, Request, Response } from 'express';

/**
 * Only pages read query parameters (?next, ?lang). API calls and form posts take none, so any
 * parameter there is a mistake or a probe and gets a 400 instead of being silently ignored.
 */
export function refuseUnexpectedQuery(req: Request, res: Response, next: NextFunction): void {
  const isPageRead = (req.method === 'GET' || req.method === 'HEAD') && !req.path.startsWith('/api/');
  const names = Object.keys(req.query);
  if (isPageRead || names.length === 0) return next();
  res.status(400).json({
    error: 'this request takes no query parameters',
    problems: names.slice(0, 20).map((name) => ({ field: name.slice(0, 100), code: 'unknown', message: 'not a parameter here' })),
  });
}
