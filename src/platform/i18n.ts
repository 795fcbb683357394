import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const i18nDir = join(__dirname, '..', '..', 'templates', 'i18n');

/**
 * templates/i18n/<locale>.json plus every templates/i18n/<locale>/*.json: each screen keeps its
 * strings in a file of its own, so two changes to different screens never edit the same file.
 */
export function loadMessages(locale: Locale): Record<string, string> {
  const files = [join(i18nDir, `${locale}.json`)];
  const areaDir = join(i18nDir, locale);
  if (existsSync(areaDir)) files.push(...readdirSync(areaDir).filter((f) => f.endsWith('.json')).sort().map((f) => join(areaDir, f)));
  const merged: Record<string, string> = {};
  for (const file of files) {
    for (const [key, text] of Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>)) {
      if (key in merged) throw new Error(`translation key ${key} is defined twice (again in ${file})`);
      merged[key] = text;
    }
  }
  return merged;
}

const messages: Record<Locale, Record<string, string>> = { en: loadMessages('en'), 'zh-CN': loadMessages('zh-CN') };

export function translate(locale: Locale, key: string): string {
  return messages[locale][key] ?? messages.en[key] ?? key;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
