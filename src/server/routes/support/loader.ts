import type { NextFunction, Request, Response } from 'express';
import type { HttpError } from '../../http-errors';

/**
 * Middleware that reads the record a request's path names (a case, a task, a launch…) and answers
 * `missing()` when there is none or the reader may not see it, as express's own route-middleware
 * example loads a user. It sits in a route's chain after the sign-in check, so the order is the one
 * written there; handlers take the record with `of(req)` instead of reading it again.
 */
export interface Loader<T> {
  (req: Request, res: Response, next: NextFunction): Promise<void>;
  /** The record this request loaded; only in a handler after the loader in the same chain. */
  of(req: Request): T;
}

export function loader<T>(read: (req: Request) => Promise<T | null | undefined | false>, missing: () => HttpError): Loader<T> {
  // Per request, and gone with it: a request is never read twice, and nothing outlives it.
  const loaded = new WeakMap<Request, T>();
  const load = async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    if (!loaded.has(req)) {
      const value = await read(req);
      if (value === null || value === undefined || value === false) throw missing();
      loaded.set(req, value);
    }
    next();
  };
  return Object.assign(load, {
    of(req: Request): T {
      if (!loaded.has(req)) throw new Error('a handler asked for a record its route does not load');
      return loaded.get(req) as T;
    },
  });
}
