/**
 * What the server checks in a DMN decision table before it is saved (pure: the XML is read into a
 * DecisionTable by src/server/modeler/decision-elements.ts).
 *
 * The rules that need an answer here are the hit policies that forbid overlapping rules: UNIQUE (no
 * two rules may match the same inputs) and ANY (they may, but only with the same outputs). Two rules
 * overlap when, column by column, their input entries can match a common value. The entries are FEEL
 * unary tests; this module reads the common ones exactly:
 *   -  or empty               anything
 *   "a"   "a","b"   not("a")  strings and lists of them, and their negation
 *   5   < 5   >= 10          numbers and comparisons
 *   [1..5]   (1..5]   ]1..5[  ranges (open ends with ( ) or ] [)
 *   true   false              booleans
 * and lists and not(…) of them. Anything else (a function, a variable, a date) it cannot analyse:
 * a pair of rules that may overlap only through such an entry gets a warning that says so, never
 * an error, so a table is refused only for an overlap that certainly exists.
 */

export interface DecisionInput {
  id: string;
  label: string;
  expression: string;
  typeRef: string;
}

export interface DecisionOutput {
  id: string;
  name: string;
  label: string;
  typeRef: string;
}

export interface DecisionRule {
  id: string;
  /** One FEEL unary test per input column, as written. */
  inputEntries: string[];
  /** One FEEL expression per output column, as written. */
  outputEntries: string[];
}

export interface DecisionTable {
  hitPolicy: string;
  aggregation: string | null;
  inputs: DecisionInput[];
  outputs: DecisionOutput[];
  rules: DecisionRule[];
}

export interface TableProblem {
  code: string;
  /** The rule or column the problem is about (an id from the XML), or '' for the table. */
  elementId: string;
  message: string;
}

export const HIT_POLICIES = ['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT', 'RULE ORDER', 'OUTPUT ORDER'] as const;

interface Interval {
  /** null: unbounded. */
  low: number | null;
  lowIncluded: boolean;
  high: number | null;
  highIncluded: boolean;
}

/** What one input entry matches, as far as it can be told. */
export type EntryCondition =
  | { kind: 'any' }
  | { kind: 'numbers'; intervals: Interval[] }
  | { kind: 'strings'; values: string[]; negated: boolean }
  | { kind: 'booleans'; values: boolean[] }
  | { kind: 'unknown'; reason: string };

export class FeelSyntaxError extends Error {}

const NUMBER = /^-?(?:\d+(?:\.\d+)?|\.\d+)$/;

