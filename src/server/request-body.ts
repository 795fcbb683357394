import type { FieldProblem } from './forms/validate-submission';
import { badRequest } from './http-errors';

type FieldType = 'string' | 'string[]' | 'object';
export interface FieldSpec {
  type: FieldType;
  required?: boolean;
  maxLength?: number;
}
type ValueOf<T extends FieldType> = T extends 'string' ? string : T extends 'string[]' ? string[] : Record<string, unknown>;
export type BodyOf<S extends Record<string, FieldSpec>> = {
  [K in keyof S]: S[K] extends { required: true } ? ValueOf<S[K]['type']> : ValueOf<S[K]['type']> | undefined;
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;

function typeProblem(name: string, spec: FieldSpec, value: unknown): FieldProblem | null {
  const ok = spec.type === 'string' ? typeof value === 'string'
    : spec.type === 'string[]' ? Array.isArray(value) && value.every((item) => typeof item === 'string')
    : isPlainObject(value);
  if (!ok) return { field: name, code: 'type', message: `${name} must be ${spec.type === 'string' ? 'text' : spec.type === 'string[]' ? 'a list of text' : 'an object'}` };
  if (spec.maxLength !== undefined && (value as string | string[]).length > spec.maxLength) {
    return { field: name, code: 'maxLength', message: `${name} is longer than ${spec.maxLength}` };
  }
  return null;
}

/**
 * A request body with exactly the named fields of the named types, or a 400 listing every field
 * that is not. Strict on purpose: an operator object (`{"$gt": ""}`) where text belongs, or a
 * field the route does not know, never reaches a query or a stored document.
 */
export function readBody<const S extends Record<string, FieldSpec>>(body: unknown, spec: S): BodyOf<S> {
  // No body at all (Content-Length: 0) is an empty one: routes whose fields are optional accept it.
  const fields = body === undefined ? {} : body;
  if (!isPlainObject(fields)) throw badRequest('the body must be a JSON object', [{ field: '', code: 'type', message: 'send an object of named fields' }]);
  const problems: FieldProblem[] = [];
  for (const name of Object.keys(fields)) {
    if (!Object.hasOwn(spec, name)) problems.push({ field: name.slice(0, 100), code: 'unknown', message: 'not a field here' });
  }
  for (const [name, fieldSpec] of Object.entries(spec)) {
    const value = fields[name];
    if (value === undefined) {
      if (fieldSpec.required) problems.push({ field: name, code: 'required', message: `${name} is required` });
      continue;
    }
    const problem = typeProblem(name, fieldSpec, value);
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) throw badRequest('the request is not valid', problems);
  return fields as BodyOf<S>;
}
