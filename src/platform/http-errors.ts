import type { FieldProblem } from './forms/validate-submission';

/** An error that becomes an HTTP answer as it is: status, a short message, field-level reasons. */
export class HttpError extends Error {
  /**
   * words: a varying part of the message in each language, by its name in the message's template
   * (templates/i18n/<locale>/errors.json), where the English value alone cannot be translated (a
   * person's name: { name: { en: 'Li Na', 'zh-CN': '李娜' } }).
   */
  constructor(readonly status: number, message: string, readonly problems?: FieldProblem[], readonly words?: Readonly<Record<string, Readonly<Record<string, string>>>>) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, `${what} not found`);
export const forbidden = (message = 'not allowed') => new HttpError(403, message);
export const badRequest = (message: string, problems?: FieldProblem[]) => new HttpError(400, message, problems);

/** Another request holds the record this one would change, for longer than a request waits. */
export const busy = (what: string) => new HttpError(409, `another change to this ${what} is under way; try again in a moment`);
