import { BAD_IDS, casesFor, expectRefusedWithReason, SCRIPT, type Case, type JsonRoute } from '../support/bad-input';
import { AuditEntryModel } from '../../src/db/models/audit-entry';
import { DecisionDeploymentModel } from '../../src/db/models/decision-deployment';
import { DecisionVersionModel } from '../../src/db/models/decision-version';
import { HttpUser } from '../support/http-user';
import { engineDeployments } from '../support/modeler-writes';
import { uniqueFlowKey } from '../support/small-flow';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * Generated bad input against every route of /api/decisions, as the process owner (who may use them,
 * so every refusal is about the input, not the role). The table of this file's own has a version 1,
 * so each good body would be accepted: a save, a deploy. Afterwards no version, deployment or audit
 * entry was written and the engine holds no new deployment.
 */
let stack: TestStack;
let owner: HttpUser;
const key = uniqueFlowKey('sw-table');

function table(output = 'hr', firstRule = '&lt;= 100'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="${key}-definitions" name="Sweep" namespace="https://meritflow.example/test">
  <decision id="${key}" name="Sweep table">
    <decisionTable id="table" hitPolicy="UNIQUE">
      <input id="amount" label="Amount"><inputExpression id="amount-expression" typeRef="number"><text>amountMinor</text></inputExpression></input>
      <output id="approver" label="Approver" name="approver" typeRef="string" />
      <rule id="small"><inputEntry id="small-in"><text>${firstRule}</text></inputEntry><outputEntry id="small-out"><text>"head"</text></outputEntry></rule>
      <rule id="large"><inputEntry id="large-in"><text>&gt; 100</text></inputEntry><outputEntry id="large-out"><text>"${output}"</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>
`;
}

/** Versions that are not a stored version's number: out of range, not whole, not a number at all. */
const BAD_VERSIONS = [...BAD_IDS, '0', '-1', '01', '1.5', '1e3', '999999', '9999999', 'latest', '%20'];
// 'not-an-id' is a well-formed key: the good table under it names another decision (400), its version 1 does not exist (404).
const ROUTES: JsonRoute[] = [
  { route: 'GET /api/decisions', as: () => owner, method: 'GET', path: () => '/api/decisions', good: null },
  { route: 'GET /api/decisions/:key/versions', as: () => owner, method: 'GET', path: (id) => `/api/decisions/${id ?? key}/versions`, good: null, ids: [...BAD_IDS, 'Upper-Case', 'under_score'] },
  { route: 'GET /api/decisions/:key/versions/1/xml', as: () => owner, method: 'GET', path: (id) => `/api/decisions/${id ?? key}/versions/1/xml`, good: null, ids: BAD_IDS },
  { route: 'GET /api/decisions/<table>/versions/:version/xml', as: () => owner, method: 'GET', path: (id) => `/api/decisions/${key}/versions/${id ?? '1'}/xml`, good: null, ids: BAD_VERSIONS },
  { route: 'GET /api/decisions/:key/versions/1/diff', as: () => owner, method: 'GET', path: (id) => `/api/decisions/${id ?? key}/versions/1/diff`, good: null, ids: BAD_IDS },
  { route: 'GET /api/decisions/<table>/versions/:version/diff', as: () => owner, method: 'GET', path: (id) => `/api/decisions/${key}/versions/${id ?? '1'}/diff`, good: null, ids: BAD_VERSIONS },
  { route: 'POST /api/decisions/:key/drafts', as: () => owner, method: 'POST', path: (id) => `/api/decisions/${id ?? key}/drafts`, good: () => ({ xml: table('risk'), note: 'a second version' }), ids: BAD_IDS },
  { route: 'POST /api/decisions/:key/deployments', as: () => owner, method: 'POST', path: (id) => `/api/decisions/${id ?? key}/deployments`, good: () => ({ version: 1 }), ids: BAD_IDS },
];

const drafts = (body: () => unknown): (() => ReturnType<HttpUser['request']>) => () => owner.post(`/api/decisions/${key}/drafts`, body());
const INSIDE: Case[] = [
  { route: 'POST /api/decisions/:key/drafts', label: 'xml: BPMN instead of DMN', send: drafts(() => ({ xml: '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="p" /></bpmn:definitions>' })) },
  { route: 'POST /api/decisions/:key/drafts', label: 'xml: cut off half way', send: drafts(() => ({ xml: table().slice(0, 500) })) },
  { route: 'POST /api/decisions/:key/drafts', label: 'xml: an external entity', send: drafts(() => ({ xml: `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>${table().replace(/^<\?xml[^>]*>/, '').replace('name="Sweep table"', 'name="&x;"')}` })) },
  { route: 'POST /api/decisions/:key/drafts', label: 'xml: 60,000 elements deep', send: drafts(() => ({ xml: `${'<a>'.repeat(30_000)}${'</a>'.repeat(30_000)}` })) },
  { route: 'POST /api/decisions/:key/drafts', label: 'xml: two decisions', send: drafts(() => ({ xml: table().replace('</definitions>', `<decision id="${key}-two" name="Two"><literalExpression id="l"><text>1</text></literalExpression></decision></definitions>`) })) },
  { route: 'POST /api/decisions/:key/drafts', label: 'xml: a literal expression, no table', send: drafts(() => ({ xml: table().replace(/<decisionTable[\s\S]*<\/decisionTable>/, '<literalExpression id="l"><text>"hr"</text></literalExpression>') })) },
  { route: 'POST /api/decisions/:key/drafts', label: 'xml: overlapping rules under UNIQUE', send: drafts(() => ({ xml: table('hr', '&lt;= 101') })) },
  { route: 'POST /api/decisions/:key/drafts', label: 'xml: a string that never closes', send: drafts(() => ({ xml: table('hr', '"CNY') })) },
  { route: 'POST /api/decisions/:key/drafts', label: 'xml: a string where the column is a number', send: drafts(() => ({ xml: table('hr', '"CNY"') })) },
  { route: 'POST /api/decisions/:key/drafts', label: 'note: script with the table otherwise good', send: drafts(() => ({ xml: table('risk'), note: `fine ${SCRIPT}` })) },
  { route: 'POST /api/decisions/:key/drafts', label: 'note: two lines', send: drafts(() => ({ xml: table('risk'), note: 'one\ntwo' })) },
  { route: 'POST /api/decisions/:key/deployments', label: 'version: a version that does not exist', send: () => owner.post(`/api/decisions/${key}/deployments`, { version: 999_999 }) },
  { route: 'POST /api/decisions/:key/deployments', label: 'version: zero', send: () => owner.post(`/api/decisions/${key}/deployments`, { version: 0 }) },
  { route: 'POST /api/decisions/:key/deployments', label: 'version: a fraction', send: () => owner.post(`/api/decisions/${key}/deployments`, { version: 1.5 }) },
  { route: 'POST /api/decisions/:key/deployments', label: 'no body', send: () => owner.request('POST', `/api/decisions/${key}/deployments`, '') },
];

async function decisionWrites(): Promise<Record<string, number>> {
  return {
    versions: await DecisionVersionModel.countDocuments({}),
    deployments: await DecisionDeploymentModel.countDocuments({}),
    audits: await AuditEntryModel.countDocuments({ action: { $in: ['decision.version-saved', 'decision.deployed', 'decision.rolled-back'] } }),
    engineDeployments: await engineDeployments(),
  };
}

let before: Record<string, number> = {};

beforeAll(async () => {
  stack = await startTestStack();
  owner = await HttpUser.signIn(stack.baseUrl, 'owner');
  const saved = await owner.post(`/api/decisions/${key}/drafts`, { xml: table(), note: 'sweep' });
  if (saved.status !== 201) throw new Error(`set-up: ${saved.status} ${JSON.stringify(saved.body)}`);
  before = await decisionWrites();
});
afterAll(async () => { await stack?.close(); });

const cases = [...ROUTES.flatMap(casesFor), ...INSIDE];
test.each(cases.map((c) => [c.route, c.label, c] as const))('%s: %s is refused with a reason', async (_route, _label, c) => {
  await expectRefusedWithReason(c);
});

test('a refused table says which rule and why', async () => {
  const overlap = await owner.post(`/api/decisions/${key}/drafts`, { xml: table('hr', '&lt;= 101') });
  expect(overlap.body.problems).toEqual([expect.objectContaining({ field: 'xml#large', code: 'overlap' })]);
  const version = await owner.post(`/api/decisions/${key}/deployments`, { version: { $gt: 0 } });
  expect(version.body.problems).toEqual([expect.objectContaining({ field: 'version', code: 'type' })]);
});

test('afterwards nothing was written: no version, no deployment in the store or the engine, no audit entry', async () => {
  expect(await decisionWrites()).toEqual(before);
  expect((await owner.get(`/api/decisions/${key}/versions`)).body).toEqual(expect.objectContaining({ deployedVersion: null, deployments: [], versions: [expect.objectContaining({ version: 1, note: 'sweep', deployed: false })] }));
});
