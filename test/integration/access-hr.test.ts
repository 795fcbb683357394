import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BonusRoundModel, bonusRoundId } from '../../src/db/models/bonus-round';
import { CalibrationModel, calibrationId } from '../../src/db/models/calibration';
import { CycleLaunchModel } from '../../src/db/models/cycle-launch';
import { PersonModel } from '../../src/db/models/person';
import { analyseDistribution } from '../../src/domain/calibration';
import { DEMO_PASSWORD } from '../../src/seed/demo-org';
import { createPerson, createUnit } from '../support/fixtures';
import { HttpUser, type JsonResponse } from '../support/http-user';
import { eventually, startTestStack, uniqueCycle, type TestStack } from '../support/stack';

/**
 * Who may use the HR screens, role by role of the demo bank, against own, other and out-of-scope
 * data: launching (HR, process owner, admin), reading a launch (those and auditors), the cycle
 * dashboard (HR, committee, auditors, admins; an HRBP for the units they partner), a calibration
 * board (as a calibration is read: read-all roles, the unit's head and HRBP), a bonus pool (as pay
 * is read: HR, committee, auditors, admins, the unit's head). Refusals say nothing about the data.
 */
const ROW_USERS: Record<string, string | null> = {
  employee: 'cb.rm04', manager: 'cb.head', 'other-manager': 'wm.head', hrbp: 'hrbp', hr: 'hr.analyst', 'process-owner': 'owner',
  'risk-officer': 'risk.officer', 'compliance-officer': 'cmp.officer1', 'comp-committee': 'ceo', auditor: 'auditor', admin: 'admin', anonymous: null,
};
const ROWS = Object.keys(ROW_USERS);

let stack: TestStack;
const users: Record<string, HttpUser> = {};
const cycle = uniqueCycle('access-hr');
let outsideUnit = '';
let outsideEmployee = '';
let launchId = '';
const SECRET_REASON = 'Reason only the calibration readers see';

/** Rows allowed; the others are refused with `denied` (anonymous: 401 for the API, a redirect to the login page for pages). */
function expectCell(row: string, response: JsonResponse, allowed: readonly string[], ok: number, denied: number, api: boolean) {
  const expected = allowed.includes(row) ? ok : row === 'anonymous' ? (api ? 401 : 302) : denied;
  expect(`${row}: ${response.status}`).toBe(`${row}: ${expected}`);
  if (response.status >= 400) {
    const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
    // The error alone (and, for a reader of Chinese, the same in their language), nothing of the data.
    if (api) expect(Object.keys(response.body).filter((key) => key !== 'text')).toEqual(['error']);
    for (const secret of [SECRET_REASON, outsideUnit, '测试', 'CNY']) expect(text).not.toContain(secret);
  }
}

