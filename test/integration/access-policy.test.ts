import { PolicyVersionModel } from '../../src/db/models/policy-version';
import { HttpUser, type JsonResponse } from '../support/http-user';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * Every role of the demo bank against every route of the policy editor and the incident list.
 * Writes are sent with a body the server refuses (a date in the past), so a role that may write gets
 * 400 (it passed the access check) and nothing is written either way.
 */
const ROW_USERS: Record<string, string | null> = {
  employee: 'cb.rm04', manager: 'cb.head', 'other-manager': 'wm.head', hrbp: 'hrbp', hr: 'hr.analyst', 'process-owner': 'owner',
  'risk-officer': 'risk.officer', 'compliance-officer': 'cmp.officer1', 'comp-committee': 'ceo', auditor: 'auditor', admin: 'admin', anonymous: null,
};
const READERS = ['process-owner', 'admin', 'hr', 'auditor'];
const EDITORS = ['process-owner', 'admin'];
const OPERATORS = ['process-owner', 'admin'];

let stack: TestStack;
const users: Record<string, HttpUser> = {};

beforeAll(async () => {
  stack = await startTestStack();
  for (const [row, username] of Object.entries(ROW_USERS)) users[row] = username ? await HttpUser.signIn(stack.baseUrl, username) : new HttpUser(stack.baseUrl, 'anonymous');
});
afterAll(async () => { await stack?.close(); });

type Expect = 'ok' | 'refused-input' | 'forbidden' | 'hidden';
interface RouteCase { name: string; send: (u: HttpUser) => Promise<JsonResponse>; page: boolean; who: (row: string) => Expect }

const refusedBody = { effectiveFrom: '2001-01-01', body: { windowDays: 15, panelSla: 'P10D' } };
const ROUTES: RouteCase[] = [
  { name: 'GET /policies', page: true, send: (u) => u.get('/policies'), who: (r) => (READERS.includes(r) ? 'ok' : 'hidden') },
  { name: 'GET /policies/scoring', page: true, send: (u) => u.get('/policies/scoring'), who: (r) => (READERS.includes(r) ? 'ok' : 'hidden') },
  { name: 'GET /api/policies/scoring', page: false, send: (u) => u.get('/api/policies/scoring'), who: (r) => (READERS.includes(r) ? 'ok' : 'hidden') },
  { name: 'POST /api/policies/appeal/versions', page: false, send: (u) => u.post('/api/policies/appeal/versions', refusedBody), who: (r) => (EDITORS.includes(r) ? 'refused-input' : READERS.includes(r) ? 'forbidden' : 'hidden') },
  { name: 'GET /operations/incidents', page: true, send: (u) => u.get('/operations/incidents'), who: (r) => (OPERATORS.includes(r) ? 'ok' : 'hidden') },
  { name: 'GET /api/incidents', page: false, send: (u) => u.get('/api/incidents'), who: (r) => (OPERATORS.includes(r) ? 'ok' : 'hidden') },
  // An id of the wrong shape: an operator is told why (400); anyone else learns nothing (404).
  { name: 'POST /api/incidents/:id/retry', page: false, send: (u) => u.post('/api/incidents/not_an_id!/retry', {}), who: (r) => (OPERATORS.includes(r) ? 'refused-input' : 'hidden') },
];

const cells = ROUTES.flatMap((route) => Object.keys(ROW_USERS).map((row) => [route.name, row] as const));

test.each(cells)('%s as %s', async (routeName, row) => {
  const route = ROUTES.find((r) => r.name === routeName)!;
  const before = await PolicyVersionModel.countDocuments({});
  const response = await route.send(users[row]!);
  const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
  if (row === 'anonymous') {
    if (route.page) {
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toMatch(/^\/login/);
    } else expect(response.status).toBe(401);
  } else {
    const expected = route.who(row);
    const status = { ok: 200, 'refused-input': 400, forbidden: 403, hidden: 404 }[expected];
    expect(response.status).toBe(status);
    if (expected === 'hidden' || expected === 'forbidden') {
      // Nothing of a policy, an incident or the engine in a refusal.
      expect(text).not.toMatch(/weightsByBusinessLine|windowDays|incidentMessage|engine-rest|stack|processInstance/i);
    }
    if (expected === 'ok' && route.name === 'GET /api/policies/scoring') expect(response.body.latest.body.weightsByBusinessLine.front).toBeDefined();
    if (expected === 'ok' && route.name === 'GET /policies') expect(text).toContain('/policies/scoring');
    if (expected === 'ok' && route.name === 'GET /api/incidents') expect(Array.isArray(response.body.incidents)).toBe(true);
  }
  expect(await PolicyVersionModel.countDocuments({})).toBe(before);
});

test('the header offers the policy and incident links only to those who may use them', async () => {
  for (const [row] of Object.entries(ROW_USERS)) {
    if (row === 'anonymous') continue;
    const page = String((await users[row]!.get('/inbox')).body);
    expect([row, page.includes('href="/policies"')]).toEqual([row, READERS.includes(row)]);
    expect([row, page.includes('href="/operations/incidents"')]).toEqual([row, OPERATORS.includes(row)]);
  }
});
