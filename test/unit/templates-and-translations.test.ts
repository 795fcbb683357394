import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { loadMessages } from '../../src/server/i18n';

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