/** Splits at commas outside strings, brackets and parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth <= 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  // Ranges may close with the "wrong" bracket (]1..5[), so depth is not a syntax check; quotes are.
  if (inString) throw new FeelSyntaxError(`a string is never closed: ${text.slice(0, 80)}`);
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

const full = (): Interval => ({ low: null, lowIncluded: false, high: null, highIncluded: false });

function single(text: string): EntryCondition {
  if (text === '') throw new FeelSyntaxError('an empty test in a list');
  if (text.startsWith('"')) {
    if (!/^"(?:[^"\\]|\\.)*"$/.test(text)) throw new FeelSyntaxError(`not a string literal: ${text.slice(0, 80)}`);
    return { kind: 'strings', values: [JSON.parse(text) as string], negated: false };
  }
  if (text === 'true' || text === 'false') return { kind: 'booleans', values: [text === 'true'] };
  if (NUMBER.test(text)) {
    const n = Number(text);
    return { kind: 'numbers', intervals: [{ low: n, lowIncluded: true, high: n, highIncluded: true }] };
  }
  const comparison = /^(<=|>=|<|>|=)\s*(\S.*)$/.exec(text);
  if (comparison) {
    const [, op, operand] = comparison as unknown as [string, string, string];
    if (!NUMBER.test(operand)) return { kind: 'unknown', reason: `the comparison ${text.slice(0, 80)} is not with a number` };
    const n = Number(operand);
    const interval = full();
    if (op === '<' || op === '<=') Object.assign(interval, { high: n, highIncluded: op === '<=' });
    else if (op === '>' || op === '>=') Object.assign(interval, { low: n, lowIncluded: op === '>=' });
    else Object.assign(interval, { low: n, lowIncluded: true, high: n, highIncluded: true });
    return { kind: 'numbers', intervals: [interval] };
  }
  const range = /^([[(\]])\s*(\S+?)\s*\.\.\s*(\S+?)\s*([\])[])$/.exec(text);
  if (range) {
    const [, open, a, b, close] = range as unknown as [string, string, string, string, string];
    if (!NUMBER.test(a) || !NUMBER.test(b)) return { kind: 'unknown', reason: `the range ${text.slice(0, 80)} is not between numbers` };
    return { kind: 'numbers', intervals: [{ low: Number(a), lowIncluded: open === '[', high: Number(b), highIncluded: close === ']' }] };
  }
  if (/^[[(\]]/.test(text) && text.includes('..')) throw new FeelSyntaxError(`not a range: ${text.slice(0, 80)}`);
  return { kind: 'unknown', reason: `${text.slice(0, 80)} is not a literal, a comparison with a number or a range` };
}

function union(parts: EntryCondition[]): EntryCondition {
  const unknown = parts.find((p) => p.kind === 'unknown');
  if (unknown) return unknown;
  if (parts.some((p) => p.kind === 'any')) return { kind: 'any' };
  const kinds = new Set(parts.map((p) => p.kind));
  if (kinds.size > 1) return { kind: 'unknown', reason: 'the list mixes strings, numbers and booleans' };
  const first = parts[0]!;
  if (first.kind === 'numbers') return { kind: 'numbers', intervals: parts.flatMap((p) => (p as { intervals: Interval[] }).intervals) };
  if (first.kind === 'booleans') return { kind: 'booleans', values: [...new Set(parts.flatMap((p) => (p as { values: boolean[] }).values))] };
  return { kind: 'strings', values: [...new Set(parts.flatMap((p) => (p as { values: string[] }).values))], negated: false };
}

/** The complement of a union of intervals on the number line. */
function complement(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => (a.low ?? -Infinity) - (b.low ?? -Infinity));
  const out: Interval[] = [];
  // Where the part not covered so far begins (null: minus infinity); included: that point itself is not covered.
  let from: { at: number | null; included: boolean } = { at: null, included: false };
  for (const i of sorted) {
    if (i.low !== null) {
      const gap: Interval = { low: from.at, lowIncluded: from.included, high: i.low, highIncluded: !i.lowIncluded };
      if (!isEmpty(gap)) out.push(gap);
    }
    if (i.high === null) return out;
    const next = { at: i.high, included: !i.highIncluded };
    if (from.at === null || next.at > from.at || (next.at === from.at && !next.included)) from = next;
  }
  out.push({ low: from.at, lowIncluded: from.included, high: null, highIncluded: false });
  return out;
}

function isEmpty(i: Interval): boolean {
  if (i.low === null || i.high === null) return false;
  if (i.low > i.high) return true;
  return i.low === i.high && !(i.lowIncluded && i.highIncluded);
}

/**
 * Reads one input entry. Throws FeelSyntaxError for text that is no FEEL unary test at all (an
 * unclosed string, a broken range); answers kind "unknown" for valid FEEL it does not analyse.
 */
export function parseUnaryTests(text: string): EntryCondition {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '-') return { kind: 'any' };
  const negation = /^not\s*\(([\s\S]*)\)$/.exec(trimmed);
  if (negation) {
    const inner = parseUnaryTests(negation[1]!);
    if (inner.kind === 'strings') return { ...inner, negated: !inner.negated };
    if (inner.kind === 'numbers') return { kind: 'numbers', intervals: complement(inner.intervals) };
    if (inner.kind === 'booleans') return { kind: 'booleans', values: [true, false].filter((b) => !inner.values.includes(b)) };
    if (inner.kind === 'any') return { kind: 'unknown', reason: 'not(-) matches nothing' };
    return inner;
  }
  return union(splitTopLevel(trimmed).map(single));
}

