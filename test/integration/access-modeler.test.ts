import { HttpUser, withoutText, type JsonResponse } from '../support/http-user';
import { modelerWrites } from '../support/modeler-writes';
import { smallFlow, uniqueFlowKey } from '../support/small-flow';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * Every role of the demo bank against every page and API route of the flow modeler and the form
 * builder, on three kinds of data: a flow and a form a process owner saved ("own"), the shipped
 * performance review and check-in form ("other": the release's, not a person's), and keys nothing
 * has ("unknown"). Process owners and admins may use them all; everyone else gets 403 (the API) or
 * the page that says why (pages), the same answer whether the flow or form exists; not signed in:
 * 401 or the login page. Writes are sent with a body the server refuses, so a role that may write
 * gets 400 (it passed the access check) and nothing is written either way.
 */
const ROW_USERS: Record<string, string | null> = {
  employee: 'cb.rm04', manager: 'cb.head', 'other-manager': 'wm.head', hrbp: 'hrbp', hr: 'hr.analyst', 'process-owner': 'owner',
  'risk-officer': 'risk.officer', 'compliance-officer': 'cmp.officer1', 'comp-committee': 'ceo', auditor: 'auditor', admin: 'admin', anonymous: null,
};
const MODELERS = ['process-owner', 'admin'];

const ownFlow = uniqueFlowKey('acc-flow');
const ownForm = uniqueFlowKey('acc-form');
const OWN_FORM_TITLE = 'Access test form';
const OWN_STEP = 'Access test step';
const FLOWS = { own: ownFlow, other: 'performance-review', unknown: 'no-such-flow' } as const;
const FORMS = { own: ownForm, other: 'check-in', unknown: 'no-such-form' } as const;
/** The table page opens for any well-formed key: an unknown one is a new table, unsaved. */
const DECISIONS = { own: ownForm, other: 'bonus-approval-chain', unknown: 'no-such-form' } as const;
type Data = keyof typeof FLOWS;
const DATA: Data[] = ['own', 'other', 'unknown'];

let stack: TestStack;
const users: Record<string, HttpUser> = {};

beforeAll(async () => {
  stack = await startTestStack();
  for (const [row, username] of Object.entries(ROW_USERS)) users[row] = username ? await HttpUser.signIn(stack.baseUrl, username) : new HttpUser(stack.baseUrl, 'anonymous');
  const owner = users['process-owner']!;
  const flow = await owner.post(`/api/processes/${ownFlow}/drafts`, { xml: smallFlow(ownFlow, [{ id: 'accessStep', name: OWN_STEP, formKey: 'check-in', candidateGroups: 'hr' }]), note: 'access' });
  const form = await owner.post(`/api/forms/${ownForm}/versions`, { schema: { title: OWN_FORM_TITLE, display: 'form', components: [{ type: 'textarea', key: 'accessComment', label: 'Access comment', input: true }] } });
  if (flow.status !== 201 || form.status !== 201) throw new Error(`set-up: ${flow.status} ${form.status}`);
});
afterAll(async () => { await stack?.close(); });

/** What a modeler gets: a page or an answer (ok), a redirect (moved), a refused body (refused-input), nothing there (missing). */
type Allowed = 'ok' | 'moved' | 'refused-input' | 'missing';
interface RouteCase {
  name: string;
  page: boolean;
  send: (u: HttpUser) => Promise<JsonResponse>;
  /** For process owners and admins. */
  allowed: Allowed;
  /** What an allowed answer must show, so an empty 200 does not pass. */
  shows?: (response: JsonResponse) => void;
}

const text = (response: JsonResponse) => (typeof response.body === 'string' ? response.body : JSON.stringify(response.body));

