// What the owner's pages (new flow and form, the decision table editor) share: a JSON call to
// meritflow's /api, and a status box with the server's reasons as a list.
import type { ErrorBody, FieldProblem, Json } from '../../domain/api-types';

export interface Problem { field?: string; code?: string; message: string }

/**
 * A call's answer: when it succeeded (2xx), the body its route declares in src/domain/api-types.ts,
 * as JSON delivers it; otherwise what the API says of the failure, of which any part may be missing
 * (a proxy's 502 has no JSON at all).
 */
export type ApiAnswer<T> =
  | { ok: true; status: number; body: Json<T> }
  | { ok: false; status: number; body: Partial<ErrorBody> };

/** The parts of an error body that are there and have their declared types. */
export function errorBodyOf(value: unknown): Partial<ErrorBody> {
  if (typeof value !== 'object' || value === null) return {};
  const { error, problems } = value as Record<string, unknown>;
  const isProblem = (p: unknown): p is FieldProblem => typeof p === 'object' && p !== null && typeof (p as { message?: unknown }).message === 'string';
  return {
    ...(typeof error === 'string' ? { error } : {}),
    ...(Array.isArray(problems) ? { problems: problems.filter(isProblem) } : {}),
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

export function showProblems(box: HTMLElement, message: string, kind: 'info' | 'error' | 'success', problems: Problem[] = []): void {
  box.hidden = false;
  box.className = `alert ${kind === 'info' ? '' : kind}`;
  box.textContent = message;
  if (problems.length > 0) {
    const list = document.createElement('ul');
    for (const p of problems) { const li = document.createElement('li'); li.textContent = p.message; list.append(li); }
    box.append(list);
  }
}

/** Offers text as a file download (an export). */
export function download(fileName: string, text: string, type: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