function intervalsMeet(a: Interval, b: Interval): boolean {
  const low = a.low === null ? b : b.low === null ? a : a.low > b.low ? a : b.low > a.low ? b : { low: a.low, lowIncluded: a.lowIncluded && b.lowIncluded };
  const high = a.high === null ? b : b.high === null ? a : a.high < b.high ? a : b.high < a.high ? b : { high: a.high, highIncluded: a.highIncluded && b.highIncluded };
  return !isEmpty({ low: low.low ?? null, lowIncluded: low.lowIncluded ?? false, high: high.high ?? null, highIncluded: high.highIncluded ?? false });
}

export type Overlap = 'yes' | 'no' | 'unknown';

/** Whether two entries of one column can match a common value. */
export function entriesOverlap(a: EntryCondition, b: EntryCondition): Overlap {
  if (a.kind === 'any' || b.kind === 'any') return 'yes';
  if (a.kind === 'unknown' || b.kind === 'unknown') return 'unknown';
  if (a.kind !== b.kind) return 'unknown';
  if (a.kind === 'numbers' && b.kind === 'numbers') return a.intervals.some((x) => b.intervals.some((y) => intervalsMeet(x, y))) ? 'yes' : 'no';
  if (a.kind === 'booleans' && b.kind === 'booleans') return a.values.some((v) => b.values.includes(v)) ? 'yes' : 'no';
  if (a.kind === 'strings' && b.kind === 'strings') {
    if (a.negated && b.negated) return 'yes'; // infinitely many strings are in neither list
    if (!a.negated && !b.negated) return a.values.some((v) => b.values.includes(v)) ? 'yes' : 'no';
    const [positive, negative] = a.negated ? [b, a] : [a, b];
    return positive.values.some((v) => !negative.values.includes(v)) ? 'yes' : 'no';
  }
  return 'unknown';
}

const NUMBER_TYPES = new Set(['number', 'integer', 'long', 'double']);

function expectedKind(typeRef: string): EntryCondition['kind'] | null {
  if (typeRef === 'string') return 'strings';
  if (typeRef === 'boolean') return 'booleans';
  if (NUMBER_TYPES.has(typeRef)) return 'numbers';
  return null;
}

const KIND_WORD: Record<string, string> = { strings: 'text', numbers: 'a number', booleans: 'true or false' };

/**
 * The table's problems: errors refuse the table, warnings are shown with it. Checks the shape (one
 * entry per column, named distinct outputs, a known hit policy), each input entry against its
 * column's type, and overlapping rules where the hit policy forbids them.
 */
