import { interpolateErrors, processSync, ProcessTargets } from '@formio/core';
import type { FieldProblem } from '../../domain/api-types';
import { withFormSandbox } from './sandboxed-evaluator';
import type { Locale } from '../i18n';
import { reasonText, type Reason } from './problem-text';

// Declared with the API's answers, whose 400s carry these (src/domain/api-types.ts).
export type { FieldProblem };

export interface ValidationResult {
  ok: boolean;
  problems: FieldProblem[];
  data: Record<string, unknown>;
}

interface FormComponent {
  type?: string;
  key?: string;
  label?: string;
  input?: boolean;
  multiple?: boolean;
  decimalLimit?: number;
  /** On a number column of a data grid: the rows' values must add up to exactly this (weights to 100). */
  mustTotal?: number;
  validate?: { minLength?: number; maxLength?: number };
  /** A radio's choices; a select keeps them in data.values (filled from the case for optionsFrom). */
  values?: Array<{ value?: unknown }>;
  data?: { values?: Array<{ value?: unknown }> };
  dataSrc?: string;
  components?: FormComponent[];
  columns?: { components?: FormComponent[] }[];
  /** A grid listing one row per option of a source (forms/option-sources.ts): exactly those rows. */
  rowsFrom?: string;
  optionsFrom?: string;
}

/** A problem found here, with what it takes to word it in another language. */
type Found = FieldProblem & { reason?: Reason };

function found(field: string, code: string, key: string, params: Record<string, unknown>, label?: string): Found {
  const reason: Reason = { key, params, label };
  return { field, code, message: reasonText(reason, 'en', {}), reason };
}

/** Components whose value is a list of rows, each row an object of the inner components' fields. */
const ROW_TYPES = new Set(['datagrid', 'editgrid']);

/** Components that hold no value of their own (buttons, layout). */
const NON_DATA_TYPES = new Set(['button', 'htmlelement', 'content', 'panel', 'columns', 'fieldset', 'well']);

const EXPECTED_TYPE: Record<string, 'string' | 'number' | 'boolean'> = {
  textfield: 'string', textarea: 'string', email: 'string', phoneNumber: 'string', select: 'string', radio: 'string',
  datetime: 'string', day: 'string', password: 'string', number: 'number', currency: 'number', checkbox: 'boolean',
};

