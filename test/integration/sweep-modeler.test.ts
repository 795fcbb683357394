import { BAD_IDS, casesFor, expectRefusedWithReason, SCRIPT, type Case, type JsonRoute } from '../support/bad-input';
import { recordProcessVersion } from '../../src/deploy/process-versions';
import { HttpUser } from '../support/http-user';
import { modelerWrites } from '../support/modeler-writes';
import { smallFlow, uniqueFlowKey } from '../support/small-flow';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * Generated bad input against every API route of the flow modeler and the form builder, as the
 * process owner (who may use them, so every refusal is about the input, not the role). The flow and
 * the form of this file's own have a version 1, so each good body would be accepted: a save, a
 * deploy. Afterwards no version, deployment or audit entry was written and the engine holds no new
 * deployment.
 */
let stack: TestStack;
let owner: HttpUser;
const flowKey = uniqueFlowKey('sw-flow');
const formKey = uniqueFlowKey('sw-form');
const flow = (name = 'First step') => smallFlow(flowKey, [{ id: 'firstStep', name, formKey: 'check-in', candidateGroups: 'hr' }]);
const form = (label = 'Comment') => ({ title: 'Sweep form', display: 'form', components: [{ type: 'textarea', key: 'comment', label, input: true }] });

/** Versions that are not a stored version's number: out of range, not whole, not a number at all. */
const BAD_VERSIONS = [...BAD_IDS, '0', '-1', '01', '1.5', '1e3', '999999', '9999999', 'latest', '%20'];

const ROUTES: JsonRoute[] = [
  { route: 'GET /api/processes', as: () => owner, method: 'GET', path: () => '/api/processes', good: null },
  { route: 'GET /api/processes/:key/versions', as: () => owner, method: 'GET', path: (id) => `/api/processes/${id ?? flowKey}/versions`, good: null, ids: BAD_IDS },
  { route: 'GET /api/processes/:key/versions/1/xml', as: () => owner, method: 'GET', path: (id) => `/api/processes/${id ?? flowKey}/versions/1/xml`, good: null, ids: BAD_IDS },
  { route: 'GET /api/processes/<flow>/versions/:version/xml', as: () => owner, method: 'GET', path: (id) => `/api/processes/${flowKey}/versions/${id ?? '1'}/xml`, good: null, ids: BAD_VERSIONS },
  { route: 'GET /api/processes/:key/versions/1/diff', as: () => owner, method: 'GET', path: (id) => `/api/processes/${id ?? flowKey}/versions/1/diff`, good: null, ids: BAD_IDS },
  { route: 'GET /api/processes/<flow>/versions/:version/diff', as: () => owner, method: 'GET', path: (id) => `/api/processes/${flowKey}/versions/${id ?? '1'}/diff`, good: null, ids: BAD_VERSIONS },
  { route: 'POST /api/processes/:key/drafts', as: () => owner, method: 'POST', path: (id) => `/api/processes/${id ?? flowKey}/drafts`, good: () => ({ xml: flow('Second thoughts'), note: 'a second version' }), ids: BAD_IDS },
  { route: 'POST /api/processes/:key/deployments', as: () => owner, method: 'POST', path: (id) => `/api/processes/${id ?? flowKey}/deployments`, good: () => ({ version: 1 }), ids: BAD_IDS },
  { route: 'GET /api/forms', as: () => owner, method: 'GET', path: () => '/api/forms', good: null },
  { route: 'GET /api/forms/:key/versions', as: () => owner, method: 'GET', path: (id) => `/api/forms/${id ?? formKey}/versions`, good: null, ids: BAD_IDS },
  { route: 'GET /api/forms/:key/versions/1', as: () => owner, method: 'GET', path: (id) => `/api/forms/${id ?? formKey}/versions/1`, good: null, ids: BAD_IDS },
  { route: 'GET /api/forms/<form>/versions/:version', as: () => owner, method: 'GET', path: (id) => `/api/forms/${formKey}/versions/${id ?? '1'}`, good: null, ids: BAD_VERSIONS },
  // 'not-an-id' is a well-formed key there: a good schema under it is a new form, rightly saved.
  { route: 'POST /api/forms/:key/versions', as: () => owner, method: 'POST', path: (id) => `/api/forms/${id ?? formKey}/versions`, good: () => ({ schema: form('Second thoughts') }), ids: BAD_IDS.filter((id) => id !== 'not-an-id') },
  // A new flow (blank, or an imported file) and a new form, each under a key nothing has.
  { route: 'POST /api/processes (blank)', as: () => owner, method: 'POST', path: () => '/api/processes', good: () => ({ key: uniqueFlowKey('sw-new'), name: 'Sweep new flow', note: 'new flow' }) },
  { route: 'POST /api/processes (import)', as: () => owner, method: 'POST', path: () => '/api/processes', good: () => ({ key: uniqueFlowKey('sw-new'), xml: flow(), note: 'imported' }) },
  { route: 'POST /api/forms', as: () => owner, method: 'POST', path: () => '/api/forms', good: () => ({ key: uniqueFlowKey('sw-newform'), schema: form() }) },
];

