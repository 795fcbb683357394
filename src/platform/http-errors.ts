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

/** Another request holds the record this one would change, for longer than a request waits. */
export const busy = (what: string) => new HttpError(409, `another change to this ${what} is under way; try again in a moment`);
