import type { NextFunction, Request, Response } from 'express';
import { badRequest, notFound } from '../../http-errors';
import { localeOf, translate } from '../../i18n';
import { mayModel } from '../../modeler/modeler-access';
import { readVersionNumber } from '../../modeler/process-library';
import { render } from '../../views';

/**
 * What the modeler's routers (/modeler, /forms-builder, /decisions, /api/processes, /api/forms,
 * /api/decisions) share: the access check, as JSON or as a page, and the reading of their keys,
 * versions and notes.
 */

/** The API answers others 403 with `refusal`. */
export const modelerApiAccess = (refusal: string) => (req: Request, res: Response, next: NextFunction): void => {
  if (mayModel(req.user)) return next();
  res.status(403).json({ error: refusal });
};

/** The pages answer others a page that says why. */
export function modelerPageAccess(req: Request, res: Response, next: NextFunction): void {
  if (mayModel(req.user)) return next();
  render(req, res, 'modeler-refused', { title: translate(localeOf(req), 'modeler.index.title') }, 403);
}

/** The path's `:key`, when it has the shape of a key; anything else is not looked up (404 `what`). */
export const keyParam = (pattern: RegExp, what: string) => (req: Request): string => {
  const key = String(req.params.key);
  if (!pattern.test(key)) throw notFound(what);
  return key;
};

/** A version number in the path. */
export function versionParam(req: Request): number {
  const raw = String(req.params.version);
  if (!/^[1-9][0-9]{0,5}$/.test(raw)) throw notFound('version');
  return Number(raw);
}

/** One line of plain text a person reads (a note, a name): no markup, no line breaks. */
export const PLAIN_LINE = /^[^<>\u0000-\u001f]*$/;

export function plainLine(field: string, value: string | undefined): string | undefined {
  if (value !== undefined && !PLAIN_LINE.test(value)) throw badRequest('the request is not valid', [{ field, code: 'pattern', message: `${field} is one line of plain text without < or >` }]);
  return value;
}

/** A page's text query parameter, or '' when it is absent or not one short line of plain text. */
export function queryLine(req: Request, name: string, pattern = PLAIN_LINE, maxLength = 200): string {
  const value = req.query[name];
  return typeof value === 'string' && value.length <= maxLength && pattern.test(value) ? value.trim() : '';
}

/** { version: <whole number> } and nothing else (a deployment's body, flows and decision tables alike). */
export function versionOfBody(body: unknown): number {
  const isObject = typeof body === 'object' && body !== null && !Array.isArray(body) && Object.getPrototypeOf(body) === Object.prototype;
  if (!isObject) throw badRequest('the body must be a JSON object', [{ field: '', code: 'type', message: 'send { "version": n }' }]);
  const unknown = Object.keys(body).filter((name) => name !== 'version');
  if (unknown.length > 0) throw badRequest('the request is not valid', unknown.slice(0, 20).map((name) => ({ field: name.slice(0, 100), code: 'unknown', message: 'not a field here' })));
  return readVersionNumber((body as { version?: unknown }).version);
}

/** A draft's note (flows and decision tables alike): one line of plain text, '' when none. */
export function draftNote(note: string | undefined): string {
  if (note !== undefined && !PLAIN_LINE.test(note)) throw badRequest('the request is not valid', [{ field: 'note', code: 'pattern', message: 'a note is one line of plain text without < or >' }]);
  return note ?? '';
}
