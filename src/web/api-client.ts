// The browser's JSON calls to meritflow's /api. The answer's type is the one its route declares in
// src/domain/api-types.ts, so a page reads the fields the server writes, not a copy of them.
import type { ErrorBody, FieldProblem, Json } from '../domain/api-types';

/**
 * A call's answer: when it succeeded (2xx), the body its route declares in src/domain/api-types.ts,
 * as JSON delivers it; otherwise what the API says of the failure, of which any part may be missing
 * (a proxy's 502 has no JSON at all).
 */
export type ApiAnswer<T> =
  | { ok: true; status: number; body: Json<T> }
  | { ok: false; status: number; body: Partial<ErrorBody> };

/**
 * The parts of an error body that are there and have their declared types. A page shows what it
 * reads here, so the reader's words come first: the server's `text` (the reason in the reader's
 * language) stands in for the English `error`, and a problem's `text` for its `message`.
 */
export function errorBodyOf(value: unknown): Partial<ErrorBody> {
  if (typeof value !== 'object' || value === null) return {};
  const { error, text, problems } = value as Record<string, unknown>;
  const isProblem = (p: unknown): p is FieldProblem => typeof p === 'object' && p !== null && typeof (p as { message?: unknown }).message === 'string';
  const worded = (p: FieldProblem): FieldProblem => (typeof p.text === 'string' ? { ...p, message: p.text } : p);
  return {
    ...(typeof text === 'string' ? { error: text } : typeof error === 'string' ? { error } : {}),
    ...(Array.isArray(problems) ? { problems: problems.filter(isProblem).map(worded) } : {}),
  };
}

/** A JSON call to meritflow's /api; T is the route's declared answer (src/domain/api-types.ts). */
export async function apiRequest<T>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
  const response = await fetch(path, {
    method, credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const parsed: unknown = await response.json().catch(() => ({}));
  // The one place a page takes the server at its word: the route and this page share T's declaration.
  if (response.ok) return { ok: true, status: response.status, body: parsed as Json<T> };
  return { ok: false, status: response.status, body: errorBodyOf(parsed) };
}

/** "(reason)" for a status line: the API's error, else the status code. */
export function reasonOf(answer: { status: number; body: Partial<ErrorBody> }): string {
  return `(${answer.body.error ?? answer.status})`;
}
