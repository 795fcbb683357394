import type { Request } from 'express';
import { readCookie } from './cookies';
import { isLocale, type Locale } from '../platform/i18n';

// The translations are the platform's (src/platform/i18n.ts): the worker writes letters with them.
export * from '../platform/i18n';

/** ?lang= first (the switch), then the lang cookie, the person's setting, the browser's languages. */
export function localeOf(req: Request): Locale {
  const chosen = req.query.lang ?? readCookie(req, 'lang');
  if (isLocale(chosen)) return chosen;
  if (req.user) return req.user.locale;
  return /^zh\b/i.test(req.headers['accept-language'] ?? '') ? 'zh-CN' : 'en';
}