/** A good form with a field `extra` nested `depth` levels deep, as JSON text (too deep for JSON.stringify): [[[…]]] or {"a":{"a":…}} */
const nestedForm = (depth: number, open: string, close: string) => `{"schema":${JSON.stringify(form()).replace(/\}$/, `,"extra":${open.repeat(depth)}1${close.repeat(depth)}}`)}}`;

/** Bad input inside the two fields the generator sees as one text and one object: the flow's XML and the form's schema. */
const drafts = (body: () => unknown): (() => ReturnType<HttpUser['request']>) => () => owner.post(`/api/processes/${flowKey}/drafts`, body());
const saveForm = (body: () => unknown): (() => ReturnType<HttpUser['request']>) => () => owner.post(`/api/forms/${formKey}/versions`, body());
const INSIDE: Case[] = [
  { route: 'POST /api/processes/:key/drafts', label: 'xml: a flow for another key', send: drafts(() => ({ xml: smallFlow(`${flowKey}x`, [{ id: 'firstStep', name: 'First', formKey: 'check-in', candidateGroups: 'hr' }]) })) },
  { route: 'POST /api/processes/:key/drafts', label: 'xml: a step asking for a form that does not exist', send: drafts(() => ({ xml: smallFlow(flowKey, [{ id: 'firstStep', name: 'First', formKey: 'no-such-form', candidateGroups: 'hr' }]) })) },
  { route: 'POST /api/processes/:key/drafts', label: 'xml: a service task on an unknown topic', send: drafts(() => ({ xml: flow().replace('</bpmn:process>', '<bpmn:serviceTask id="loose" camunda:type="external" camunda:topic="$where" /></bpmn:process>') })) },
  { route: 'POST /api/processes/:key/drafts', label: 'xml: cut off half way', send: drafts(() => ({ xml: flow().slice(0, 600) })) },
  { route: 'POST /api/processes/:key/drafts', label: 'xml: an external entity', send: drafts(() => ({ xml: `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>${flow().replace(/^<\?xml[^>]*>/, '').replace('name="First step"', 'name="&x;"')}` })) },
  { route: 'POST /api/processes/:key/drafts', label: 'xml: 60,000 elements deep', send: drafts(() => ({ xml: `${'<a>'.repeat(30_000)}${'</a>'.repeat(30_000)}` })) },
  { route: 'POST /api/processes/:key/drafts', label: 'xml: sub-processes 4,500 deep', send: drafts(() => ({ xml: flow().replace('</bpmn:process>', `${Array.from({ length: 4500 }, (_, i) => `<b:subProcess id="s${i}">`).join('')}${'</b:subProcess>'.repeat(4500)}</bpmn:process>`).replace('<bpmn:definitions ', '<bpmn:definitions xmlns:b="http://www.omg.org/spec/BPMN/20100524/MODEL" ') })) },
  { route: 'POST /api/processes/:key/drafts', label: 'xml: a candidate group expression that never closes', send: drafts(() => ({ xml: flow().replace('camunda:candidateGroups="hr"', 'camunda:candidateGroups="${hr"') })) },
  { route: 'POST /api/processes/:key/drafts', label: 'note: script with the flow otherwise good', send: drafts(() => ({ xml: flow('Second thoughts'), note: `fine ${SCRIPT}` })) },
  { route: 'POST /api/processes/:key/drafts', label: 'note: two lines', send: drafts(() => ({ xml: flow('Second thoughts'), note: 'one\ntwo' })) },
  { route: 'POST /api/processes/:key/deployments', label: 'version: a version that does not exist', send: () => owner.post(`/api/processes/${flowKey}/deployments`, { version: 999_999 }) },
  { route: 'POST /api/processes/:key/deployments', label: 'version: zero', send: () => owner.post(`/api/processes/${flowKey}/deployments`, { version: 0 }) },
  { route: 'POST /api/processes/:key/deployments', label: 'version: a fraction', send: () => owner.post(`/api/processes/${flowKey}/deployments`, { version: 1.5 }) },
  { route: 'POST /api/processes/:key/deployments', label: 'no body', send: () => owner.request('POST', `/api/processes/${flowKey}/deployments`, '') },
  { route: 'POST /api/processes', label: 'key: taken by this file\'s flow', send: () => owner.post('/api/processes', { key: flowKey, name: 'Again' }) },
  { route: 'POST /api/processes', label: 'key: a shipped flow\'s, in capitals', send: () => owner.post('/api/processes', { key: 'APPEAL', name: 'Again' }) },
  { route: 'POST /api/processes', label: 'copyOf: a flow that does not exist', send: () => owner.post('/api/processes', { key: uniqueFlowKey('sw-new'), copyOf: 'no-such-flow' }) },
  { route: 'POST /api/processes', label: 'copyOf: an operator-like key', send: () => owner.post('/api/processes', { key: uniqueFlowKey('sw-new'), copyOf: '$where' }) },
  { route: 'POST /api/processes', label: 'a copy and a file at once', send: () => owner.post('/api/processes', { key: uniqueFlowKey('sw-new'), copyOf: 'appeal', xml: flow() }) },
  { route: 'POST /api/processes', label: 'xml: a Form.io form, not BPMN', send: () => owner.post('/api/processes', { key: uniqueFlowKey('sw-new'), xml: JSON.stringify(form()) }) },
  { route: 'POST /api/processes', label: 'xml: no key typed and the file\'s process id is no key', send: () => owner.post('/api/processes', { xml: smallFlow('9 bad id', [{ id: 'firstStep', name: 'First', formKey: 'check-in', candidateGroups: 'hr' }]) }) },
  { route: 'POST /api/processes', label: 'xml: an external entity', send: () => owner.post('/api/processes', { key: uniqueFlowKey('sw-new'), xml: `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>${flow().replace(/^<\?xml[^>]*>/, '')}` }) },
  { route: 'POST /api/processes', label: 'name: two lines', send: () => owner.post('/api/processes', { key: uniqueFlowKey('sw-new'), name: 'one\ntwo' }) },
  { route: 'POST /api/processes', label: 'no name for a blank flow', send: () => owner.post('/api/processes', { key: uniqueFlowKey('sw-new') }) },
  { route: 'POST /api/forms', label: 'key: taken by this file\'s form', send: () => owner.post('/api/forms', { key: formKey, schema: form() }) },
  { route: 'POST /api/forms', label: 'key: new (the builder\'s own page)', send: () => owner.post('/api/forms', { key: 'new', schema: form() }) },
  { route: 'POST /api/forms', label: 'schema: not Form.io', send: () => owner.post('/api/forms', { key: uniqueFlowKey('sw-newform'), schema: { bpmn: '<definitions/>' } }) },
  { route: 'POST /api/forms', label: 'schema: code in a new form', send: () => owner.post('/api/forms', { key: uniqueFlowKey('sw-newform'), schema: { ...form(), components: [{ type: 'textarea', key: 'comment', label: 'Comment', input: true, validate: { custom: 'process.exit(1)' } }] } }) },
  { route: 'POST /api/forms/:key/versions', label: 'schema: script in a label', send: saveForm(() => ({ schema: form(SCRIPT) })) },
  { route: 'POST /api/forms/:key/versions', label: 'schema: an image with an onerror handler in a label', send: saveForm(() => ({ schema: form('<img src=x onerror="alert(1)">') })) },
  { route: 'POST /api/forms/:key/versions', label: 'schema: script in the title', send: saveForm(() => ({ schema: { ...form(), title: SCRIPT } })) },
  { route: 'POST /api/forms/:key/versions', label: 'schema: script in a zh-CN translation', send: saveForm(() => ({ schema: { ...form(), translations: { 'zh-CN': { Comment: SCRIPT } } } })) },
  { route: 'POST /api/forms/:key/versions', label: 'schema: an operator as a component key', send: saveForm(() => ({ schema: { ...form(), components: [{ type: 'textfield', key: { $gt: '' }, label: 'x', input: true }] } })) },
  { route: 'POST /api/forms/:key/versions', label: 'schema: an operator as components', send: saveForm(() => ({ schema: { ...form(), components: { $gt: '' } } })) },
  { route: 'POST /api/forms/:key/versions', label: 'schema: an operator field inside a component', send: saveForm(() => ({ schema: { ...form(), components: [{ type: 'textfield', key: 'a', label: 'A', input: true, $where: 'sleep(1000)' }] } })) },
  { route: 'POST /api/forms/:key/versions', label: 'schema: a dotted key inside translations', send: saveForm(() => ({ schema: { ...form(), translations: { 'zh-CN': { 'Comment.': '评论' } } } })) },
  { route: 'POST /api/forms/:key/versions', label: 'schema: a component that is text', send: saveForm(() => ({ schema: { ...form(), components: ['textfield'] } })) },
  { route: 'POST /api/forms/:key/versions', label: 'schema: a component without a type', send: saveForm(() => ({ schema: { ...form(), components: [{ key: 'a', label: 'A', input: true }] } })) },
  { route: 'POST /api/forms/:key/versions', label: 'schema: 501 components', send: saveForm(() => ({ schema: { ...form(), components: Array.from({ length: 501 }, (_, i) => ({ type: 'textfield', key: `f${i}`, input: true })) } })) },
  { route: 'POST /api/forms/:key/versions', label: 'schema: panels 150 deep', send: saveForm(() => {
    let inner: Record<string, unknown> = { type: 'textfield', key: 'deepest', input: true };
    for (let i = 0; i < 150; i++) inner = { type: 'panel', key: `p${i}`, components: [inner] };
    return { schema: { ...form(), components: [inner] } };
  }) },
  { route: 'POST /api/forms/:key/versions', label: 'schema: a list inside a list', send: saveForm(() => ({ schema: { ...form(), extra: [[1]] } })) },
  { route: 'POST /api/forms/:key/versions', label: 'schema: a table (its rows are lists of cells)', send: saveForm(() => ({ schema: { ...form(), components: [{ type: 'table', key: 'grid', input: false, rows: [[{ components: [{ type: 'textfield', key: 'cell', input: true }] }]] }] } })) },
  // Form.io runs a component's code on the server when it validates a submission: only a shipped form's code may be saved.
  { route: 'POST /api/forms/:key/versions', label: 'schema: custom validation that exits the server', send: saveForm(() => ({ schema: { ...form(), components: [{ type: 'textarea', key: 'comment', label: 'Comment', input: true, validate: { custom: 'process.exit(1)' } }] } })) },
  { route: 'POST /api/forms/:key/versions', label: 'schema: a calculated value that reads the environment', send: saveForm(() => ({ schema: { ...form(), components: [{ type: 'textfield', key: 'leak', label: 'Leak', input: true, calculateValue: 'value = JSON.stringify(process.env)' }] } })) },
  { route: 'POST /api/forms/:key/versions', label: 'schema: a condition that starts a program', send: saveForm(() => ({ schema: { ...form(), components: [{ type: 'textfield', key: 'shown', label: 'Shown', input: true, customConditional: "show = process.mainModule.require('child_process').execSync('id')" }] } })) },
  { route: 'POST /api/forms/:key/versions', label: 'schema: code hidden in serverOverride', send: saveForm(() => ({ schema: { ...form(), components: [{ type: 'textarea', key: 'comment', label: 'Comment', input: true, serverOverride: { validate: { custom: 'process.exit(1)' } } }] } })) },
  { route: 'POST /api/forms/:key/versions', label: 'schema: objects 150 deep', send: saveForm(() => nestedForm(150, '{"a":', '}')) },
  { route: 'POST /api/forms/:key/versions', label: 'schema: lists 100,000 deep', send: saveForm(() => nestedForm(100_000, '[', ']')) },
  { route: 'POST /api/forms/:key/versions', label: 'schema: objects 40,000 deep', send: saveForm(() => nestedForm(40_000, '{"a":', '}')) },
];

