/**
 * The variable names a JUEL expression reads, as the engine would resolve them: `${decision == 'return'}`
 * reads decision; `${peerIds.split(',')[loopCounter]}` reads peerIds and loopCounter (split is a method);
 * `${dateTime().plusDays(2)}` reads nothing (a function). The modeler's lint refuses an expression
 * that reads a variable nothing upstream produces, which would otherwise fail only when a case runs.
 */

/** JUEL's reserved words: operators and literals, never variables. */
const KEYWORDS = new Set(['true', 'false', 'null', 'empty', 'not', 'and', 'or', 'div', 'mod', 'eq', 'ne', 'lt', 'gt', 'le', 'ge', 'instanceof']);

/** What the engine itself resolves in any expression (Camunda 7's built-in context). */
export const ENGINE_NAMES = new Set(['execution', 'task', 'authenticatedUserId', 'variableScope', 'connectors', 'externalTask']);

/** The `${…}` and `#{…}` parts of a text; a text without them is a literal. */
export function expressionsIn(text: string): string[] {
  const out: string[] = [];
  const pattern = /[$#]\{((?:'[^']*'|"[^"]*"|[^}'"])*)\}/g;
  for (const match of text.matchAll(pattern)) out.push(match[1]!);
  return out;
}

/** The names an expression body reads: not in strings, not after a dot, not called as functions. */
export function variablesRead(body: string): string[] {
  const withoutStrings = body.replace(/'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"/g, ' ');
  const names = new Set<string>();
  for (const match of withoutStrings.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
    const name = match[0];
    const before = withoutStrings.slice(0, match.index).trimEnd();
    const after = withoutStrings.slice(match.index! + name.length).trimStart();
    if (before.endsWith('.') || /[0-9]$/.test(before) && /^[eE]/.test(name)) continue; // a property, or 1e5
    if (after.startsWith('(') || (after.startsWith(':') && !before.endsWith('?'))) continue; // a function, fn:name
    if (KEYWORDS.has(name) || ENGINE_NAMES.has(name)) continue;
    names.add(name);
  }
  return [...names];
}

/** Every variable a text with expressions reads (a literal text reads none). */
export function variablesReadIn(text: string): string[] {
  return [...new Set(expressionsIn(text).flatMap(variablesRead))];
}
