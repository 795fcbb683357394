import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Request } from 'express';
import { readCookie } from './cookies';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const templatesDir = join(__dirname, '..', '..', 'templates');
const messages: Record<Locale, Record<string, string>> = {
  en: JSON.parse(readFileSync(join(templatesDir, 'i18n', 'en.json'), 'utf8')),
  'zh-CN': JSON.parse(readFileSync(join(templatesDir, 'i18n', 'zh-CN.json'), 'utf8')),
};

export function translate(locale: Locale, key: string): string {
  return messages[locale][key] ?? messages.en[key] ?? key;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** ?lang= first (the switch), then the lang cookie, the person's setting, the browser's languages. */
export function localeOf(req: Request): Locale {
  const chosen = req.query.lang ?? readCookie(req, 'lang');
  if (isLocale(chosen)) return chosen;
  if (req.user) return req.user.locale;
  return /^zh\b/i.test(req.headers['accept-language'] ?? '') ? 'zh-CN' : 'en';
}
