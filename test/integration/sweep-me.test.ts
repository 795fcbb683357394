import { AppealModel } from '../../src/db/models/appeal';
import { AuditEntryModel } from '../../src/db/models/audit-entry';
import { AwardModel } from '../../src/db/models/award';
import { ReviewCaseModel } from '../../src/db/models/review-case';
import { ScoreModel } from '../../src/db/models/score';
import { SubmissionModel } from '../../src/db/models/submission';
import { BAD_CYCLES, BAD_QUERIES, SCRIPT, casesFor, expectRefusedWithReason, type Case, type JsonRoute } from '../support/bad-input';
import { HttpUser } from '../support/http-user';
import { startTestStack, uniqueCycle, type TestStack } from '../support/stack';

/**
 * Bad input against the employee's own overview: every malformed or hostile cycle id and query is
 * refused with a reason (a 4xx, never a 500), the page answers its not-found page without echoing the
 * input, and nothing is written.
 */
let stack: TestStack;
let employee: HttpUser;
let cycle = '';

const ROUTES: JsonRoute[] = [
  { route: 'GET /api/me/overview/:cycle', as: () => employee, method: 'GET', path: (id) => `/api/me/overview/${id ?? cycle}`, good: null, ids: BAD_CYCLES },
];

const counts = () => Promise.all([SubmissionModel, ReviewCaseModel, ScoreModel, AppealModel, AwardModel, AuditEntryModel]
  .map((model) => (model as unknown as typeof SubmissionModel).countDocuments({})));
let before: number[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  employee = await HttpUser.signIn(stack.baseUrl, 'cb.rm06');
  const hr = await HttpUser.signIn(stack.baseUrl, 'hr.analyst');
  cycle = uniqueCycle('mesweep');
  expect((await hr.post(`/api/cycles/${cycle}/reviews`, { employeeIds: [employee.id] })).status).toBe(201);
  // The good request answers, so a refusal below is the bad input's doing.
  expect((await employee.get(`/api/me/overview/${cycle}`)).status).toBe(200);
  before = await counts();
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

const ALL: Case[] = ROUTES.flatMap(casesFor);

test.each(ALL.map((c) => [`${c.route} — ${c.label}`, c] as const))('%s is refused with a reason', async (_name, c) => {
  await expectRefusedWithReason(c);
});

const PAGE_INPUTS = [...BAD_CYCLES.map((id) => `?cycle=${id}`), ...BAD_QUERIES.map((q) => `${q}&cycle=${cycle}`), `?cycle=${cycle}&cycle=${cycle}`];

test.each(PAGE_INPUTS)('GET /me%s answers a page without a server error and without echoing script', async (query) => {
  const response = await employee.get<string>(`/me${query}`);
  expect(response.status).toBeLessThan(500);
  expect(String(response.body)).not.toContain(SCRIPT);
  // A repeated or unknown parameter falls back to the person's latest cycle; a bad cycle is not found.
  if (response.status === 200) expect(String(response.body)).toContain('class="me-cycles"');
  else expect(response.status).toBeGreaterThanOrEqual(400);
});

test('after the sweep nothing was written', async () => {
  expect(await counts()).toEqual(before);
});
