import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { loadMessages } from '../../src/server/i18n';
import { CASE_CONTEXT_SOURCES } from '../../src/domain/case-context';

const templatesDir = join(__dirname, '..', '..', 'templates');
const templateFiles = ['.', 'partials', 'letters'].flatMap((dir) =>
  readdirSync(join(templatesDir, dir)).filter((f) => f.endsWith('.hbs')).map((f) => join(dir, f)));

// A template that does not parse breaks its page at the first request, not at start-up.
test.each(templateFiles)('template %s parses', (file) => {
  expect(() => Handlebars.precompile(readFileSync(join(templatesDir, file), 'utf8'))).not.toThrow();
});

test('every string has an English and a Chinese text', () => {
  const en = loadMessages('en');
  const zh = loadMessages('zh-CN');
  expect(Object.keys(en).filter((key) => !(key in zh))).toEqual([]);
  expect(Object.keys(zh).filter((key) => !(key in en))).toEqual([]);
  expect(Object.entries(zh).filter(([, text]) => typeof text !== 'string')).toEqual([]);
});

test('every case-context source says in both languages when the case has nothing for it yet', () => {
  // context-nothing-yet.hbs reads context.nothingYet.<source>; a source without it showed the key itself.
  for (const locale of ['en', 'zh-CN'] as const) {
    const messages = loadMessages(locale);
    const missing = [...CASE_CONTEXT_SOURCES, 'submission'].filter((source) => !(`context.nothingYet.${source}` in messages));
    expect({ locale, missing }).toEqual({ locale, missing: [] });
  }
});
