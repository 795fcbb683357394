import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditEntryModel } from '../../src/db/models/audit-entry';
import { PolicyVersionModel } from '../../src/db/models/policy-version';
import { BAD_IDS, casesFor, expectRefusedWithReason, type JsonRoute } from '../support/bad-input';
import { HttpUser } from '../support/http-user';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let owner: HttpUser;
let admin: HttpUser;
const scoring = JSON.parse(readFileSync(join(__dirname, '..', '..', 'policies', 'scoring.json'), 'utf8')).body;
const today = () => new Date().toISOString().slice(0, 10);

const ROUTES: JsonRoute[] = [
  { route: 'POST /api/policies/:key/versions', as: () => owner, method: 'POST', path: (id) => `/api/policies/${id ?? 'scoring'}/versions`, good: () => ({ effectiveFrom: today(), body: structuredClone(scoring) }), ids: BAD_IDS },
  { route: 'GET /api/policies/:key', as: () => owner, method: 'GET', path: (id) => `/api/policies/${id ?? 'scoring'}`, good: null, ids: BAD_IDS },
  { route: 'GET /api/incidents', as: () => admin, method: 'GET', path: () => '/api/incidents', good: null },
  { route: 'POST /api/incidents/:id/retry', as: () => admin, method: 'POST', path: (id) => `/api/incidents/${id ?? '00000000-0000-4000-8000-000000000000'}/retry`, good: () => ({}), ids: BAD_IDS },
];

let versions = 0;
let audits = 0;
beforeAll(async () => {
  stack = await startTestStack();
  owner = await HttpUser.signIn(stack.baseUrl, 'owner');
  admin = await HttpUser.signIn(stack.baseUrl, 'admin');
  versions = await PolicyVersionModel.countDocuments({});
  audits = await AuditEntryModel.countDocuments({ action: { $in: ['PolicyVersion.created', 'incident.retried'] } });
});
afterAll(async () => { await stack?.close(); });

const cases = ROUTES.flatMap(casesFor);
test.each(cases.map((c) => [c.route, c.label, c] as const))('%s: %s is refused with a reason', async (_route, _label, c) => {
  await expectRefusedWithReason(c);
});

test('afterwards nothing was written: no policy version, no audit entry of a save or a retry', async () => {
  expect(await PolicyVersionModel.countDocuments({})).toBe(versions);
  expect(await AuditEntryModel.countDocuments({ action: { $in: ['PolicyVersion.created', 'incident.retried'] } })).toBe(audits);
});
