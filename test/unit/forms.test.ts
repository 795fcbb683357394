import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const formsDir = join(__dirname, '..', '..', 'forms');
const forms = readdirSync(formsDir).filter((f) => f.endsWith('.json')).map((f) => [f, JSON.parse(readFileSync(join(formsDir, f), 'utf8'))] as const);

function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(v)]);
  return [];
}

function texts(components: any[]): string[] {
  return components.flatMap((c) => [c.label, c.description, c.addAnother, ...(c.values ?? []).map((v: { label: string }) => v.label),
    ...(c.optionsFrom ? [] : (c.data?.values ?? []).map((v: { label: string }) => v.label)), ...texts(c.components ?? [])]).filter((t): t is string => typeof t === 'string' && t !== '');
}

describe.each(forms)('forms/%s', (_file, form) => {
  it('has a zh-CN translation for every label, description and option it shows', () => {
    const missing = texts(form.components).filter((t) => !/^(KPI|OKR|[A-E])$/.test(t) && !form.translations?.['zh-CN']?.[t]);
    expect(missing).toEqual([]);
    expect(form.title_i18n['zh-CN']).toBeTruthy();
  });

  it('can be stored: no key with a dot or a leading $ (the store refuses them)', () => {
    expect(keysOf(form).filter((k) => k.includes('.') || k.startsWith('$'))).toEqual([]);
  });
});