beforeAll(async () => {
  stack = await startTestStack();
  for (const [row, username] of Object.entries(ROW_USERS)) users[row] = username ? await HttpUser.signIn(stack.baseUrl, username) : new HttpUser(stack.baseUrl, 'anonymous');
  // Out of scope for the demo HRBP: a unit with its own HRBP and head, and one employee.
  const outsideHrbp = await createPerson({ prefix: 'hr-outside-hrbp', password: DEMO_PASSWORD, unitId: 'HR', roles: ['hrbp'] });
  const outsideHead = await createPerson({ prefix: 'hr-outside-head', password: DEMO_PASSWORD, unitId: 'HR' });
  outsideUnit = await createUnit({ prefix: 'hr-outside', headId: outsideHead._id, hrbpId: outsideHrbp._id });
  outsideEmployee = (await createPerson({ prefix: 'hr-outside-emp', password: DEMO_PASSWORD, unitId: outsideUnit, managerId: outsideHead._id }))._id;
  // The cycle's reviews: Compliance (the demo HRBP's) and the outside unit.
  const launch = await users.hr!.post(`/api/cycles/${cycle}/launches`, { unitIds: ['CMP', outsideUnit] });
  expect(launch.status).toBe(202);
  launchId = launch.body.launchId;
  await eventually('launch finished', async () => (await users.hr!.get(`/api/launches/${launchId}`)).body.status === 'finished', 60_000);

  // A calibration and a bonus round of Corporate Banking (the manager row's unit), and a calibration of the outside unit, as the flows leave them.
  const policy = JSON.parse(readFileSync(join(__dirname, '..', '..', 'policies', 'calibration.json'), 'utf8')).body;
  const [rm04, rm05] = await Promise.all(['cb.rm04', 'cb.rm05'].map((username) => PersonModel.findOne({ username }).lean()));
  for (const unitId of ['CB', outsideUnit]) {
    const people = [{ personId: rm04!._id, score: 3.1, proposedRating: 'C' }, { personId: rm05!._id, score: 4.6, proposedRating: 'A' }];
    const analysis = analyseDistribution(people.map((p) => ({ id: p.personId, rating: p.proposedRating })), policy, { key: 'calibration', version: 1 });
    await CalibrationModel.create({
      _id: calibrationId(cycle, unitId), cycle, unitId, caseId: `${cycle}:${unitId}:calibration`, policy: { key: 'calibration', version: 1 }, people, analysis,
      rounds: [{ round: 1, taskId: 't1', submittedBy: rm04!.managerId, changes: [{ personId: rm05!._id, toRating: 'B', reason: SECRET_REASON }], meetingNotes: '', accepted: true, curveAdvisory: true, problems: [], after: analysis, finalRatings: [], judgedAt: new Date() }],
      final: [], status: 'approval', createdAt: new Date(), updatedAt: new Date(),
    });
  }
  await BonusRoundModel.create({
    _id: bonusRoundId(cycle, 'CB'), cycle, unitId: 'CB', caseId: `${cycle}:CB:bonus-approval`, currency: 'CNY', status: 'in-approval', awardDate: '2027-03-01',
    deferralPack: { key: 'deferral-cn-bank', version: 1 }, policyVersions: {},
    pool: { poolMinor: 100_000_00, basePoolMinor: 90_000_00, coefficient: 1.11, metricIds: [], riskAdjustment: { steps: [{ step: 'raroc', formula: '(r − c − el) / ec', values: {}, result: 18 }] }, explanation: {} },
    allocationRun: 1,
    allocation: {
      people: [{ personId: rm04!._id, standingRating: 'C', ratingStep: 'final', rating: 'C', roleCategory: 'staff', packRole: 'staff', fixedPayMinor: 1, complianceMultiplier: 1, complianceFired: [], capMinor: null, awardMinor: 40_000_00, deferredMinor: 10_000_00, overridden: false }],
      allocatedMinor: 40_000_00, complianceRetainedMinor: 0, capRetainedMinor: 0, unallocatedMinor: 60_000_00, overriddenMinor: 0, maxAwardMinor: 40_000_00, complianceActionFired: false, explanation: {},
    },
    overrides: [], appliedRevisionIds: [], chain: { steps: [{ stepId: 'lineHead', approver: {}, reasons: [] }], explanation: {} }, approvals: [], updatedAt: new Date(),
  });
}, 180_000);

afterAll(async () => {
  await CalibrationModel.deleteMany({ cycle });
  await BonusRoundModel.deleteMany({ cycle });
  await CycleLaunchModel.deleteMany({ cycle });
  await stack?.close();
});

const LAUNCHERS = ['hr', 'process-owner', 'admin'];

test.each(ROWS)('launching (dry run and launch) as %s', async (row) => {
  const dry = await users[row]!.post(`/api/cycles/${cycle}/launches/dry-run`, { unitIds: [outsideUnit] });
  expectCell(row, dry, LAUNCHERS, 200, 403, true);
  const launch = await users[row]!.post(`/api/cycles/${cycle}/launches`, { unitIds: [outsideUnit] });
  expectCell(row, launch, LAUNCHERS, 202, 403, true);
  // Allowed: a second launch of a launched scope skips the case; refused: no launch was recorded.
  if (launch.status === 202) expect(launch.body.skipped).toBe(1);
});

test.each(ROWS)('reading a launch as %s', async (row) => {
  expectCell(row, await users[row]!.get(`/api/launches/${launchId}`), [...LAUNCHERS, 'auditor'], 200, 403, true);
});