/** Top-level data fields of a form: inputs, looking through layout components. */
function dataFields(components: FormComponent[], out = new Map<string, FormComponent>()): Map<string, FormComponent> {
  for (const component of components) {
    if (component.type && NON_DATA_TYPES.has(component.type)) {
      dataFields(component.components ?? [], out);
      for (const column of component.columns ?? []) dataFields(column.components ?? [], out);
    } else if (component.key && component.input !== false) {
      out.set(component.key, component);
    }
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

/** A select's or radio's value is one of its choices (a choice list that is empty or fetched by URL is not judged here). */
function isListedChoice(field: FormComponent, value: unknown): boolean {
  if (field.type !== 'select' && field.type !== 'radio') return true;
  // Form.io judges it itself when the schema asks (its answer names the rule onlyAvailableItems).
  if ((field.validate as { onlyAvailableItems?: boolean } | undefined)?.onlyAvailableItems) return true;
  if (field.type === 'select' && field.dataSrc !== undefined && field.dataSrc !== 'values') return true;
  const choices = (field.type === 'select' ? field.data?.values : field.values) ?? [];
  if (choices.length === 0) return true;
  return choices.some((choice) => choice.value === value);
}

/**
 * Strict shape check before Form.io's own rules: Form.io silently coerces or drops values of the
 * wrong type (a number in a text field passes, "abc" in a number field becomes "required"), and
 * ignores unknown keys. A submission must say exactly what the form asks, nothing else.
 */
function shapeProblems(fields: Map<string, FormComponent>, data: Record<string, unknown>, prefix = ''): Found[] {
  const problems: Found[] = [];
  for (const [key, value] of Object.entries(data)) {
    const field = fields.get(key);
    const path = `${prefix}${key}`;
    if (!field) {
      problems.push(found(path, 'unknown', 'problem.unknown', { key }));
      continue;
    }
    if (value === null || value === undefined || value === '') continue; // "required" is Form.io's to judge
    const label = field.label ?? key;
    if (field.type && ROW_TYPES.has(field.type)) {
      if (!Array.isArray(value)) {
        problems.push(found(path, 'type', 'problem.rowsType', {}, label));
        continue;
      }
      const notRows = value.flatMap((row, index) => (isPlainObject(row) ? [] : [index]));
      if (notRows.length > 0) {
        // Name the rows, so the screen can point at the one that is wrong.
        problems.push(...notRows.map((index) => found(`${path}[${index}]`, 'type', 'problem.rowType', { row: index + 1 }, label)));
        continue;
      }
      // Form.io's client counts a grid's rows against minLength/maxLength; its server rules do not.
      const { minLength, maxLength } = field.validate ?? {};
      if (typeof maxLength === 'number' && value.length > maxLength) problems.push(found(path, 'maxLength', 'problem.maxRows', { count: maxLength }, label));
      if (typeof minLength === 'number' && value.length > 0 && value.length < minLength) problems.push(found(path, 'minLength', 'problem.minRows', { count: minLength }, label));
      const columns = dataFields(field.components ?? []);
      value.forEach((row, index) => problems.push(...shapeProblems(columns, row, `${path}[${index}].`)));
      continue;
    }
    if (field.type === 'container') {
      // A container is a group of fields: an object of exactly its fields, checked like the form's.
      if (!isPlainObject(value)) problems.push(found(path, 'type', 'problem.group', {}, label));
      else problems.push(...shapeProblems(dataFields(field.components ?? []), value, `${path}.`));
      continue;
    }
    const expected = field.type ? EXPECTED_TYPE[field.type] : undefined;
    if (!expected) continue;
    const values = field.multiple ? value : [value];
    if (!Array.isArray(values)) {
      problems.push(found(path, 'type', 'problem.list', {}, label));
      continue;
    }
    for (const item of values) {
      if (typeof item !== expected || (expected === 'number' && !Number.isFinite(item))) {
        problems.push(found(path, 'type', `problem.${field.multiple ? 'listType' : 'type'}.${expected}`, {}, label));
        break;
      } else if (expected === 'number' && field.decimalLimit === 0 && !Number.isInteger(item)) {
        problems.push(found(path, 'integer', 'problem.integer', {}, label));
        break;
      } else if (!isListedChoice(field, item)) {
        // Form.io lets any value through unless the schema sets onlyAvailableItems; a bank's choice is one of the listed ones.
        problems.push(found(path, 'choice', 'problem.choice', {}, label));
        break;
      }
    }
  }
  return problems;
}

/**
 * Columns that must add up (`mustTotal` on a number column of a grid, e.g. goal weights = 100):
 * a rule Form.io has no declarative form of. Judged only on well-typed rows; one problem per grid.
 */
function totalProblems(fields: Map<string, FormComponent>, data: Record<string, unknown>): Found[] {
  const problems: Found[] = [];
  for (const [key, field] of fields) {
    if (!field.type || !ROW_TYPES.has(field.type)) continue;
    const rows = data[key];
    if (!Array.isArray(rows) || rows.length === 0) continue;
    for (const column of dataFields(field.components ?? []).values()) {
      if (typeof column.mustTotal !== 'number' || !column.key) continue;
      const values = rows.map((row) => (row as Record<string, unknown>)[column.key!]);
      if (!values.every((v) => typeof v === 'number' && Number.isFinite(v))) continue;
      const total = (values as number[]).reduce((sum, v) => sum + v, 0);
      // Weights with decimals (33.3 + 33.3 + 33.4) must not fail on binary rounding.
      if (Math.abs(total - column.mustTotal) > 1e-9) {
        problems.push(found(key, 'total', 'problem.total', { total: column.mustTotal, actual: Math.round(total * 1e6) / 1e6 }, column.label ?? column.key));
      }
    }
  }
  return problems;
}

/**
 * A grid that lists one row per option of a source (`rowsFrom`, the check-in's agreed goals): its
 * key column names each listed option exactly once, no more and no other. The options are those the
 * server filled in for this case (forms/option-sources.ts).
 */
function listedRowProblems(fields: Map<string, FormComponent>, data: Record<string, unknown>): Found[] {
  const problems: Found[] = [];
  for (const [key, field] of fields) {
    if (!field.type || !ROW_TYPES.has(field.type) || typeof field.rowsFrom !== 'string') continue;
    const column = [...dataFields(field.components ?? []).values()].find((c) => c.optionsFrom === field.rowsFrom);
    const rows = data[key];
    if (!column?.key || !Array.isArray(rows)) continue;
    const listed = (column.data?.values ?? []).map((option) => option.value);
    const given = rows.map((row) => (isPlainObject(row) ? row[column.key!] : undefined));
    const same = given.length === listed.length && listed.every((value) => given.filter((g) => g === value).length === 1);
    if (!same) problems.push(found(key, 'rows', 'problem.rows', { count: listed.length }, field.label ?? key));
  }
  return problems;
}

/** Also inside grid rows. */
function dropNaN(data: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(data)) {
    if (Number.isNaN(value)) delete data[key];
    else if (Array.isArray(value)) for (const row of value) if (typeof row === 'object' && row !== null) dropNaN(row as Record<string, unknown>);
  }
}

/**
 * Validates a submission against a Form.io schema on the server, as Form.io's own server does. With a
 * locale, each problem also says its reason in that language (`text`), its field named as the form
 * labels it there.
 */
export function validateSubmission(schema: { components?: unknown; translations?: unknown }, input: unknown, locale?: Locale): ValidationResult {
  // A stored schema's maps need not be plain objects (the store's documents): any object will do here.
  const translations = (typeof schema.translations === 'object' && schema.translations !== null ? schema.translations : {}) as Record<string, Record<string, string>>;
  const worded = (problems: Found[]): FieldProblem[] => problems.map(({ reason, ...problem }) => {
    if (!locale) return problem;
    // The English message is already the reader's; another language is worded again.
    return { ...problem, text: reason && locale !== 'en' ? reasonText(reason, locale, translations) : problem.message };
  });
  if (!isPlainObject(input)) {
    return { ok: false, problems: worded([found('data', 'type', 'problem.data', {})]), data: {} };
  }
  const components = (Array.isArray(schema.components) ? schema.components : []) as FormComponent[];
  const fields = dataFields(components);
  const shape = shapeProblems(fields, input);
  // Form.io's rules still run on the well-typed rest, so one answer lists every problem.
  // A problem inside a grid row (goals[1].weight) keeps the whole grid (goals) from Form.io.
  const rootOf = (field: string) => Object.keys(input).find((key) => field === key || field.startsWith(`${key}[`)) ?? field;
  const badFields = new Set(shape.map((p) => rootOf(p.field)));
  const wellTyped = Object.fromEntries(Object.entries(input).filter(([key]) => !badFields.has(key)));

  // A grid left out (or refused above) is an empty grid: Form.io would otherwise invent a blank row
  // and log its NaN cells as validator errors.
  const data = structuredClone(wellTyped);
  for (const [key, field] of fields) if (field.type && ROW_TYPES.has(field.type) && !Array.isArray(data[key])) data[key] = [];
  const context = {
    components,
    data,
    processors: ProcessTargets.submission,
    scope: { errors: [] as unknown[] },
    config: { server: true },
  };
  // The form's code (custom validation, conditions, calculations) runs in a sandbox of this submission's own.
  const formioProblems = withFormSandbox(() => {
    processSync(context as never);
    // Normalizing turns a missing number into NaN, which the max/min rules then log as an error;
    // absent is what it is, and "required" says so.
    dropNaN(context.data);
    context.processors = ProcessTargets.evaluator;
    processSync(context as never);
    const raw = context.scope.errors as Array<{ ruleName?: string; errorKeyOrMessage?: string; context?: Record<string, unknown> }>;
    return interpolateErrors(raw as never).map((error, index): Found => ({
      field: error.context.path || error.context.key,
      code: String(raw[index]!.ruleName ?? error.context.validator ?? 'invalid'),
      message: error.message,
      // Form.io words it in English; the same rule and its settings, worded again for the reader.
      reason: { formio: raw[index]!.errorKeyOrMessage ?? error.message, params: raw[index]!.context ?? {}, label: String(raw[index]!.context?.field ?? error.context.label ?? '') },
    }));
  });
  const problems = [
    ...shape, ...formioProblems.filter((p) => !badFields.has(rootOf(p.field))),
    ...totalProblems(fields, wellTyped), ...listedRowProblems(fields, wellTyped),
  ];
  return { ok: problems.length === 0, problems: worded(problems), data: problems.length === 0 ? context.data : {} };
}
