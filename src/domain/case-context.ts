/**
 * The context component: a read-only view of the case's data that a process owner places on a form in
 * the builder, with no code. It is Form.io's own HTML element with a custom property naming what it
 * shows (the builder's API tab):
 *
 *   { "type": "htmlelement", "key": "appealContext", "input": false, "properties": { "caseContext": "appeal" } }
 *
 * The server fills its `content` when it serves the task's form, from the named source and for the
 * person reading it (src/server/tasks/case-context/). It carries no data: validation skips it.
 */
export const CASE_CONTEXT_PROPERTY = 'caseContext';

/** Sources without a parameter; `submission:<formKey>` is the one with. */
export const CASE_CONTEXT_SOURCES = ['subject', 'appeal', 'clawback-proposal', 'bonus-allocation', 'calibration-moves', 'calibration-meeting', 'risk-warnings'] as const;
export type FixedContextSource = (typeof CASE_CONTEXT_SOURCES)[number];

export type CaseContextSource =
  | { kind: FixedContextSource }
  | { kind: 'submission'; formKey: string };

/** A form key as the store keeps them (forms/<key>.json). */
const FORM_KEY = /^[a-z][a-z0-9-]{0,59}$/;

/** "appeal" → { kind: 'appeal' }, "submission:self-assessment" → { kind: 'submission', formKey }, anything else → null. */
export function parseCaseContextSource(text: unknown): CaseContextSource | null {
  if (typeof text !== 'string') return null;
  const value = text.trim();
  if ((CASE_CONTEXT_SOURCES as readonly string[]).includes(value)) return { kind: value as FixedContextSource };
  const match = /^submission:(.+)$/.exec(value);
  return match && FORM_KEY.test(match[1]!) ? { kind: 'submission', formKey: match[1]! } : null;
}

export interface ContextComponent {
  /** The component itself, in the schema it was found in (filling it changes that schema). */
  component: Record<string, unknown>;
  path: string;
  source: CaseContextSource | null;
  /** The property as written, for a problem that names it. */
  written: unknown;
}

type Node = Record<string, unknown>;

/** Every component carrying a `caseContext` property, through panels, columns, tables and grids; walked without recursion. */
export function contextComponents(schema: unknown): ContextComponent[] {
  const found: ContextComponent[] = [];
  if (schema === null || typeof schema !== 'object') return found;
  const stack: Array<{ node: unknown; path: string }> = [{ node: schema, path: 'schema' }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push({ node: node[i], path: `${path}[${i}]` });
      continue;
    }
    const component = node as Node;
    const properties = component.properties;
    if (path !== 'schema' && properties && typeof properties === 'object' && !Array.isArray(properties) && CASE_CONTEXT_PROPERTY in properties) {
      const written = (properties as Node)[CASE_CONTEXT_PROPERTY];
      found.push({ component, path, source: parseCaseContextSource(written), written });
    }
    for (const key of ['rows', 'columns', 'components'] as const) {
      if (component[key] !== undefined) stack.push({ node: component[key], path: `${path}.${key}` });
    }
  }
  return found;
}

export interface ContextProblem {
  field: string;
  code: string;
  message: string;
}

/**
 * What a saved form may not do with the property: name a source that does not exist, or put it on
 * anything but an HTML element that takes no input (it would otherwise be a field whose value is
 * the case's data, sent back by the browser).
 */
export function caseContextProblems(schema: unknown): ContextProblem[] {
  const problems: ContextProblem[] = [];
  for (const { component, path, source, written } of contextComponents(schema)) {
    const field = `${path}.properties.${CASE_CONTEXT_PROPERTY}`;
    if (!source) {
      problems.push({
        field, code: 'enum',
        message: `${CASE_CONTEXT_PROPERTY} is one of ${CASE_CONTEXT_SOURCES.join(', ')} or submission:<form key>; got ${JSON.stringify(written)?.slice(0, 80)}`,
      });
    }
    if (component.type !== 'htmlelement' || component.input !== false) {
      problems.push({ field: `${path}.type`, code: 'context-component', message: `${CASE_CONTEXT_PROPERTY} belongs on an HTML element with "input": false` });
    }
  }
  return problems;
}

/** The sources a form shows, as a set a page template can ask (`calibration-moves` → true). */
export function contextSourcesOf(schema: unknown): Record<string, true> {
  return Object.fromEntries(contextComponents(schema).flatMap(({ source }) => (source ? [[source.kind, true] as const] : [])));
}
