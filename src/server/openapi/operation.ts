import type { FieldSpec } from '../request-body';
import { ref, schemaOfSpec, type JsonSchema } from './schema';

/** What a described route answers with one status. */
export interface Answer {
  description: string;
  /** JSON unless said: a page, a workbook, a file, or nothing (204, a redirect). */
  media?: 'json' | 'html' | 'xlsx' | 'csv-or-jsonl' | 'javascript' | 'none';
  schema?: JsonSchema;
}

/** How a body is checked: by a readBody spec (the document's schema is that very spec), or by the named code. */
export interface BodyDescription {
  schema: JsonSchema;
  checkedBy: string;
  /** true when the schema is the spec readBody checks; false when it is written by hand beside the code that checks. */
  fromSpec: boolean;
  media?: 'json' | 'form';
}

/** One route of the app as the OpenAPI document describes it. */
export interface Operation {
  method: 'get' | 'post' | 'put' | 'delete';
  /** As express has it: /api/tasks/:taskId. */
  path: string;
  summary: string;
  /** Who may call it, in words (README "Roles and access" has the rules). */
  access: string;
  tag: string;
  body?: BodyDescription;
  responses: Record<number, Answer>;
}

/** The body a readBody spec accepts: its name in request-bodies.ts (or where it lives) says which object. */
export const specBody = (name: string, spec: Readonly<Record<string, FieldSpec>>, media: 'json' | 'form' = 'json'): BodyDescription =>
  ({ schema: schemaOfSpec(spec), checkedBy: `readBody with ${name}`, fromSpec: true, media });
/** A body checked by domain or server code, described by hand from the constants that code uses. */
export const handBody = (checkedBy: string, schema: JsonSchema): BodyDescription => ({ schema, checkedBy, fromSpec: false });

export const json = (description: string, schema: JsonSchema): Answer => ({ description, schema });
export const error = (description: string): Answer => ({ description, schema: ref('Error') });
export const invalid = (description = 'the body is not valid: every field at fault is named'): Answer => ({ description, schema: ref('ValidationError') });
export const page = (description = 'the page'): Answer => ({ description, media: 'html' });
export const none = (description: string): Answer => ({ description, media: 'none' });
export const notFound = (what: string): Answer => error(`no such ${what}, or one the reader may not see (the same answer)`);
export const forbidden = (why: string): Answer => error(why);