function routesOn(data: Data): RouteCase[] {
  const flow = FLOWS[data];
  const form = FORMS[data];
  const known = data !== 'unknown';
  const on = `(${data})`;
  return [
    { name: `GET /modeler/:key ${on}`, page: true, send: (u) => u.get(`/modeler/${flow}`), allowed: known ? 'ok' : 'missing', shows: (r) => expect(text(r)).toContain('id="modeler-data"') },
    { name: `GET /forms-builder/:key ${on}`, page: true, send: (u) => u.get(`/forms-builder/${form}`), allowed: 'ok', shows: (r) => expect(text(r)).toContain('id="builder-data"') },
    { name: `GET /forms-builder/new?key= ${on}`, page: true, send: (u) => u.get(`/forms-builder/new?key=${form}`), allowed: 'moved', shows: (r) => expect(r.headers.get('location')).toBe(`/forms-builder/${form}`) },
    { name: `GET /api/processes/:key/versions ${on}`, page: false, send: (u) => u.get(`/api/processes/${flow}/versions`), allowed: known ? 'ok' : 'missing', shows: (r) => expect(r.body.versions[0]).toEqual(expect.objectContaining({ version: expect.any(Number) })) },
    { name: `GET /api/processes/:key/versions/1/xml ${on}`, page: false, send: (u) => u.get(`/api/processes/${flow}/versions/1/xml`), allowed: known ? 'ok' : 'missing', shows: (r) => expect(r.body.xml).toContain(`id="${flow}"`) },
    { name: `GET /api/processes/:key/versions/1/diff ${on}`, page: false, send: (u) => u.get(`/api/processes/${flow}/versions/1/diff`), allowed: known ? 'ok' : 'missing', shows: (r) => expect(r.body.diff).toEqual(expect.objectContaining({ added: expect.any(Array) })) },
    { name: `POST /api/processes/:key/drafts ${on}`, page: false, send: (u) => u.post(`/api/processes/${flow}/drafts`, { xml: 'not a flow' }), allowed: 'refused-input' },
    { name: `POST /api/processes/:key/deployments ${on}`, page: false, send: (u) => u.post(`/api/processes/${flow}/deployments`, { version: 'latest' }), allowed: 'refused-input' },
    { name: `GET /api/forms/:key/versions ${on}`, page: false, send: (u) => u.get(`/api/forms/${form}/versions`), allowed: known ? 'ok' : 'missing', shows: (r) => expect(r.body.versions[0]).toEqual(expect.objectContaining({ version: expect.any(Number) })) },
    { name: `GET /api/forms/:key/versions/1 ${on}`, page: false, send: (u) => u.get(`/api/forms/${form}/versions/1`), allowed: known ? 'ok' : 'missing', shows: (r) => expect(Array.isArray(r.body.schema.components)).toBe(true) },
    { name: `GET /decisions/:key ${on}`, page: true, send: (u) => u.get(`/decisions/${DECISIONS[data]}`), allowed: 'ok', shows: (r) => expect(text(r)).toContain('id="decision-data"') },
    { name: `POST /api/forms/:key/versions ${on}`, page: false, send: (u) => u.post(`/api/forms/${form}/versions`, { schema: { title: 'no components' } }), allowed: 'refused-input' },
  ];
}

const ROUTES: RouteCase[] = [
  { name: 'GET /modeler', page: true, send: (u) => u.get('/modeler'), allowed: 'ok', shows: (r) => expect(text(r)).toContain(`/modeler/${ownFlow}`) },
  { name: 'GET /api/processes', page: false, send: (u) => u.get('/api/processes'), allowed: 'ok', shows: (r) => expect(r.body.processes.map((p: { key: string }) => p.key)).toEqual(expect.arrayContaining([ownFlow, 'performance-review'])) },
  { name: 'GET /api/forms', page: false, send: (u) => u.get('/api/forms'), allowed: 'ok', shows: (r) => expect(r.body.forms.map((f: { key: string }) => f.key)).toEqual(expect.arrayContaining([ownForm, 'check-in'])) },
  // A new flow and a new form, with a body the server refuses (so nothing is written whoever asks).
  { name: 'POST /api/processes', page: false, send: (u) => u.post('/api/processes', { key: 'not a key', name: 'New' }), allowed: 'refused-input' },
  { name: 'POST /api/forms', page: false, send: (u) => u.post('/api/forms', { key: 'access-new-form', schema: { title: 'no components' } }), allowed: 'refused-input' },
  ...DATA.flatMap(routesOn),
];

