import type { ChildProcess } from 'node:child_process';
import { ReviewCaseModel } from '../../src/db/models/review-case';
import { HttpUser, withoutText } from '../support/http-user';
import { approvedAwardWithMalus, assess, calibrateAndPublish, CALIBRATION_REASON, employeeWithGoals, FINAL_SCORE, type MyCycleFixture } from '../support/me-fixture';
import { startTestStack, startWorker, stopWorker, type TestStack } from '../support/stack';

/**
 * "My performance" (GET /me) and its JSON (GET /api/me/overview/:cycle) show the signed-in person's
 * own records and nobody else's: the person is never a parameter, and a cycle they have no review in
 * answers like a cycle that does not exist. The result — rating, score, explanation, and the pay that
 * carries the rating — appears only once the review is published.
 */
const ROW_USERS: Record<string, string | null> = {
  employee: 'cb.rm04', manager: 'cb.head', 'other-manager': 'wm.head', hrbp: 'hrbp', hr: 'hr.analyst', 'process-owner': 'owner',
  'risk-officer': 'risk.officer', 'compliance-officer': 'cmp.officer1', 'comp-committee': 'ceo', auditor: 'auditor', admin: 'admin', anonymous: null,
};

let stack: TestStack;
let worker: ChildProcess;
const users: Record<string, HttpUser> = {};
let f: MyCycleFixture;

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('access-me');
  for (const [row, username] of Object.entries(ROW_USERS)) {
    users[row] = username ? await HttpUser.signIn(stack.baseUrl, username) : new HttpUser(stack.baseUrl, 'anonymous');
  }
  f = await employeeWithGoals(users.hr!, stack.baseUrl, 'meaccess');
  // The demo employee has a review in the same cycle too, still at goal setting.
  expect((await users.hr!.post(`/api/cycles/${f.cycle}/reviews`, { employeeIds: [users.employee!.id] })).status).toBe(201);
}, 300_000);

afterAll(async () => {
  await stopWorker(worker);
  await stack?.close();
});

test('before publication neither the page nor the API shows the rating, the score, the explanation or the pay', async () => {
  await assess(f);
  await approvedAwardWithMalus(f, 'B'); // even an award already there stays hidden: it states the rating

  const api = await f.employee.get(`/api/me/overview/${f.cycle}`);
  expect(api.status).toBe(200);
  expect(api.body).toMatchObject({ cycle: f.cycle, status: 'finalized', published: false, result: null, appeal: null, bonus: null });
  expect(api.body.goals.map((g: { title: string }) => g.title)).toEqual(['Grow the book', 'Clean files']);
  const json = JSON.stringify(api.body);
  for (const secret of [String(FINAL_SCORE), 'explanation', '"rating"', 'scoring', '120000', CALIBRATION_REASON]) expect(json).not.toContain(secret);

  const page = await f.employee.get<string>(`/me?cycle=${f.cycle}`);
  expect(page.status).toBe(200);
  expect(page.body).toContain('not published yet');
  for (const secret of [String(FINAL_SCORE), 'me-rating-badge', 'me-why', 'me-bonus', '120,000']) expect(page.body).not.toContain(secret);
}, 300_000);

