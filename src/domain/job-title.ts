/**
 * A person's job title. Titles are given in both languages, like names; a title stored before
 * that (one string) still reads, the same in either language.
 */
export type JobTitle = string | { en: string; 'zh-CN': string };

export function jobTitleIn(title: JobTitle | null | undefined, locale: 'en' | 'zh-CN'): string {
  if (title === null || title === undefined) return '';
  if (typeof title === 'string') return title;
  return title[locale] || title.en || title['zh-CN'] || '';
}

/** True for a title a person record may hold: a non-empty string, or a non-empty en and zh-CN. */
export function isJobTitle(value: unknown): value is JobTitle {
  if (typeof value === 'string') return value.trim() !== '';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { en, 'zh-CN': zh, ...rest } = value as Record<string, unknown>;
  return Object.keys(rest).length === 0 && typeof en === 'string' && en.trim() !== '' && typeof zh === 'string' && zh.trim() !== '';
}