/** Anything of a flow, a form or the engine: none of it belongs in a refusal. */
const CONTENT = [OWN_FORM_TITLE, OWN_STEP, 'Access comment', 'bpmn', '<?xml', 'userTask', 'managerAssessment', '"components"', 'schema', 'modeler-data', 'builder-data', 'decision-data', 'dmn-js', 'engine-rest', 'node_modules', 'processDefinition'];

/** The keys count too, except in a redirect to the login page, which names the page asked for. */
function expectNoLeak(response: JsonResponse, keysToo = true): void {
  const body = text(response).toLowerCase();
  for (const leak of [...CONTENT, ...(keysToo ? [ownFlow, ownForm] : [])]) expect([leak, body.includes(leak.toLowerCase())]).toEqual([leak, false]);
}

const cells = ROUTES.flatMap((route) => Object.keys(ROW_USERS).map((row) => [route.name, row] as const));

test.each(cells)('%s as %s', async (routeName, row) => {
  const route = ROUTES.find((r) => r.name === routeName)!;
  const before = await modelerWrites();
  const response = await route.send(users[row]!);
  if (row === 'anonymous') {
    if (route.page) {
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toMatch(/^\/login/);
    } else {
      expect(response.status).toBe(401);
      expect(withoutText(response.body)).toEqual({ error: expect.any(String) });
    }
    expectNoLeak(response, !route.page);
  } else if (MODELERS.includes(row)) {
    const status = { ok: 200, moved: 302, 'refused-input': 400, missing: 404 }[route.allowed];
    expect([response.status, text(response).slice(0, 300)]).toEqual([status, expect.any(String)]);
    if (route.allowed === 'ok' || route.allowed === 'moved') route.shows?.(response);
    if (route.allowed === 'refused-input') expect(response.body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ field: expect.any(String) })]));
    if (route.allowed === 'missing') expect(route.page ? text(response) : response.body.error).toMatch(route.page ? /<h1>/ : /not found/);
  } else {
    expect(response.status).toBe(403);
    if (route.page) expect(text(response)).toContain('data-refused="role"');
    else expect(withoutText(response.body)).toEqual({ error: expect.any(String) });
    expectNoLeak(response);
  }
  expect(await modelerWrites()).toEqual(before);
});

test('a refusal reads the same whether the flow or form exists, so nobody learns which do', async () => {
  for (const row of Object.keys(ROW_USERS).filter((r) => !MODELERS.includes(r))) {
    for (const [own, unknown] of routesOn('own').map((route, i) => [route, routesOn('unknown')[i]!] as const)) {
      const [a, b] = [await own.send(users[row]!), await unknown.send(users[row]!)];
      // The key asked for may come back (the login page's ?next= names it); nothing else may differ.
      const strip = (r: JsonResponse) => [r.status, r.headers.get('location')?.replace(/next=[^&]*/, ''),
        [ownFlow, ownForm, FLOWS.unknown, FORMS.unknown].reduce((t, key) => t.split(key).join('<key>'), text(r)).replace(/name="_csrf" value="[^"]*"/g, '')];
      expect([row, own.name, ...strip(a)]).toEqual([row, own.name, ...strip(b)]);
    }
  }
});

test('the header offers the modeler only to process owners and admins', async () => {
  for (const row of Object.keys(ROW_USERS).filter((r) => r !== 'anonymous')) {
    const page = text(await users[row]!.get('/inbox'));
    expect([row, page.includes('href="/modeler"')]).toEqual([row, MODELERS.includes(row)]);
  }
});
