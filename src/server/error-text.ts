import type { HttpError } from './http-errors';
import { loadMessages, type Locale } from './i18n';

/**
 * The server's English answers (an HTTP error's message, a field problem's message) in the reader's
 * language. templates/i18n/en/errors.json holds each message as the server words it, under a key
 * "error.<name>", with {{name}} where it varies; templates/i18n/zh-CN/errors.json the same key in
 * Chinese. A varying part that is itself a word the server uses ("task" in "another change to this
 * task is under way") is translated by the key "error.word.<word>" when there is one. The English
 * message stays the API's stable wording; this is what a page shows (`text`).
 */
interface Pattern { key: string; regex: RegExp; names: string[] }

const en = loadMessages('en');
const texts: Record<Locale, Record<string, string>> = { en, 'zh-CN': loadMessages('zh-CN') };

const MULTIWORD = new Set(['what', 'list', 'detail', 'name']);

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const patterns: Pattern[] = Object.entries(en)
  .filter(([key]) => key.startsWith('error.') && !key.startsWith('error.word.'))
  .map(([key, template]) => {
    const names: string[] = [];
    const parts = template.split(/\{\{\s*(\w+)\s*\}\}/);
    // A varying part is one word (an id, a field, a date), but a few names may be several words:
    // "what" ("goal change"), "list" ("a, b, c"), "detail" (a phrase the server composes), "name" (a person's).
    const source = parts.map((part, i) => (i % 2 === 0 ? escape(part) : (names.push(part), MULTIWORD.has(part) ? '(.+?)' : '(\\S+)'))).join('');
    return { key, regex: new RegExp(`^${source}$`, 's'), names };
  })
  // The most specific wording first: a template with more fixed text wins over a looser one.
  .sort((a, b) => b.regex.source.length - a.regex.source.length);

/** The message in the locale; undefined in English (the message is the reader's already) or where the server has no words for it. */
export function errorText(message: string, locale: Locale, words?: HttpError['words']): string | undefined {
  if (locale === 'en') return undefined;
  for (const pattern of patterns) {
    const match = pattern.regex.exec(message);
    if (!match) continue;
    const template = texts[locale][pattern.key];
    if (!template) return undefined;
    const values = Object.fromEntries(pattern.names.map((name, i) => {
      const value = match[i + 1] ?? '';
      return [name, words?.[name]?.[locale] ?? texts[locale][`error.word.${value}`] ?? value];
    }));
    return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_all, name: string) => values[name] ?? '');
  }
  return undefined;
}

/** A problem list with each problem's `text` in the locale where the server has not worded it already. */
export function problemsWithText<T extends { message: string; text?: string }>(problems: readonly T[], locale: Locale): T[] {
  return problems.map((problem) => {
    if (problem.text !== undefined) return problem;
    const text = errorText(problem.message, locale);
    return text === undefined ? problem : { ...problem, text };
  });
}