let before: Record<string, number> = {};

beforeAll(async () => {
  stack = await startTestStack();
  owner = await HttpUser.signIn(stack.baseUrl, 'owner');
  // Version 1 of a flow and a form of this file's own, saved (not deployed): the good bodies would work.
  const savedFlow = await owner.post(`/api/processes/${flowKey}/drafts`, { xml: flow(), note: 'sweep' });
  const savedForm = await owner.post(`/api/forms/${formKey}/versions`, { schema: form() });
  if (savedFlow.status !== 201 || savedForm.status !== 201) throw new Error(`set-up: ${savedFlow.status} ${JSON.stringify(savedFlow.body)} ${savedForm.status} ${JSON.stringify(savedForm.body)}`);
  before = await modelerWrites();
});
afterAll(async () => { await stack?.close(); });

const cases = [...ROUTES.flatMap(casesFor), ...INSIDE];
test.each(cases.map((c) => [c.route, c.label, c] as const))('%s: %s is refused with a reason', async (_route, _label, c) => {
  await expectRefusedWithReason(c);
});

test('a refused form or flow says which field and why', async () => {
  const label = await owner.post(`/api/forms/${formKey}/versions`, { schema: form(SCRIPT) });
  expect(label.body.problems).toEqual([expect.objectContaining({ field: 'schema.components[0].label' })]);
  const note = await owner.post(`/api/processes/${flowKey}/drafts`, { xml: flow('Second thoughts'), note: SCRIPT });
  expect(note.body.problems).toEqual([expect.objectContaining({ field: 'note', code: 'pattern' })]);
  const version = await owner.post(`/api/processes/${flowKey}/deployments`, { version: { $gt: 0 } });
  expect(version.body.problems).toEqual([expect.objectContaining({ field: 'version', code: 'type' })]);
  const code = await owner.post(`/api/forms/${formKey}/versions`, { schema: { ...form(), components: [{ type: 'textarea', key: 'comment', label: 'Comment', input: true, validate: { custom: 'valid = process.env.SESSION_SECRET' } }] } });
  expect([code.status, code.body.problems]).toEqual([400, [expect.objectContaining({ field: 'schema.components[0].validate.custom', code: 'code' })]]);
  const unknown = await owner.post(`/api/forms/${formKey}/versions`, { schema: form(), role: 'admin' });
  expect(unknown.body.problems).toEqual([expect.objectContaining({ field: 'role', code: 'unknown' })]);
});

