import { caseContextProblems } from './case-context';

/**
 * The shape a Form.io schema must have before it is stored as a form version: a components list,
 * every input keyed, keys unique across the form (nested panels and columns included) and usable as
 * stored object keys (no '.' or '$', which neither MongoDB nor FerretDB keep in keys); no deeper than
 * a store keeps (MongoDB: 100 levels) and no list directly inside a list (FerretDB refuses those);
 * text a person reads (labels, titles, descriptions, translations) without markup, since Form.io
 * renders it as HTML.
 */
export interface SchemaProblem {
  field: string;
  code: string;
  message: string;
}

const KEY = /^[A-Za-z_][A-Za-z0-9_-]{0,99}$/;
const MAX_COMPONENTS = 500;
const MAX_DEPTH = 64;
/** Properties whose text Form.io shows as HTML; translations and title_i18n hold such text too. */
const TEXT_PROPERTIES = new Set(['label', 'title', 'description', 'placeholder', 'tooltip', 'legend', 'prefix', 'suffix', 'errorLabel']);
const TEXT_MAPS = new Set(['translations', 'title_i18n']);
/** A tag, a comment or a processing instruction: "<script", "</b", "<!--"; a lone "<" as in "a < 3" is text. */
const MARKUP = /<\s*[A-Za-z!/?]/;

type Node = Record<string, unknown>;

function childrenOf(node: Node): Node[] {
  const out: Node[] = [];
  if (Array.isArray(node.components)) out.push(...(node.components as Node[]));
  if (Array.isArray(node.columns)) for (const column of node.columns as Node[]) if (column && Array.isArray(column.components)) out.push(...(column.components as Node[]));
  if (Array.isArray(node.rows)) for (const row of node.rows as unknown[]) if (Array.isArray(row)) for (const cell of row as Node[]) if (cell && Array.isArray(cell.components)) out.push(...(cell.components as Node[]));
  return out;
}

/**
 * Where the schema nests deeper than a store keeps, or holds a list directly inside a list; walked
 * without recursion, so a body nested thousands of levels deep is refused, not a stack overflow.
 */
function badNesting(schema: unknown): SchemaProblem | null {
  const stack: Array<{ value: unknown; depth: number; path: string; inList: boolean }> = [{ value: schema, depth: 1, path: 'schema', inList: false }];
  while (stack.length > 0) {
    const { value, depth, path, inList } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_DEPTH) return { field: path.slice(0, 200), code: 'too-deep', message: `the schema nests deeper than ${MAX_DEPTH} levels` };
    if (Array.isArray(value)) {
      if (inList) return { field: path.slice(0, 200), code: 'list-in-list', message: 'a list directly inside a list cannot be stored (Form.io tables are not supported: use columns)' };
      value.forEach((item, i) => stack.push({ value: item, depth: depth + 1, path: `${path}[${i}]`, inList: true }));
    } else {
      for (const [key, inner] of Object.entries(value)) stack.push({ value: inner, depth: depth + 1, path: `${path}.${key.slice(0, 60)}`, inList: false });
    }
  }
  return null;
}

/** Text a person reads that holds markup: a label, title, description… or a translation. */
function markupInText(value: unknown, path: string, found: string[], inTextMap = false): void {
  if (found.length >= 20 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) { value.forEach((item, i) => markupInText(item, `${path}[${i}]`, found)); return; }
  for (const [key, inner] of Object.entries(value)) {
    const where = `${path}.${key.slice(0, 60)}`;
    if (typeof inner === 'string' && (inTextMap || TEXT_PROPERTIES.has(key)) && MARKUP.test(inner)) found.push(where);
    else markupInText(inner, where, found, inTextMap || TEXT_MAPS.has(key));
  }
}

/** Object keys anywhere in the schema that a store would refuse. */
function badObjectKeys(value: unknown, path: string, found: string[]): void {
  if (found.length >= 20 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) { value.forEach((item, i) => badObjectKeys(item, `${path}[${i}]`, found)); return; }
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes('.') || key.startsWith('$') || key.includes('\u0000')) found.push(`${path}.${key.slice(0, 60)}`);
    badObjectKeys(inner, `${path}.${key}`, found);
  }
}

export function checkFormSchema(schema: unknown): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return [{ field: 'schema', code: 'type', message: 'the schema must be an object' }];
  const nesting = badNesting(schema);
  if (nesting) return [nesting];
  const root = schema as Node;
  if (!Array.isArray(root.components)) return [{ field: 'schema.components', code: 'required', message: 'the schema needs a components list' }];
  const seen = new Map<string, number>();
  let count = 0;
  const stack: Array<{ node: unknown; path: string }> = (root.components as unknown[]).map((node, i) => ({ node, path: `schema.components[${i}]` }));
  while (stack.length > 0) {
    const { node, path } = stack.shift()!;
    if (++count > MAX_COMPONENTS) { problems.push({ field: 'schema.components', code: 'too-many', message: `a form holds at most ${MAX_COMPONENTS} components` }); break; }
    if (node === null || typeof node !== 'object' || Array.isArray(node)) { problems.push({ field: path, code: 'type', message: 'a component must be an object' }); continue; }
    const component = node as Node;
    if (typeof component.type !== 'string' || component.type === '') problems.push({ field: `${path}.type`, code: 'required', message: 'a component needs a type' });
    const key = component.key;
    if (typeof key !== 'string' || key === '') problems.push({ field: `${path}.key`, code: 'required', message: 'a component needs a key' });
    else if (!KEY.test(key)) problems.push({ field: `${path}.key`, code: 'pattern', message: `the key ${key.slice(0, 60)} must start with a letter and hold only letters, digits, _ or - (no '.' or '$')` });
    else {
      seen.set(key, (seen.get(key) ?? 0) + 1);
      if (seen.get(key) === 2) problems.push({ field: `${path}.key`, code: 'duplicate', message: `the key ${key} is used by more than one component` });
    }
    childrenOf(component).forEach((child, i) => stack.push({ node: child, path: `${path}.components[${i}]` }));
  }
  const badKeys: string[] = [];
  badObjectKeys(schema, 'schema', badKeys);
  for (const where of badKeys) problems.push({ field: where, code: 'key', message: 'object keys may not contain . or start with $' });
  const withMarkup: string[] = [];
  markupInText(schema, 'schema', withMarkup);
  for (const where of withMarkup) problems.push({ field: where, code: 'markup', message: 'plain text only: no HTML tags or script' });
  problems.push(...caseContextProblems(schema));
  return problems;
}
