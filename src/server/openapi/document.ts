import { ALLOWED_API_QUERIES } from '../security/strict-query';
import { HR_OPERATIONS } from './api-hr';
import { MODELER_OPERATIONS } from './api-modeler';
import { WORK_OPERATIONS } from './api-work';
import { SCHEMAS } from './components';
import type { Answer, Operation } from './operation';
import { PAGE_OPERATIONS } from './pages';
import { ref, type JsonSchema } from './schema';

/** Every described route: the JSON API, then the pages. */
export const OPERATIONS: readonly Operation[] = [...WORK_OPERATIONS, ...HR_OPERATIONS, ...MODELER_OPERATIONS, ...PAGE_OPERATIONS];

/** What each path parameter is (the routes check the shape themselves and answer 404 when it is wrong). */
const PARAMETERS: Record<string, string> = {
  cycle: 'a cycle id, such as 2026-H1', personId: 'a person id, such as E0001', unitId: 'an org unit id, such as CB', taskId: 'an engine task id',
  caseId: 'a case id (its business key)', launchId: 'a launch id (a UUID)', key: 'a flow, form, decision table or policy key', version: 'a stored version number',
  theme: 'a strategy theme key', goalId: 'a goal id', feedbackId: 'a note id, fb-…', itemId: 'a development plan item id', warningId: 'an early warning id',
  incidentId: 'an engine incident id',
  mailId: 'a mail\'s id (the incidents page lists the mails that could not be sent)',
};

/** /api/tasks/:taskId → /api/tasks/{taskId} */
export const openApiPath = (path: string): string => path.replace(/:([A-Za-z]+)/g, '{$1}');

const MEDIA: Record<NonNullable<Answer['media']>, string | null> = {
  json: 'application/json', html: 'text/html', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'csv-or-jsonl': 'text/csv', javascript: 'application/javascript', none: null,
};

function response(answer: Answer): Record<string, unknown> {
  const media = MEDIA[answer.media ?? 'json'];
  if (!media) return { description: answer.description };
  const schema: JsonSchema | undefined = answer.schema ?? (answer.media === 'xlsx' ? { type: 'string', format: 'binary' } : answer.media === 'html' || answer.media === 'csv-or-jsonl' || answer.media === 'javascript' ? { type: 'string' } : undefined);
  const content: Record<string, unknown> = { [media]: schema ? { schema } : {} };
  if (answer.media === 'csv-or-jsonl') content['application/x-ndjson'] = { schema: { type: 'string' } };
  return { description: answer.description, content };
}

/**
 * The answers every JSON route may give besides its own (server/app.ts and the security middleware):
 * 401 before sign-in, 400/413/415 for a body that is not JSON or too large, 429 over the write rate,
 * 400 for a query parameter the route does not take, 503 when the engine does not answer the server.
 */
function commonAnswers(operation: Operation): Record<number, Answer> {
  if (!operation.path.startsWith('/api/')) return {};
  const err = (description: string): Answer => ({ description, schema: ref('Error') });
  const answers: Record<number, Answer> = { 500: err('something went wrong on the server; it has been logged') };
  if (operation.access !== 'anyone') answers[401] = err('sign in first');
  if (operation.method !== 'get') {
    Object.assign(answers, { 400: { description: 'the body is not valid JSON, or not valid', schema: ref('ValidationError') }, 413: err('the body is too large'), 415: err('send JSON (Content-Type: application/json)'), 429: err('too many requests: the rate limit, try again shortly') });
  } else if (!ALLOWED_API_QUERIES[operation.path]) {
    answers[400] = { description: 'a query parameter the route does not take', schema: ref('ValidationError') };
  }
  if (!['session', 'me', 'feedback', 'development', 'audit', 'policies', 'operations'].includes(operation.tag)) answers[503] = err('the workflow engine is not answering the server; try again shortly');
  return answers;
}

function describe(operation: Operation): Record<string, unknown> {
  const parameters = [...operation.path.matchAll(/:([A-Za-z]+)/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' }, description: PARAMETERS[name!] ?? name }));
  for (const name of (operation.method === 'get' ? ALLOWED_API_QUERIES[operation.path] : undefined) ?? []) parameters.push({ name, in: 'query', required: false, schema: { type: 'string' }, description: `a filter (${operation.path === '/api/inbox' ? 'server/tasks/inbox-filter.ts' : 'domain/audit-query.ts'})` });
  const answers = { ...commonAnswers(operation), ...operation.responses };
  // A write's 400 is also the body that is not JSON at all ({ error } alone), whatever the route says besides.
  const own400 = operation.responses[400];
  if (operation.path.startsWith('/api/') && operation.method !== 'get' && own400) {
    answers[400] = { description: `${own400.description}; or the body is not JSON`, schema: { anyOf: [own400.schema ?? ref('ValidationError'), ref('Error')] } };
  }
  return {
    tags: [operation.tag],
    summary: operation.summary,
    description: `Who: ${operation.access}.`,
    'x-access': operation.access,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(operation.body ? {
      requestBody: {
        required: operation.body.schema.required !== undefined && operation.body.schema.required.length > 0,
        description: `Checked by ${operation.body.checkedBy}.${operation.body.fromSpec ? ' The schema is that spec.' : ' The schema is written beside that code.'}`,
        content: { [operation.body.media === 'form' ? 'application/x-www-form-urlencoded' : 'application/json']: { schema: operation.body.schema } },
      },
      'x-body-from-spec': operation.body.fromSpec,
    } : {}),
    responses: Object.fromEntries(Object.entries(answers).sort(([a], [b]) => Number(a) - Number(b)).map(([status, answer]) => [status, response(answer)])),
  };
}

export interface OpenApiDocument {
  openapi: string;
  info: Record<string, unknown>;
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown> };
  [extension: string]: unknown;
}

let built: OpenApiDocument | null = null;

/** The OpenAPI 3.1 document of every route (built once: it is the same for everyone). */
export function openApiDocument(): OpenApiDocument {
  if (built) return built;
  const paths: OpenApiDocument['paths'] = {};
  for (const operation of OPERATIONS) {
    const path = openApiPath(operation.path);
    paths[path] ??= {};
    if (paths[path]![operation.method]) throw new Error(`${operation.method.toUpperCase()} ${operation.path} is described twice`);
    paths[path]![operation.method] = describe(operation);
  }
  built = {
    openapi: '3.1.0',
    info: {
      title: 'meritflow',
      version: '1',
      description: 'Performance reviews, calibration, appeals and bonus approvals on BPMN. Sign in with POST /api/session; the session cookie goes with every later call. '
        + 'Writes take JSON; a refused request answers { error, problems: [{ field, code, message }] }. Request bodies are generated from the same specs the routes validate with (x-body-from-spec: true) or written beside the code that checks them.',
    },
    security: [{ session: [] }],
    paths,
    components: { schemas: SCHEMAS, securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'meritflow.sid' } } },
  };
  return built;
}
