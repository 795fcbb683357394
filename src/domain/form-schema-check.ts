/**
 * The shape a Form.io schema must have before it is stored as a form version: a components list,
 * every input keyed, keys unique across the form (nested panels and columns included) and usable as
 * stored object keys (no '.' or '$', which neither MongoDB nor FerretDB keep in keys).
 */
export interface SchemaProblem {
  field: string;
  code: string;
  message: string;
}

const KEY = /^[A-Za-z_][A-Za-z0-9_-]{0,99}$/;
const MAX_COMPONENTS = 500;

type Node = Record<string, unknown>;

function childrenOf(node: Node): Node[] {
  const out: Node[] = [];
  if (Array.isArray(node.components)) out.push(...(node.components as Node[]));
  if (Array.isArray(node.columns)) for (const column of node.columns as Node[]) if (column && Array.isArray(column.components)) out.push(...(column.components as Node[]));
  if (Array.isArray(node.rows)) for (const row of node.rows as unknown[]) if (Array.isArray(row)) for (const cell of row as Node[]) if (cell && Array.isArray(cell.components)) out.push(...(cell.components as Node[]));
  return out;
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
  return problems;
}
