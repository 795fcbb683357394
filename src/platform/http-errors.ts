import type { FieldProblem } from './forms/validate-submission';

/** An error that becomes an HTTP answer as it is: status, a short message, field-level reasons. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly problems?: FieldProblem[]) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, `${what} not found`);
export const forbidden = (message = 'not allowed') => new HttpError(403, message);
export const badRequest = (message: string, problems?: FieldProblem[]) => new HttpError(400, message, problems);
