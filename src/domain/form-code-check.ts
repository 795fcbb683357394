/**
 * Code inside a Form.io schema. @formio/core runs it on the server when it validates a submission
 * (with `new Function`, see node_modules/@formio/core/lib/utils/Evaluator.js), and formio.js runs it
 * in every browser that shows the form; so a form saved in the builder may only carry code a release
 * shipped: the exact text (trimmed) of that property kind in one of forms/*.json.
 *
 * Where @formio/core 2.x evaluates a schema's text (utils/utils.js evaluate/interpolate and their callers):
 * - validate.custom (validateCustom, interpolated first), validate.json (validateJson, JSONLogic)
 * - customConditional, conditional.json (utils/conditions.js)
 * - calculateValue (process/calculation), customDefaultValue (process/defaultValue)
 * - logic[].trigger.javascript / .json, logic[].actions[].value / customAction / schemaDefinition / text (utils/logic.js)
 * - data.custom of a select (validateAvailableItems), fetch.url / headers / body / mapFunction (process/fetch)
 * - minDate, maxDate, widget.minDate, widget.maxDate: a value that is not a date is run as `return <value>;` (utils/date.js)
 * - {{ … }} in errorLabel, label, placeholder, validate.customMessage, errors, data.url: interpolated, and
 *   `{{ name(arg) }}` calls whatever `name` finds (Evaluator.interpolateString); formio.js in the browser
 *   runs {{ … }} and {% … %} of its templates (select template, edit grid rows, content html) as JavaScript
 * formio.js adds datePicker/widget disableFunction, a button's `custom` action and `on…` attributes.
 * - a form's `module`: pasted in front of every piece of code it evaluates (Evaluator.evaluate, options.formModule)
 * serverOverride copies its properties onto the component on the server; it is walked like the rest.
 */
export interface CodeProblem {
  field: string;
  code: string;
  message: string;
}

/** Properties whose whole value is code (JavaScript, JSONLogic, or a structure of them) whenever it is not empty. */
export const CODE_PROPERTIES = new Set([
  'custom', 'customConditional', 'calculateValue', 'customDefaultValue', 'json', 'javascript',
  'logic', 'customAction', 'schemaDefinition', 'mapFunction', 'fetch', 'disableFunction', 'module',
]);
/** Date settings: a plain date is a date, anything else is run as code. */
export const DATE_PROPERTIES = new Set(['minDate', 'maxDate']);
/** The kind of a string anywhere in the schema holding a {{ … }} or {% … %} template. */
export const TEMPLATE = 'template';

const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;
const TEMPLATE_MARK = /\{\{|\{%/;
/** Maps keyed by free text (a translation's source text, an owner's own property names): their keys name no property. */
const FREE_KEY_MAPS = new Set(['translations', 'title_i18n', 'properties']);
const MAX_PROBLEMS = 20;
/** A path is named up to about this long (a schema nested thousands deep is walked, not printed). */
const MAX_PATH = 300;

/** Code strings per property kind (the property's name, or "template", or "attributes.on…"). */
export type CodeAllowList = ReadonlyMap<string, ReadonlySet<string>>;

export interface CodeFound {
  field: string;
  kind: string;
  text: string;
}

function sortedKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, (value as Record<string, unknown>)[key]]));
}

/** The text the allow-list compares: a string trimmed, anything else as JSON with sorted keys; null when there is no code. */
function codeText(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (value === null || typeof value !== 'object') return null; // numbers and booleans are never run
  if (Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0) return null;
  try {
    return JSON.stringify(value, (_key, inner) => sortedKeys(inner));
  } catch {
    return '\u0000unreadable'; // nested too deep to print: never on any list
  }
}

/** Every piece of code in a schema, with where it is; walked without recursion. */
export function codeInSchema(schema: unknown): CodeFound[] {
  const found: CodeFound[] = [];
  const stack: Array<{ value: unknown; path: string; key: string; parentKey: string; freeKeys: boolean }> = [{ value: schema, path: 'schema', key: '', parentKey: '', freeKeys: false }];
  while (stack.length > 0) {
    const { value, path, key, parentKey, freeKeys } = stack.pop()!;
    // Inside a map keyed by free text only templates count: its keys name no property.
    if (!freeKeys && CODE_PROPERTIES.has(key)) {
      const text = codeText(value);
      if (text !== null) found.push({ field: path, kind: key, text });
      continue;
    }
    if (!freeKeys && DATE_PROPERTIES.has(key) && typeof value === 'string') {
      if (value.trim() !== '' && !PLAIN_DATE.test(value.trim())) found.push({ field: path, kind: key, text: value.trim() });
      continue;
    }
    if (!freeKeys && parentKey === 'attributes' && /^on/i.test(key)) {
      const text = codeText(value);
      if (text !== null) found.push({ field: path, kind: `attributes.${key.toLowerCase()}`, text });
      continue;
    }
    if (typeof value === 'string') {
      if (TEMPLATE_MARK.test(value)) found.push({ field: path, kind: TEMPLATE, text: value.trim() });
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    const inner = freeKeys || FREE_KEY_MAPS.has(key);
    const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((item, i) => [`[${i}]`, item]) : Object.entries(value);
    // Pushed in reverse, so the walk (and the problems) follow the schema's order.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [name, item] = entries[i]!;
      const childPath = path.length > MAX_PATH ? path : Array.isArray(value) ? `${path}${name}` : `${path}.${name.slice(0, 60)}`;
      stack.push({ value: item, path: childPath, key: Array.isArray(value) ? '' : name, parentKey: key, freeKeys: inner });
      // A key that holds a template is text too ("{{x}}": …), for translations keyed by their source text.
      if (!Array.isArray(value) && TEMPLATE_MARK.test(name)) found.push({ field: childPath, kind: TEMPLATE, text: name.trim() });
    }
  }
  return found;
}

/** The allow-list: every piece of code in the shipped schemas, by kind. */
export function codeAllowList(shipped: unknown[]): CodeAllowList {
  const allowed = new Map<string, Set<string>>();
  for (const schema of shipped) {
    for (const { kind, text } of codeInSchema(schema)) {
      if (!allowed.has(kind)) allowed.set(kind, new Set());
      allowed.get(kind)!.add(text);
    }
  }
  return allowed;
}

/** The code of a schema that is not on the allow-list, one problem per property (at most 20). */
export function checkFormCode(schema: unknown, allowed: CodeAllowList): CodeProblem[] {
  const problems: CodeProblem[] = [];
  for (const { field, kind, text } of codeInSchema(schema)) {
    if (allowed.get(kind)?.has(text)) continue;
    problems.push({
      field,
      code: 'code',
      message: kind === TEMPLATE
        ? 'templates ({{ … }} or {% … %}) run as code: only those of a shipped form may be saved'
        : `${kind} holds code: only code that a shipped form uses for ${kind} may be saved`,
    });
    if (problems.length >= MAX_PROBLEMS) break;
  }
  return problems;
}