test('afterwards nothing was written: no flow or form version, no deployment in the store or the engine, no audit entry', async () => {
  expect(await modelerWrites()).toEqual(before);
  expect((await owner.get(`/api/processes/${flowKey}/versions`)).body).toEqual(expect.objectContaining({ runningVersion: null, deployments: [], versions: [expect.objectContaining({ version: 1, note: 'sweep' })] }));
  expect((await owner.get(`/api/forms/${formKey}/versions`)).body.versions).toEqual([expect.objectContaining({ version: 1 })]);
});

// After the check that nothing was written: this one writes.
test('code a shipped form carries saves: the calibration form\'s "comment required when returning" in an owner\'s form', async () => {
  const shippedRule = "valid = data.decision !== 'return' || (typeof input === 'string' && input.trim() !== '') ? true : 'A comment is required when returning the calibration';";
  const copied = await owner.post(`/api/forms/${formKey}x/versions`, { schema: { ...form(), components: [{ type: 'textarea', key: 'comment', label: 'Comment', input: true, validate: { custom: `  ${shippedRule}\n` } }] } });
  expect([copied.status, copied.body]).toEqual([201, { key: `${formKey}x`, version: 1, created: true }]);
});

// Last: it stores a version directly, past the server's checks.
test('a stored version the engine refuses to parse is not deployed: 400 with the engine\'s reason, not a 500', async () => {
  // As if stored before the server's lint knew better: an expression the engine cannot read.
  // (Names the lint knows, so only the engine's parser can refuse it.)
  const broken = flow('Broken').replace('camunda:candidateGroups="hr"', 'camunda:candidateGroups="${subjectId subjectId}"');
  const { version } = await recordProcessVersion(flowKey, broken, 'owner', owner.id, 'broken');
  const engineBefore = (await modelerWrites()).engineDeployments;
  const refused = await owner.post(`/api/processes/${flowKey}/deployments`, { version });
  expect([refused.status, refused.body]).toEqual([400, expect.objectContaining({ error: expect.any(String), problems: [expect.objectContaining({ field: 'xml', code: 'engine' })] })]);
  expect(JSON.stringify(refused.body)).not.toMatch(/at org\.|Exception\b.*\n|engine-rest/);
  expect((await modelerWrites()).engineDeployments).toBe(engineBefore);
  expect((await owner.get(`/api/processes/${flowKey}/versions`)).body.deployments).toEqual([]);
});
