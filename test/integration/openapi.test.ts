import Ajv2020 from 'ajv/dist/2020';
import type { Express } from 'express';
import { loadConfig, type Config } from '../../src/server/config';
import { createApp } from '../../src/server/app';
import { EngineClient } from '../../src/server/engine-client';
import { DEMO_PASSWORD } from '../../src/seed/demo-org';
import { OPERATIONS, openApiPath, type OpenApiDocument } from '../../src/server/openapi/document';
import { HttpUser, type JsonResponse } from '../support/http-user';
import { startTestStack, uniqueCycle, type TestStack } from '../support/stack';
import { DevelopmentItemModel, DevelopmentPlanModel } from '../../src/db/models/development-plan';
import { FeedbackModel } from '../../src/db/models/feedback';
import { RiskWarningModel } from '../../src/db/models/risk-warning';

/**
 * The described API (server/openapi/): GET /api/openapi covers every route the real app mounts and
 * nothing else, and what the routes answer — to each role of the demo bank, for real records and
 * unknown ones, and to bodies that are not right — is a status the document lists with a body its
 * schema accepts.
 */
let stack: TestStack;
let document: OpenApiDocument;
const users: Record<string, HttpUser> = {};
const ROLES = { employee: 'cb.rm04', manager: 'cb.head', hr: 'hr', owner: 'owner', auditor: 'auditor', risk: 'risk.officer', admin: 'admin' } as const;

beforeAll(async () => {
  const high = 100_000;
  stack = await startTestStack({ rateLimits: { signInFailuresPerIp: high, signInPerUserName: high, writesPerUser: high } });
  for (const [role, username] of Object.entries(ROLES)) users[role] = await HttpUser.signIn(stack.baseUrl, username);
  document = (await users.employee!.get('/api/openapi')).body as OpenApiDocument;
}, 300_000);

afterAll(async () => {
  await stack?.close();
});

interface Layer { route?: { path: string | string[]; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } }

