import type { FieldSpec } from '../request-body';

/** The part of JSON Schema (2020-12, which OpenAPI 3.1 uses) the described API needs. */
export interface JsonSchema {
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null' | Array<'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null'>;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: readonly unknown[];
  const?: unknown;
  maxLength?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  $ref?: string;
}

/**
 * A readBody spec (request-body.ts) as the JSON Schema of the body it accepts: the same object the
 * route passes to readBody, so the document cannot say other than what is checked. readBody refuses
 * fields it does not name (additionalProperties: false); a string[]'s maxLength counts items.
 */
export function schemaOfSpec(spec: Readonly<Record<string, FieldSpec>>): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const [name, field] of Object.entries(spec)) {
    properties[name] = field.type === 'string' ? { type: 'string', ...(field.maxLength !== undefined ? { maxLength: field.maxLength } : {}) }
      : field.type === 'string[]' ? { type: 'array', items: { type: 'string' }, ...(field.maxLength !== undefined ? { maxItems: field.maxLength } : {}) }
      : { type: 'object' };
  }
  const required = Object.entries(spec).filter(([, field]) => field.required).map(([name]) => name);
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false };
}

// Short builders for hand-described schemas.
export const str = (description?: string, extra: JsonSchema = {}): JsonSchema => ({ type: 'string', ...(description ? { description } : {}), ...extra });
export const int = (description?: string): JsonSchema => ({ type: 'integer', ...(description ? { description } : {}) });
export const num = (description?: string): JsonSchema => ({ type: 'number', ...(description ? { description } : {}) });
export const bool = (description?: string): JsonSchema => ({ type: 'boolean', ...(description ? { description } : {}) });
export const arr = (items: JsonSchema, description?: string): JsonSchema => ({ type: 'array', items, ...(description ? { description } : {}) });
export const oneOfValues = (values: readonly string[], description?: string): JsonSchema => ({ type: 'string', enum: values, ...(description ? { description } : {}) });
export const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });
export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
/** An object with these fields, all present unless named in `optional`; others may follow. */
export function obj(properties: Record<string, JsonSchema>, optional: string[] = [], description?: string): JsonSchema {
  return { type: 'object', properties, required: Object.keys(properties).filter((name) => !optional.includes(name)), ...(description ? { description } : {}) };
}
/** An object whose fields the document does not list (described in words, with the type that declares it). */
export const anyObject = (description: string): JsonSchema => ({ type: 'object', description });
