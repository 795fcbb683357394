import type { NextFunction, Request, Response } from 'express';

/**
 * API reads that take query parameters, by exact path, and which names. The values are checked by
 * the route itself (domain/audit-query.ts for the audit log's), each one a single text of a known shape.
 */
export const ALLOWED_API_QUERIES: Record<string, readonly string[]> = {
  // Paging by sequence number and filters: an auditor's browsing is a search, not a resource.
  '/api/audit': ['from', 'before', 'limit', 'actor', 'action', 'subjectType', 'subjectId', 'since', 'until'],
  '/api/audit/export': ['format', 'from', 'to'],
  '/api/inbox': ['flow', 'step', 'due', 'who', 'sort'],
};

/**
 * Only pages read query parameters (?next, ?lang), and the API reads named above. Other API calls
 * and form posts take none, so any parameter there is a mistake or a probe and gets a 400 instead
 * of being silently ignored.
 */
export function refuseUnexpectedQuery(req: Request, res: Response, next: NextFunction): void {
  const isRead = req.method === 'GET' || req.method === 'HEAD';
  const isPageRead = isRead && !req.path.startsWith('/api/');
  const allowed = isRead && Object.hasOwn(ALLOWED_API_QUERIES, req.path) ? ALLOWED_API_QUERIES[req.path]! : [];
  const names = Object.keys(req.query).filter((name) => !allowed.includes(name));
  if (isPageRead || names.length === 0) return next();
  res.status(400).json({
    error: allowed.length > 0 ? 'this request takes only these query parameters: ' + allowed.join(', ') : 'this request takes no query parameters',
    problems: names.slice(0, 20).map((name) => ({ field: name.slice(0, 100), code: 'unknown', message: 'not a parameter here' })),
  });
}