/** Every METHOD /path the app answers: its own routes and every router's, walked in express's stack. */
function mountedRoutes(app: Express): string[] {
  const found: string[] = [];
  const walk = (layers: Layer[]) => {
    for (const layer of layers) {
      if (layer.route) {
        for (const path of [layer.route.path].flat()) for (const method of Object.keys(layer.route.methods)) if (method !== '_all') found.push(`${method.toUpperCase()} ${path}`);
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return found;
}

/** The routes whose 2xx JSON answers were held to their schema in this file. */
const validated = new Set<string>();
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
let added = false;
/** The schema the document gives for this answer, compiled against the document's components. */
function validatorFor(path: string, method: string, status: number) {
  if (!added) { ajv.addSchema({ ...document, $id: 'openapi' }); added = true; }
  const pointer = ['paths', openApiPath(path), method, 'responses', String(status), 'content', 'application/json', 'schema']
    .map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
  return ajv.getSchema(`openapi#/${pointer}`) ?? ajv.compile({ $ref: `openapi#/${pointer}` });
}

/** The answer is a status the document lists for the route, and a JSON body matches that status's schema. */
function expectDescribed(path: string, method: string, response: JsonResponse, what: string): void {
  const responses = document.paths[openApiPath(path)]?.[method]?.responses as Record<string, { content?: Record<string, unknown> }> | undefined;
  if (!responses) throw new Error(`${method.toUpperCase()} ${path} is not in the document`);
  if (!responses[String(response.status)]) throw new Error(`${what}: ${method.toUpperCase()} ${path} answered ${response.status}, which the document does not list (${Object.keys(responses).join(', ')}): ${JSON.stringify(response.body).slice(0, 300)}`);
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('application/json')) {
    // A page, a workbook or an export: the document names the media type.
    const media = Object.keys(responses[String(response.status)]!.content ?? {});
    if (response.status !== 204 && !(response.status >= 300 && response.status < 400)) expect({ what, media: media.some((m) => type.startsWith(m)) }).toEqual({ what, media: true });
    return;
  }
  const validate = validatorFor(path, method, response.status);
  if (!validate(response.body)) throw new Error(`${what}: ${method.toUpperCase()} ${path} ${response.status} does not match its schema: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(response.body).slice(0, 500)}`);
  if (response.status < 300) validated.add(`${method.toUpperCase()} ${path}`);
}

test('the document describes every route the app mounts, and only those', () => {
  // Single sign-on's routes are mounted only when it is configured: here it is, so that every route is.
  const config = { ...loadConfig(), oidc: { issuer: 'http://127.0.0.1:1', clientId: 'meritflow', redirectUrl: 'http://127.0.0.1:1/login/oidc/callback', match: 'username', claim: 'preferred_username', scope: 'openid' } } as Config;
  const app = createApp(config, new EngineClient(config.engineUrl, config.engineUser, config.enginePassword));
  const mounted = mountedRoutes(app);
  const described = OPERATIONS.map((op) => `${op.method.toUpperCase()} ${op.path}`);
  expect(mounted.length).toBeGreaterThan(100);
  expect(mounted.filter((route) => !described.includes(route))).toEqual([]);
  expect(described.filter((route) => !mounted.includes(route))).toEqual([]);
  // The served document is the same list.
  const served = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
  expect(served.sort()).toEqual(described.map((route) => { const [m, p] = route.split(' '); return `${m} ${openApiPath(p!)}`; }).sort());
});

test('every JSON route gives its request body, answers and errors; a readBody body refuses fields it does not name', () => {
  for (const op of OPERATIONS.filter((o) => o.path.startsWith('/api/'))) {
    const entry = document.paths[openApiPath(op.path)]![op.method] as { responses: Record<string, unknown>; requestBody?: { content: Record<string, { schema: { additionalProperties?: boolean } }> } };
    const statuses = Object.keys(entry.responses).map(Number);
    expect({ route: `${op.method} ${op.path}`, ok: statuses.some((s) => s < 300) }).toEqual({ route: `${op.method} ${op.path}`, ok: true });
    expect({ route: `${op.method} ${op.path}`, errors: statuses.some((s) => s >= 400) }).toEqual({ route: `${op.method} ${op.path}`, errors: true });
    if (entry.requestBody) expect(entry.requestBody.content['application/json']!.schema.additionalProperties).toBe(false);
  }
  // The JSON routes that take a body: writes, each described (an empty body, where it takes none, is described too).
  const writes = OPERATIONS.filter((o) => o.path.startsWith('/api/') && o.method !== 'get' && o.method !== 'delete');
  expect(writes.filter((o) => !o.body && o.path !== '/api/incidents/:incidentId/retry').map((o) => o.path)).toEqual([]);
});

test('the page lists the document for admins; others get not found, the JSON is for everyone signed in', async () => {
  const page = await users.admin!.get('/openapi');
  expect(page.status).toBe(200);
  expect(String(page.body)).toContain('id="openapi-title"');
  expect(String(page.body)).toContain('/api/tasks/{taskId}/submission');
  expect(Number(/id="openapi-count">(\d+)</.exec(String(page.body))?.[1])).toBe(OPERATIONS.length);
  for (const role of ['employee', 'hr', 'owner', 'auditor'] as const) expect((await users[role]!.get('/openapi')).status).toBe(404);
  const anonymous = new HttpUser(stack.baseUrl, 'anonymous');
  expect(await anonymous.get('/api/openapi')).toMatchObject({ status: 401, body: { error: 'sign in first' } });
  expect((await anonymous.get('/openapi')).status).toBe(302);
  expect(document.openapi).toBe('3.1.0');
});

/** Records some probes aim at (a note, a plan item, a warning), written by the test that needs them. */
const records: Record<string, string> = {};

/** A value for each path parameter: the reader's own records where the demo bank has them, else real keys, else unknown ids. */
function fill(path: string, user: HttpUser): string {
  const key = path.startsWith('/api/forms') ? 'self-assessment' : path.startsWith('/api/decisions') ? 'bonus-approval-chain' : path.startsWith('/api/policies') ? 'calibration'
    : path.startsWith('/api/flows') ? 'no-such-flow' : 'performance-review';
  const values: Record<string, string> = { cycle: '2026-H1', personId: user.id, unitId: 'CB', key, version: '1', theme: 'growth', launchId: '00000000-0000-0000-0000-000000000000', ...records };
  return path.replace(/:([A-Za-z]+)/g, (_m, name: string) => encodeURIComponent(values[name] ?? `no-such-${name}`));
}

const gets = () => OPERATIONS.filter((o) => o.path.startsWith('/api/') && o.method === 'get' && o.path !== '/api/openapi');

test.each(Object.keys(ROLES))('what the API answers %s on every read is described', async (role) => {
  const user = users[role]!;
  for (const op of gets()) {
    const response = await user.request('GET', fill(op.path, user));
    expectDescribed(op.path, 'get', response, `${role} reading ${fill(op.path, user)}`);
  }
});

test('what the API answers on every write with a body it does not take is described, and changes nothing', async () => {
  for (const role of ['employee', 'admin'] as const) {
    const user = users[role]!;
    for (const op of OPERATIONS.filter((o) => o.path.startsWith('/api/') && o.method !== 'get' && o.path !== '/api/session')) {
      const response = await user.request(op.method.toUpperCase(), fill(op.path, user), { zzNotAField: 'openapi' });
      expectDescribed(op.path, op.method, response, `${role} sending an unknown field to ${op.path}`);
      expect({ route: op.path, status: response.status < 300 }).toEqual({ route: op.path, status: false });
    }
  }
});

test('errors before the route are described too: not signed in, not JSON, a query the route does not take', async () => {
  const anonymous = new HttpUser(stack.baseUrl, 'anonymous');
  expectDescribed('/api/inbox', 'get', await anonymous.get('/api/inbox'), 'anonymous');
  expectDescribed('/api/feedback', 'post', await users.employee!.request('POST', '/api/feedback', '{not json'), 'malformed JSON');
  expectDescribed('/api/feedback', 'post', await users.employee!.request('POST', '/api/feedback', 'to=x', { 'content-type': 'application/x-www-form-urlencoded' }), 'a form post');
  expectDescribed('/api/talent', 'get', await users.hr!.get('/api/talent?x=1'), 'a query parameter');
  expectDescribed('/api/session', 'post', await anonymous.request('POST', '/api/session', { username: 'nobody' }), 'sign-in without a password');
  expectDescribed('/api/session', 'post', await anonymous.request('POST', '/api/session', { username: 'nobody', password: 'wrong' }), 'a wrong password');
});

test('sample answers with data validate: sign-in, settings, feedback, flows, talent, the modeler\'s lists, incidents, the outbox', async () => {
  const anonymous = new HttpUser(stack.baseUrl, 'anonymous');
  const signIn = await anonymous.request('POST', '/api/session', { username: 'cb.rm04', password: DEMO_PASSWORD });
  expect(signIn.status).toBe(200);
  expectDescribed('/api/session', 'post', signIn, 'sign-in');
  const saved = await users.employee!.request('PUT', '/api/me/mail-preferences', { tasks: 'digest' });
  expect(saved.status).toBe(200);
  expectDescribed('/api/me/mail-preferences', 'put', saved, 'saving mail settings');
  const refused = await users.employee!.request('PUT', '/api/me/mail-preferences', { tasks: 'hourly' });
  expect(refused.status).toBe(400);
  expectDescribed('/api/me/mail-preferences', 'put', refused, 'an unknown mail mode');
  const given = await users.hr!.post('/api/feedback', { to: users.employee!.id, kind: 'recognition', value: 'teamwork', text: 'OpenAPI sample' });
  expect([200, 201]).toContain(given.status);
  expectDescribed('/api/feedback', 'post', given, 'giving feedback');
  const samples: Array<[role: string, path: string]> = [
    ['employee', '/api/feedback'], ['employee', '/api/me/mail-preferences'], ['hr', '/api/flows'], ['hr', '/api/talent'], ['hr', '/api/development/units'],
    ['owner', '/api/processes'], ['owner', '/api/forms'], ['owner', '/api/decisions'], ['owner', '/api/processes/performance-review/versions'],
    ['owner', '/api/forms/self-assessment/versions'], ['owner', '/api/decisions/bonus-approval-chain/versions'], ['admin', '/api/incidents'], ['admin', '/api/outbox'],
  ];
  for (const [role, path] of samples) {
    const response = await users[role]!.get(path);
    expect({ path, status: response.status }).toEqual({ path, status: 200 });
    const described = OPERATIONS.find((op) => op.method === 'get' && new RegExp(`^${op.path.replace(/:[A-Za-z]+/g, '[^/]+')}$`).test(path))!;
    expectDescribed(described.path, 'get', response, `${role} reading ${path}`);
  }
  expect((await users.employee!.get('/api/feedback')).body.received.length).toBeGreaterThan(0);
});

// Last: the reads and samples above held real data to the schemas, not only errors.
test('answers with data were held to their schemas for most JSON reads', () => {
  const jsonReads = gets().filter((op) => op.responses[200]?.media === undefined);
  const held = jsonReads.filter((op) => validated.has(`GET ${op.path}`)).length;
  console.log(`2xx JSON answers validated for ${validated.size} routes: ${[...validated].sort().join(', ')}`);
  expect(held / jsonReads.length).toBeGreaterThan(0.5);
});

/**
 * The bodies written by hand beside the code that checks them cannot drift silently either: every
 * field the document names is one the route takes (never refused as unknown), and a field it does
 * not name is refused as unknown. Each body is sent by the first role the route lets that far.
 */
test('every described body names exactly the fields its route takes', async () => {
  // Routes that find their record before they read the body: a note given to the employee, an item of
  // the employee's plan, an open warning. Each is removed at the end; every probe below is refused.
  const cycle = uniqueCycle('openapi');
  const note = await users.hr!.post('/api/feedback', { to: users.employee!.id, kind: 'recognition', value: 'teamwork', text: `OpenAPI ${cycle}` });
  records.feedbackId = note.body.note.id;
  const planId = `${cycle}:${users.employee!.id}`;
  records.itemId = `${planId}:1`;
  await DevelopmentPlanModel.create({
    _id: planId, cycle, personId: users.employee!.id, unitId: 'CB', managerId: 'E0001', caseId: `${planId}:feedback-meeting`, catalogue: null,
    meeting: { submissionId: 'openapi', strengths: 'OpenAPI', gaps: [], recordedBy: 'E0001', recordedAt: new Date() },
  });
  await DevelopmentItemModel.create({
    _id: records.itemId, planId, cycle, personId: users.employee!.id, unitId: 'CB', index: 1, what: 'OpenAPI item', kind: 'training', ownerId: users.employee!.id,
    dueDate: '2030-01-01', status: 'not-started', progress: [], createdAt: new Date(),
  });
  records.warningId = `openapi:${users.employee!.id}:${cycle}`;
  await RiskWarningModel.create({
    _id: records.warningId, rule: 'openapi', policyVersion: 1, personId: users.employee!.id, unitId: 'CB', period: '2026-Q2', previousPeriod: '2026-Q1',
    evidence: [], raisedAt: new Date(), status: 'open',
  });
  const checked: string[] = [];
  for (const op of OPERATIONS.filter((o) => o.path.startsWith('/api/') && o.body && o.path !== '/api/session')) {
    const fields = Object.keys(op.body!.schema.properties ?? {});
    // A wrong value for each field (a number where text belongs), but a named choice where there is one:
    // some fields are taken only beside a choice (a warning's severity only when it is confirmed).
    const wrong = Object.fromEntries(fields.map((name) => [name, op.body!.schema.properties![name]!.enum?.[0] ?? 12345]));
    let answer: JsonResponse | null = null;
    for (const role of ['employee', 'hr', 'owner', 'risk', 'admin'] as const) {
      const user = users[role]!;
      const response = await user.request(op.method.toUpperCase(), fill(op.path, user), { ...wrong, zzNotAField: 1 });
      if (response.status === 400 && Array.isArray(response.body.problems)) { answer = response; break; }
    }
    if (!answer) continue;
    const unknown = (answer.body.problems as Array<{ field: string; code: string }>).filter((p) => p.code === 'unknown').map((p) => p.field);
    expect({ route: `${op.method} ${op.path}`, refusedAsUnknown: unknown.filter((field) => fields.includes(field)) }).toEqual({ route: `${op.method} ${op.path}`, refusedAsUnknown: [] });
    expect({ route: `${op.method} ${op.path}`, unknownNamed: unknown.includes('zzNotAField') }).toEqual({ route: `${op.method} ${op.path}`, unknownNamed: true });
    checked.push(`${op.method} ${op.path}${op.body!.fromSpec ? '' : ' (by hand)'}`);
  }
  console.log(`bodies checked field by field: ${checked.join(', ')}`);
  // Every hand-written body was reached.
  const hand = OPERATIONS.filter((o) => o.path.startsWith('/api/') && o.body && !o.body.fromSpec).map((o) => `${o.method} ${o.path} (by hand)`);
  expect(hand.filter((route) => !checked.includes(route))).toEqual([]);
  // Nothing the probes aimed at changed.
  expect((await FeedbackModel.findById(records.feedbackId).lean())?.visibility).toBe('private');
  expect((await DevelopmentItemModel.findById(records.itemId).lean())?.status).toBe('not-started');
  expect((await RiskWarningModel.findById(records.warningId).lean())?.status).toBe('open');
  await Promise.all([FeedbackModel.deleteOne({ _id: records.feedbackId }), DevelopmentItemModel.deleteOne({ _id: records.itemId }), DevelopmentPlanModel.deleteOne({ _id: planId }), RiskWarningModel.deleteOne({ _id: records.warningId })]);
  for (const name of Object.keys(records)) delete records[name];
});
