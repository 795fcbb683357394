import { interpolateErrors, processSync, ProcessTargets } from '@formio/core';

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

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
  components?: FormComponent[];
  columns?: { components?: FormComponent[] }[];
}

/** Components that hold no value of their own (buttons, layout). */
const NON_DATA_TYPES = new Set(['button', 'htmlelement', 'content', 'panel', 'columns', 'fieldset', 'well']);

/** Components whose value is a list of rows, each row an object of its own components' values. */
const GRID_TYPES = new Set(['datagrid', 'editgrid']);

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

/**
 * Strict shape check before Form.io's own rules: Form.io silently coerces or drops values of the
 * wrong type (a number in a text field passes, "abc" in a number field becomes "required"), and
 * ignores unknown keys. A submission must say exactly what the form asks, nothing else.
 */
function shapeProblems(fields: Map<string, FormComponent>, data: Record<string, unknown>, prefix = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [name, value] of Object.entries(data)) {
    const key = `${prefix}${name}`;
    const field = fields.get(name);
    if (!field) {
      problems.push({ field: key, code: 'unknown', message: `${key} is not a field of this form` });
      continue;
    }
    if (value === null || value === undefined || value === '') continue; // "required" is Form.io's to judge
    if (field.type && GRID_TYPES.has(field.type)) {
      // Form.io turns a grid that is not a list into an empty one and drops unknown keys in rows.
      if (!Array.isArray(value)) {
        problems.push({ field: key, code: 'type', message: `${field.label ?? name} must be a list of rows` });
        continue;
      }
      const rowFields = dataFields(field.components ?? []);
      value.forEach((row, i) => {
        if (!isPlainObject(row)) problems.push({ field: `${key}[${i}]`, code: 'type', message: `row ${i + 1} of ${field.label ?? name} must be an object of field values` });
        else problems.push(...shapeProblems(rowFields, row, `${key}[${i}].`));
      });
      continue;
    }
    const expected = field.type ? EXPECTED_TYPE[field.type] : undefined;
    if (!expected) continue;
    const label = field.label ?? key;
    if (typeof value !== expected || (expected === 'number' && !Number.isFinite(value))) {
      problems.push({ field: key, code: 'type', message: `${label} must be a ${expected}` });
    } else if (expected === 'number' && field.decimalLimit === 0 && !Number.isInteger(value)) {
      problems.push({ field: key, code: 'integer', message: `${label} must be a whole number` });
    }
  }
  return problems;
}

/** Validates a submission against a Form.io schema on the server, as Form.io's own server does. */
export function validateSubmission(schema: { components?: unknown }, input: unknown): ValidationResult {
  if (!isPlainObject(input)) {
    return { ok: false, problems: [{ field: 'data', code: 'type', message: 'data must be an object of field values' }], data: {} };
  }
  const components = (Array.isArray(schema.components) ? schema.components : []) as FormComponent[];
  const shape = shapeProblems(dataFields(components), input);
  // Form.io's rules still run on the well-typed rest, so one answer lists every problem.
  // A problem inside a grid row keeps the whole grid from Form.io: its rules would see coerced rows.
  const badFields = new Set(shape.map((p) => p.field.replace(/\[.*$/, '')));
  const wellTyped = Object.fromEntries(Object.entries(input).filter(([key]) => !badFields.has(key)));

  const context = {
    components,
    data: structuredClone(wellTyped),
    processors: ProcessTargets.submission,
    scope: { errors: [] as unknown[] },
    config: { server: true },
  };
  processSync(context as never);
  // Normalizing turns a missing number into NaN, which the max/min rules then log as an error;
  // absent is what it is, and "required" says so.
  for (const [key, value] of Object.entries(context.data)) if (Number.isNaN(value)) delete (context.data as Record<string, unknown>)[key];
  context.processors = ProcessTargets.evaluator;
  processSync(context as never);

  const formioProblems = interpolateErrors(context.scope.errors as never).map((error, index): FieldProblem => ({
    field: error.context.path || error.context.key,
    code: String((context.scope.errors[index] as { ruleName?: string }).ruleName ?? error.context.validator ?? 'invalid'),
    message: error.message,
  }));
  const problems = [...shape, ...formioProblems.filter((p) => !badFields.has(p.field.replace(/\[.*$/, '')))];
  return { ok: problems.length === 0, problems, data: problems.length === 0 ? context.data : {} };
}