test('once published, the person sees their result with its explanation, the appeal window and their bonus', async () => {
  await calibrateAndPublish(f);
  const api = await f.employee.get(`/api/me/overview/${f.cycle}`);
  expect(api.status).toBe(200);
  expect(api.body.result).toMatchObject({ rating: 'C', ratingStep: 'calibrated', businessLine: 'back' });
  expect(api.body.result.steps.map((s: { step: string; rating: string }) => `${s.step}:${s.rating}`)).toEqual(['self:B', 'final:B', 'calibrated:C']);
  expect(api.body.result.steps[2]).toMatchObject({ from: 'B', reason: CALIBRATION_REASON, changed: true });
  expect(api.body.result.dimensions.map((d: { contribution: number }) => d.contribution)).toEqual([1.2, 0.45, 0.8, 1.4]);
  expect(api.body.appeal.window).toMatchObject({ open: true, daysLeft: 15, windowDays: 15 });
  expect(api.body.bonus.tranches.map((t: { state: string }) => t.state)).toEqual(['paid', 'vested', 'unvested', 'cancelled']);
  const open = await f.employee.get<string>(`/me?cycle=${f.cycle}&lang=en`);
  expect(open.body).toContain('id="appeal-form"');

  // Twenty days later (as appeal-flow does, the publication date is moved back): the window has closed.
  const publishedAt = new Date(Date.now() - 20 * 86_400_000);
  await ReviewCaseModel.updateOne({ _id: f.caseId }, { $set: { publishedAt } });
  const closesOn = new Date(publishedAt.getTime() + 15 * 86_400_000).toISOString().slice(0, 10);
  expect((await f.employee.get(`/api/me/overview/${f.cycle}`)).body.appeal.window).toEqual({ open: false, closesOn, daysLeft: 0, windowDays: 15 });
  const closed = await f.employee.get<string>(`/me?cycle=${f.cycle}&lang=en`);
  expect(closed.body).toContain(`The appeal window closed on <strong>${closesOn}</strong>`);
  expect(closed.body).not.toContain('id="appeal-form"');
  await ReviewCaseModel.updateOne({ _id: f.caseId }, { $set: { publishedAt: new Date() } });
}, 300_000);

test('each role reaches only its own overview: another person\'s cycle answers like one that does not exist', async () => {
  const unknown = await users.employee!.get('/api/me/overview/no-such-cycle');
  expect(unknown).toMatchObject({ status: 404, body: { error: 'review not found' } });
  const unknownPage = await users.employee!.get<string>('/me?cycle=no-such-cycle');
  expect(unknownPage.status).toBe(404);

  const everyone: Array<[string, HttpUser]> = [...Object.entries(users), ['fixture employee', f.employee], ['their head', f.head], ['their HRBP', f.hrbp]];
  for (const [row, user] of everyone) {
    const api = await user.get(`/api/me/overview/${f.cycle}`);
    const page = await user.get<string>(`/me?cycle=${f.cycle}`);
    const cell = `${row}: ${api.status} / ${page.status}`;
    if (row === 'anonymous') {
      expect({ cell, status: api.status, body: api.body }).toEqual({ cell, status: 401, body: { error: 'sign in first' } });
      expect({ cell, status: page.status, location: page.headers.get('location') }).toEqual({ cell, status: 302, location: `/login?next=${encodeURIComponent(`/me?cycle=${f.cycle}`)}` });
    } else if (row === 'fixture employee') {
      expect({ cell, rating: api.body.result?.rating }).toEqual({ cell, rating: 'C' });
      expect(page.body).toContain(CALIBRATION_REASON);
    } else if (row === 'employee') {
      // Their own review in the same cycle, nothing of the colleague's.
      expect({ cell, status: api.status, published: api.body.published, result: api.body.result, goals: api.body.goals }).toEqual({ cell, status: 200, published: false, result: null, goals: [] });
      for (const body of [JSON.stringify(api.body), page.body]) {
        for (const foreign of [f.employee.id, 'Grow the book', CALIBRATION_REASON, String(FINAL_SCORE)]) expect({ cell, leaks: body.includes(foreign) ? foreign : null }).toEqual({ cell, leaks: null });
      }
    } else {
      // Managers, HRBPs, HR, auditors, committees: this page is about themselves; reports' records live elsewhere.
      // The reader's language text aside (the fixture's people read English, the demo's Chinese).
      expect({ cell, status: api.status, body: withoutText(api.body) }).toEqual({ cell, status: 404, body: withoutText(unknown.body) });
      expect({ cell, status: page.status }).toEqual({ cell, status: 404 });
      expect(page.body).not.toContain(CALIBRATION_REASON);
    }
  }

  // Without a cycle, the page offers only the cycles the person has a review in (the head's page
  // links their unit's calibration board in that cycle, but offers no review of theirs in it).
  const headPage = await f.head.get<string>('/me');
  expect(headPage.status).toBe(200);
  expect(headPage.body).not.toContain(`/me?cycle=${f.cycle}`);
  expect(headPage.body).toContain(`/calibrations/${f.cycle}/`);
  const ownPage = await f.employee.get<string>('/me');
  expect(ownPage.body).toContain(`/me?cycle=${f.cycle}`);
}, 300_000);
