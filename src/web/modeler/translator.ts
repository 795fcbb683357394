/**
 * diagram-js's `translate` service over a dictionary: the zh-CN text where it has one (English
 * otherwise), `{name}` filled from the replacements (a name written with spaces, `{ name }`, too).
 * The flow editor's dictionary (translate-zh.ts) and the decision editor's
 * (../decisions/translate-dmn-zh.ts) each go through it.
 */
export function translatorOver(dictionary: Record<string, string>, locale: string) {
  return function translate(template: string, replacements?: Record<string, string>): string {
    const text = locale === 'zh-CN' ? (dictionary[template] ?? template) : template;
    return text.replace(/{([^}]+)}/g, (_m, key: string) => replacements?.[key] ?? replacements?.[key.trim()] ?? `{${key}}`);
  };
}

/** A diagram-js module whose `translate` service answers from this dictionary. */
export function translateModuleOver(dictionary: Record<string, string>, locale: string) {
  return { translate: ['value', translatorOver(dictionary, locale)] };
}