export function lintDecisionTable(table: DecisionTable): { errors: TableProblem[]; warnings: TableProblem[] } {
  const errors: TableProblem[] = [];
  const warnings: TableProblem[] = [];
  if (!(HIT_POLICIES as readonly string[]).includes(table.hitPolicy)) errors.push({ code: 'hit-policy', elementId: '', message: `unknown hit policy ${table.hitPolicy.slice(0, 40)}` });
  if (table.aggregation && table.hitPolicy !== 'COLLECT') errors.push({ code: 'aggregation', elementId: '', message: 'an aggregation (SUM, MIN, MAX, COUNT) belongs to the hit policy COLLECT only' });
  if (table.inputs.length === 0) errors.push({ code: 'no-inputs', elementId: '', message: 'the table needs at least one input column' });
  if (table.outputs.length === 0) errors.push({ code: 'no-outputs', elementId: '', message: 'the table needs at least one output column' });
  const names = new Set<string>();
  for (const output of table.outputs) {
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,59}$/.test(output.name)) errors.push({ code: 'output-name', elementId: output.id, message: `output ${output.label || output.id}: a name of letters, digits and _ (the variable the result is read as)` });
    else if (names.has(output.name)) errors.push({ code: 'output-duplicate', elementId: output.id, message: `output name ${output.name} is used twice` });
    names.add(output.name);
  }
  for (const input of table.inputs) {
    if (input.expression.trim() === '') errors.push({ code: 'input-expression', elementId: input.id, message: `input ${input.label || input.id}: the expression (the variable read) is empty` });
  }
  const conditions: Array<EntryCondition[] | null> = table.rules.map((rule, r) => {
    const label = `rule ${r + 1} (${rule.id})`;
    if (rule.inputEntries.length !== table.inputs.length || rule.outputEntries.length !== table.outputs.length) {
      errors.push({ code: 'rule-shape', elementId: rule.id, message: `${label}: one entry per column (${table.inputs.length} inputs, ${table.outputs.length} outputs)` });
      return null;
    }
    rule.outputEntries.forEach((entry, o) => {
      if (entry.trim() === '') errors.push({ code: 'output-empty', elementId: rule.id, message: `${label}: output ${table.outputs[o]!.name || o + 1} is empty` });
      else if ((entry.match(/"/g)?.length ?? 0) % 2 === 1 && !/\\"/.test(entry)) errors.push({ code: 'feel', elementId: rule.id, message: `${label}: output ${table.outputs[o]!.name}: a string is never closed` });
    });
    return rule.inputEntries.map((entry, i) => {
      const column = table.inputs[i]!;
      try {
        const condition = parseUnaryTests(entry);
        const expected = expectedKind(column.typeRef);
        if (expected && condition.kind !== 'any' && condition.kind !== 'unknown' && condition.kind !== expected) {
          errors.push({ code: 'entry-type', elementId: rule.id, message: `${label}: ${entry.trim().slice(0, 60)} is ${KIND_WORD[condition.kind]}, but input ${column.label || column.expression} is ${column.typeRef}` });
        }
        return condition;
      } catch (error) {
        if (!(error instanceof FeelSyntaxError)) throw error;
        errors.push({ code: 'feel', elementId: rule.id, message: `${label}: input ${column.label || column.expression}: ${error.message}` });
        return { kind: 'unknown', reason: error.message } as EntryCondition;
      }
    });
  });
  if (table.hitPolicy === 'UNIQUE' || table.hitPolicy === 'ANY') {
    for (let a = 0; a < table.rules.length; a++) {
      for (let b = a + 1; b < table.rules.length; b++) {
        const ca = conditions[a];
        const cb = conditions[b];
        if (!ca || !cb) continue;
        const ra = table.rules[a]!;
        const rb = table.rules[b]!;
        if (table.hitPolicy === 'ANY' && ra.outputEntries.every((o, i) => o.trim() === rb.outputEntries[i]!.trim())) continue;
        const columns = ca.map((c, i) => entriesOverlap(c, cb[i]!));
        if (columns.includes('no')) continue;
        const pair = `rules ${a + 1} (${ra.id}) and ${b + 1} (${rb.id})`;
        const policy = table.hitPolicy === 'UNIQUE' ? 'the hit policy UNIQUE allows one matching rule' : 'the hit policy ANY allows several matching rules only with the same outputs';
        if (columns.every((c) => c === 'yes')) {
          errors.push({ code: 'overlap', elementId: rb.id, message: `${pair} both match the same inputs; ${policy}` });
        } else {
          const unclear = columns.map((c, i) => (c === 'unknown' ? table.inputs[i]!.label || table.inputs[i]!.expression : null)).filter(Boolean);
          warnings.push({ code: 'overlap-unknown', elementId: rb.id, message: `${pair} may overlap: the entries of ${unclear.join(', ')} could not be compared; ${policy}` });
        }
      }
    }
  }
  return { errors, warnings };
}