test('an unknown launch is not found, for those who may read launches', async () => {
  expect((await users.hr!.get('/api/launches/00000000-0000-4000-8000-000000000000')).status).toBe(404);
});

// The launcher opens for whoever may start a flow: the committee (ceo, and cb.head who sits on it)
// may start the talent nomination. The launch HR started stays closed to them ('reading a launch').
const LAUNCH_PAGE = [...LAUNCHERS, 'comp-committee', 'manager'];

test.each(ROWS)('the launch page as %s', async (row) => {
  expectCell(row, await users[row]!.get('/cycles/launch'), LAUNCH_PAGE, 200, 404, false);
  expectCell(row, await users[row]!.get(`/cycles/launch/${launchId}`), LAUNCH_PAGE, 200, 404, false);
});

test.each(ROWS)('the cycle dashboard as %s', async (row) => {
  const page = await users[row]!.get<string>(`/cycles/${cycle}/dashboard`);
  // The manager row (the head of Corporate Banking) sits on the compensation committee.
  expectCell(row, page, ['hr', 'hrbp', 'comp-committee', 'manager', 'auditor', 'admin'], 200, 404, false);
  if (page.status !== 200) return;
  expect(page.body).toContain('data-unit="CMP"');
  // The demo HRBP partners Compliance, not the outside unit: its row and cases are not theirs.
  expect(page.body.includes(`data-unit="${outsideUnit}"`)).toBe(row !== 'hrbp');
});

test.each(ROWS)('the list of cycles, and the link to it in the header, as %s', async (row) => {
  const allowed = ['hr', 'hrbp', 'comp-committee', 'manager', 'auditor', 'admin'];
  const page = await users[row]!.get<string>('/cycles');
  expectCell(row, page, allowed, 200, 404, false);
  if (page.status === 200) expect(page.body).toContain(`<a href="/cycles/${cycle}/dashboard">`);
  if (row === 'anonymous') return;
  const inbox = await users[row]!.get<string>('/inbox');
  expect(`${row}: ${inbox.body.includes('<a href="/cycles" ')}`).toBe(`${row}: ${allowed.includes(row)}`);
});

test('a cycle launched through the API is listed too, newest first', async () => {
  const apiCycle = uniqueCycle('access-hr-api');
  expect((await users.hr!.post(`/api/cycles/${apiCycle}/reviews`, { employeeIds: [outsideEmployee] })).status).toBe(201);
  const page = await users.auditor!.get<string>('/cycles');
  const listed = [...page.body.matchAll(/data-cycle="([^"]+)"/g)].map((m) => m[1]);
  expect(listed.indexOf(apiCycle)).toBeGreaterThanOrEqual(0);
  expect(listed.indexOf(apiCycle)).toBeLessThan(listed.indexOf(cycle));
});

test.each(ROWS)('the calibration board of Corporate Banking, and of a unit out of scope, as %s', async (row) => {
  const own = await users[row]!.get<string>(`/calibrations/${cycle}/CB`);
  expectCell(row, own, ['hr', 'auditor', 'admin', 'manager', 'hrbp'], 200, 404, false);
  if (own.status === 200) expect(own.body).toContain(SECRET_REASON);
  const outside = await users[row]!.get<string>(`/calibrations/${cycle}/${outsideUnit}`);
  expectCell(row, outside, ['hr', 'auditor', 'admin'], 200, 404, false);
});

test.each(ROWS)('the bonus pool of Corporate Banking as %s', async (row) => {
  const page = await users[row]!.get<string>(`/bonus-rounds/${cycle}/CB`);
  expectCell(row, page, ['hr', 'comp-committee', 'auditor', 'admin', 'manager'], 200, 404, false);
  if (page.status === 200) expect(page.body).toMatch(/1\.11/);
});

test('a calibration or bonus round that does not exist answers like one the reader may not see', async () => {
  expect((await users.hr!.get(`/calibrations/${cycle}/OPS`)).status).toBe(404);
  expect((await users.hr!.get(`/bonus-rounds/${cycle}/OPS`)).status).toBe(404);
});
