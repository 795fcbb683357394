/**
 * Form answers that become process variables, so a gateway after any user task can route on what a
 * person decided (`${decision == 'return'}`) without code. A component declares it with Form.io's
 * custom properties, which the builder edits in its API tab:
 *
 *   { "type": "radio", "key": "decision", "values": [{ "value": "approve" }, { "value": "return" }],
 *     "properties": { "processVariable": "decision" } }
 *
 * The variable's type follows the component: text, choices and dates are strings, numbers and
 * currencies numbers, a checkbox a boolean. Worked examples in test/unit/form-variables.test.ts.
 */
import { isStartVariable, PROCESS_VARIABLE_NAME } from './flow-variables';

export type VariableType = 'string' | 'number' | 'boolean';

export interface FormVariable {
  /** The process variable's name. */
  name: string;
  type: VariableType;
  /** The component's key: where the answer is in the submission's data. */
  key: string;
  /** The values a choice may take (select, radio); absent when the options come from the case. */
  options?: string[];
}

export interface FormVariableProblem {
  field: string;
  code: string;
  message: string;
}

const TYPE_OF_COMPONENT: Record<string, VariableType> = {
  textfield: 'string', textarea: 'string', email: 'string', phoneNumber: 'string', select: 'string', radio: 'string',
  datetime: 'string', day: 'string', number: 'number', currency: 'number', checkbox: 'boolean',
};

/** Components whose value is a list of rows: an answer inside one is per row, not one variable. */
const ROW_TYPES = new Set(['datagrid', 'editgrid', 'container', 'tree']);

type Component = Record<string, unknown>;

function childrenOf(node: Component): Component[] {
  const out: Component[] = [];
  if (Array.isArray(node.components)) out.push(...(node.components as Component[]));
  if (Array.isArray(node.columns)) for (const column of node.columns as Component[]) if (column && Array.isArray(column.components)) out.push(...(column.components as Component[]));
  return out.filter((c) => typeof c === 'object' && c !== null);
}

function optionsOf(component: Component): string[] | undefined {
  const list = component.type === 'select' ? (component.data as { values?: unknown } | undefined)?.values : component.values;
  if (!Array.isArray(list) || list.length === 0) return undefined;
  // A select filled from the case (optionsFrom) has no fixed list; the form validation judges it.
  if (component.optionsFrom !== undefined) return undefined;
  return list.map((option) => String((option as { value?: unknown }).value));
}

/** Every declared mapping, with what is wrong with it: the save refuses a form with any problem. */
export function checkFormVariables(schema: { components?: unknown }): { variables: FormVariable[]; problems: FormVariableProblem[] } {
  const variables: FormVariable[] = [];
  const problems: FormVariableProblem[] = [];
  const walk = (components: Component[], insideRows: boolean) => {
    for (const component of components) {
      const declared = (component.properties as Record<string, unknown> | undefined)?.processVariable;
      const key = String(component.key ?? '');
      const field = `components.${key || '?'}.properties.processVariable`;
      if (declared !== undefined && declared !== '') {
        const type = TYPE_OF_COMPONENT[String(component.type)];
        const name = String(declared);
        if (typeof declared !== 'string' || !PROCESS_VARIABLE_NAME.test(name)) {
          problems.push({ field, code: 'variable-name', message: `${key}: a process variable is a name of letters and digits starting with a small letter, at most 40 (got ${name.slice(0, 60)})` });
        } else if (isStartVariable(name) || /SubmissionId$/.test(name)) {
          problems.push({ field, code: 'variable-reserved', message: `${key}: ${name} is set by the platform for every case and cannot be set by a form` });
        } else if (insideRows) {
          problems.push({ field, code: 'variable-in-rows', message: `${key}: an answer inside a grid or container has one value per row, so it cannot become one process variable` });
        } else if (!type) {
          problems.push({ field, code: 'variable-type', message: `${key}: a ${String(component.type)} component has no value a process variable can hold (use a text field, choice, number, date or checkbox)` });
        } else if (component.multiple === true) {
          problems.push({ field, code: 'variable-type', message: `${key}: a component with several values cannot become one process variable` });
        } else if (variables.some((v) => v.name === name)) {
          problems.push({ field, code: 'variable-duplicate', message: `${key}: the process variable ${name} is already set by another field of this form` });
        } else {
          const options = type === 'string' ? optionsOf(component) : undefined;
          variables.push({ name, type, key, ...(options ? { options } : {}) });
        }
      }
      walk(childrenOf(component), insideRows || ROW_TYPES.has(String(component.type)));
    }
  };
  walk(Array.isArray(schema.components) ? (schema.components as Component[]) : [], false);
  return { variables, problems };
}

export function formVariables(schema: { components?: unknown }): FormVariable[] {
  return checkFormVariables(schema).variables;
}

/**
 * The variables a validated submission sets. An answer left empty sets the variable to null, so a
 * gateway's expression finds the variable and decides, instead of failing on an unknown name. A
 * choice outside its list is a problem (Form.io itself lets such a value through).
 */
export function variablesOfSubmission(schema: { components?: unknown }, data: Record<string, unknown>): { values: Record<string, string | number | boolean | null>; problems: FormVariableProblem[] } {
  const values: Record<string, string | number | boolean | null> = {};
  const problems: FormVariableProblem[] = [];
  for (const variable of formVariables(schema)) {
    const answer = data[variable.key];
    if (answer === undefined || answer === null || answer === '') {
      values[variable.name] = null;
      continue;
    }
    if (typeof answer !== variable.type) {
      problems.push({ field: variable.key, code: 'type', message: `${variable.key} must be a ${variable.type}` });
      continue;
    }
    if (variable.options && !variable.options.includes(String(answer))) {
      problems.push({ field: variable.key, code: 'option', message: `${variable.key} must be one of ${variable.options.join(', ')}` });
      continue;
    }
    values[variable.name] = answer as string | number | boolean;
  }
  return { values, problems };
}
