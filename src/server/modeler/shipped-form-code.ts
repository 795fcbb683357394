import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeAllowList, type CodeAllowList } from '../../domain/form-code-check';

const formsDir = join(__dirname, '..', '..', '..', 'forms');

/** The code the shipped forms (forms/*.json) carry, read once at start: all the code a saved form may hold. */
export const SHIPPED_FORM_CODE: CodeAllowList = codeAllowList(
  readdirSync(formsDir).filter((name) => name.endsWith('.json')).sort().map((name) => JSON.parse(readFileSync(join(formsDir, name), 'utf8')) as unknown),
);
