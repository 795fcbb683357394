/**
 * The process variables every flow has from its start, whoever launches it (the launcher sets them;
 * the modeler's lint counts them as produced before the first step). A form may read them but never
 * set them: they name the case. A building block may refresh one from the org chart (org.resolve-manager
 * sets managerId just before a manager's step).
 */
export const START_VARIABLES = {
  caseId: 'the case id, also the business key: <cycle>:<subject>[:<flow>]',
  cycle: 'the review cycle, e.g. 2026-H2',
  subjectId: 'whose case it is: a person id or an org unit id',
  subjectType: 'person or unit',
  managerId: 'the subject\'s manager (a person) or the unit\'s head (a unit), as the org chart was at the start',
  unitId: 'the subject\'s org unit (a person), or the unit itself',
  startedBy: 'who launched the case',
} as const;

export type StartVariable = keyof typeof START_VARIABLES;

export const START_VARIABLE_NAMES = Object.keys(START_VARIABLES) as StartVariable[];

/** A process variable a form or a building block may set: a JUEL identifier, no `$`, not a start variable. */
export const PROCESS_VARIABLE_NAME = /^[a-z][A-Za-z0-9]{0,39}$/;

export function isStartVariable(name: string): name is StartVariable {
  return Object.prototype.hasOwnProperty.call(START_VARIABLES, name);
}

/** A process variable's value as meritflow sets it: the engine's primitive types. */
export type VariableValue = string | number | boolean | null;
