import type { Request } from 'express';

/** One cookie of the request (express reads no cookies by itself, and one helper is all we need). */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      return undefined; // a mangled cookie is no cookie
    }
  }
  return undefined;
}
