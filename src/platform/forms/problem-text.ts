import { FORMIO_ZH_CN } from '../../domain/formio-zh-CN';
import { translate, type Locale } from '../i18n';

/**
 * A refused submission's reason in the reader's language. The server's own rules (a grid's total,
 * a value's type…) are worded by templates/i18n/<locale>/forms.json; Form.io's rules by the same
 * tables the renderer uses (English from @formio/core, Chinese from domain/formio-zh-CN.ts). The
 * field is named by its label in that language (the form's `translations`).
 */
export type Reason =
  | { key: string; params: Record<string, unknown>; label?: string; formio?: undefined }
  | { formio: string; params: Record<string, unknown>; label: string; key?: undefined };

/** {{ name }} filled from the values; no code runs (a reason's text is data). */
export function fill(template: string, values: Record<string, unknown>): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_match, name: string) => {
    const value = values[name];
    return value === undefined || value === null ? '' : String(value);
  });
}

/** A form's label in the reader's language: its translation, else as the form wrote it. */
export function labelIn(locale: Locale, label: string, translations: Record<string, Record<string, string>>): string {
  return translations[locale]?.[label] ?? label;
}

export function reasonText(reason: Reason, locale: Locale, translations: Record<string, Record<string, string>>): string {
  const field = reason.label === undefined ? undefined : labelIn(locale, reason.label, translations);
  if (reason.formio === undefined) return fill(translate(locale, reason.key), { ...reason.params, field });
  // Form.io's key (required, max…), or a form's own custom message in its translation.
  const template = (locale === 'zh-CN' ? FORMIO_ZH_CN[reason.formio] : undefined) ?? labelIn(locale, reason.formio, translations);
  return fill(template, { ...reason.params, field });
}
