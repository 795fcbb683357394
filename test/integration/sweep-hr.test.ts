import { AuditEntryModel } from '../../src/db/models/audit-entry';
import { CycleLaunchModel } from '../../src/db/models/cycle-launch';
import { ReviewCaseModel } from '../../src/db/models/review-case';
import { BAD_CYCLES, BAD_IDS, casesFor, expectRefusedWithReason, type JsonRoute } from '../support/bad-input';
import { HttpUser } from '../support/http-user';
import { startTestStack, uniqueCycle, type TestStack } from '../support/stack';

/**
 * Generated bad input against the HR routes (launch dry run, launch, launch progress, and the
 * launcher's flows, dry run and launch) as HR, who may
 * call them: each answer is a 4xx with a reason, and afterwards no launch, case or audit entry was
 * written. The good bodies name a real unit, so anything that slipped through would show as a launch.
 */
let stack: TestStack;
let hr: HttpUser;
let before: Record<string, number>;

const counts = async () => ({
  launches: await CycleLaunchModel.countDocuments(),
  cases: await ReviewCaseModel.countDocuments(),
  audit: await AuditEntryModel.countDocuments(),
});

const good = () => ({ unitIds: ['AUD'], processVersion: '1' });
const flowGood = () => ({ cycle: uniqueCycle('sweep-ok'), unitIds: ['AUD'], processVersion: '1' });
const ROUTES: JsonRoute[] = [
  { route: 'POST /api/cycles/:cycle/launches/dry-run', as: () => hr, method: 'POST', path: (id) => `/api/cycles/${id ?? uniqueCycle('sweep-ok')}/launches/dry-run`, good, ids: BAD_CYCLES },
  { route: 'POST /api/cycles/:cycle/launches', as: () => hr, method: 'POST', path: (id) => `/api/cycles/${id ?? uniqueCycle('sweep-ok')}/launches`, good, ids: BAD_CYCLES },
  { route: 'GET /api/flows', as: () => hr, method: 'GET', path: () => '/api/flows', good: null },
  { route: 'POST /api/flows/:key/launches/dry-run', as: () => hr, method: 'POST', path: (id = 'performance-review') => `/api/flows/${id}/launches/dry-run`, good: flowGood, ids: BAD_IDS },
  { route: 'POST /api/flows/:key/launches', as: () => hr, method: 'POST', path: (id = 'performance-review') => `/api/flows/${id}/launches`, good: flowGood, ids: BAD_IDS },
  { route: 'POST /api/launches/:launchId/resume', as: () => hr, method: 'POST', path: (id = '00000000-0000-4000-8000-000000000001') => `/api/launches/${id}/resume`, good: () => ({}), ids: BAD_IDS },
  { route: 'POST /api/launches/:launchId/retry', as: () => hr, method: 'POST', path: (id = '00000000-0000-4000-8000-000000000001') => `/api/launches/${id}/retry`, good: () => ({}), ids: BAD_IDS },
  { route: 'GET /api/launches/:launchId', as: () => hr, method: 'GET', path: (id) => `/api/launches/${id ?? '00000000-0000-4000-8000-000000000001'}`, good: null, ids: BAD_IDS },
];
const ALL = ROUTES.flatMap(casesFor);

beforeAll(async () => {
  stack = await startTestStack();
  hr = await HttpUser.signIn(stack.baseUrl, 'hr.analyst');
  before = await counts();
}, 180_000);
afterAll(async () => {
  await stack?.close();
});

test.each(ALL.map((c) => [c.route, c.label, c] as const))('%s, %s: a 4xx with a reason', async (_route, _label, c) => {
  await expectRefusedWithReason(c);
});

test('a version that is not deployed and a unit that does not exist are named', async () => {
  const version = await hr.post(`/api/cycles/${uniqueCycle('sweep')}/launches`, { unitIds: ['AUD'], processVersion: '999999' });
  expect(version.status).toBe(400);
  expect(version.body.problems).toEqual([expect.objectContaining({ field: 'processVersion', code: 'unknown' })]);
  const unit = await hr.post(`/api/cycles/${uniqueCycle('sweep')}/launches/dry-run`, { unitIds: ['NOPE'] });
  expect(unit.body.problems).toEqual([{ field: 'unitIds', code: 'unknown', message: 'no org unit NOPE', text: '机构 NOPE 不存在' }]);
});

test('pages with a cycle or unit that cannot be one answer 404 (400 for a path that does not decode)', async () => {
  for (const bad of BAD_CYCLES) {
    const expected = bad === '%E0%A4%A' ? 400 : 404;
    expect([bad, (await hr.get(`/cycles/${bad}/dashboard`)).status]).toEqual([bad, expected]);
    expect([bad, (await hr.get(`/calibrations/${bad}/CB`)).status]).toEqual([bad, expected]);
    expect([bad, (await hr.get(`/bonus-rounds/sweep/${bad}`)).status]).toEqual([bad, expected]);
  }
  expect((await hr.get('/cycles/launch/not-a-launch')).status).toBe(404);
});

test('after the sweep nothing was written: no launch, case or audit entry more', async () => {
  expect(await counts()).toEqual(before);
});
