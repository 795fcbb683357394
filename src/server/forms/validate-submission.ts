import { interpolateErrors, processSync, ProcessTargets } from '@formio/core';
import type { FieldProblem } from '../../domain/api-types';
import { withFormSandbox } from './sandboxed-evaluator';

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
function shapeProblems(fields: Map<string, FormComponent>, data: Record<string, unknown>, prefix = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [key, value] of Object.entries(data)) {
    const field = fields.get(key);
    const path = `${prefix}${key}`;
    if (!field) {
      problems.push({ field: path, code: 'unknown', message: `${key} is not a field of this form` });
      continue;
    }
    if (value === null || value === undefined || value === '') continue; // "required" is Form.io's to judge
    const label = field.label ?? key;
    if (field.type && ROW_TYPES.has(field.type)) {
      if (!Array.isArray(value)) {
        problems.push({ field: path, code: 'type', message: `${label} must be a list of rows` });
        continue;
      }
      const notRows = value.flatMap((row, index) => (isPlainObject(row) ? [] : [index]));
      if (notRows.length > 0) {
        // Name the rows, so the screen can point at the one that is wrong.
        problems.push(...notRows.map((index) => ({ field: `${path}[${index}]`, code: 'type', message: `row ${index + 1} of ${label} must be a row of fields` })));
        continue;
      }
      // Form.io's client counts a grid's rows against minLength/maxLength; its server rules do not.
      const { minLength, maxLength } = field.validate ?? {};
      if (typeof maxLength === 'number' && value.length > maxLength) problems.push({ field: path, code: 'maxLength', message: `${label} has at most ${maxLength} rows` });
      if (typeof minLength === 'number' && value.length > 0 && value.length < minLength) problems.push({ field: path, code: 'minLength', message: `${label} has at least ${minLength} rows` });
      const columns = dataFields(field.components ?? []);
      value.forEach((row, index) => problems.push(...shapeProblems(columns, row, `${path}[${index}].`)));
      continue;
    }
    if (field.type === 'container') {
      // A container is a group of fields: an object of exactly its fields, checked like the form's.
      if (!isPlainObject(value)) problems.push({ field: path, code: 'type', message: `${label} must be a group of fields` });
      else problems.push(...shapeProblems(dataFields(field.components ?? []), value, `${path}.`));
      continue;
    }
    const expected = field.type ? EXPECTED_TYPE[field.type] : undefined;
    if (!expected) continue;
    const values = field.multiple ? value : [value];
    if (!Array.isArray(values)) {
      problems.push({ field: path, code: 'type', message: `${label} must be a list` });
      continue;
    }
    for (const item of values) {
      if (typeof item !== expected || (expected === 'number' && !Number.isFinite(item))) {
        problems.push({ field: path, code: 'type', message: `${label} must be ${field.multiple ? 'a list of ' : 'a '}${expected}` });
        break;
      } else if (expected === 'number' && field.decimalLimit === 0 && !Number.isInteger(item)) {
        problems.push({ field: path, code: 'integer', message: `${label} must be a whole number` });
        break;
      } else if (!isListedChoice(field, item)) {
        // Form.io lets any value through unless the schema sets onlyAvailableItems; a bank's choice is one of the listed ones.
        problems.push({ field: path, code: 'choice', message: `${label} must be one of the listed choices` });
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
function totalProblems(fields: Map<string, FormComponent>, data: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
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
        const label = column.label ?? column.key;
        problems.push({ field: key, code: 'total', message: `${label} must total ${column.mustTotal}; the rows total ${Math.round(total * 1e6) / 1e6}` });
      }
    }
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

/** Validates a submission against a Form.io schema on the server, as Form.io's own server does. */
export function validateSubmission(schema: { components?: unknown }, input: unknown): ValidationResult {
  if (!isPlainObject(input)) {
    return { ok: false, problems: [{ field: 'data', code: 'type', message: 'data must be an object of field values' }], data: {} };
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
    return interpolateErrors(context.scope.errors as never).map((error, index): FieldProblem => ({
      field: error.context.path || error.context.key,
      code: String((context.scope.errors[index] as { ruleName?: string }).ruleName ?? error.context.validator ?? 'invalid'),
      message: error.message,
    }));
  });
  const problems = [...shape, ...formioProblems.filter((p) => !badFields.has(rootOf(p.field))), ...totalProblems(fields, wellTyped)];
  return { ok: problems.length === 0, problems, data: problems.length === 0 ? context.data : {} };
}
