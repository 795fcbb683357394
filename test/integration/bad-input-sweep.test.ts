import { AuditEntryModel } from '../../src/db/models/audit-entry';
import { AppealModel } from '../../src/db/models/appeal';
import { CalibrationModel } from '../../src/db/models/calibration';
import { AwardModel } from '../../src/db/models/award';
import { BonusRoundModel } from '../../src/db/models/bonus-round';
import { PersonModel } from '../../src/db/models/person';
import { ReviewCaseModel } from '../../src/db/models/review-case';
import { ScoreModel } from '../../src/db/models/score';
import { SubmissionModel } from '../../src/db/models/submission';
import { MetricModel } from '../../src/db/models/metric';
import { ComplianceEventModel } from '../../src/db/models/compliance-event';
import { CompensationModel } from '../../src/db/models/compensation';
import { AwardAdjustmentModel } from '../../src/db/models/award-adjustment';
import { ClawbackClaimModel } from '../../src/db/models/clawback-claim';
import { FeedbackModel } from '../../src/db/models/feedback';
import { DevelopmentItemModel } from '../../src/db/models/development-plan';
import { MailPreferenceModel } from '../../src/db/models/mail';
import { RiskWarningModel } from '../../src/db/models/risk-warning';
import { createPerson } from '../support/fixtures';
import { HttpUser } from '../support/http-user';
import { BAD_CYCLES, BAD_IDS, casesFor, expectRefusedWithReason, OPERATORS, SCRIPT, type Case, type JsonRoute } from '../support/bad-input';
import { startTestStack, startWorker, stopWorker, uniqueCycle, type TestStack } from '../support/stack';
import { driveToSelfAssessment, launchReview } from '../support/review-driver';
import type { ChildProcess } from 'node:child_process';

/**
 * Generated bad input against every route: operator objects in every body field and query
 * parameter, arrays where text belongs, wrong types, script in text, oversized and malformed
 * bodies, unknown and malformed ids. Every answer must be a 4xx with a reason, none a 5xx, and
 * nothing may be written. Rate limits are raised here: this file is about input, not floods.
 */

const SELF_ASSESSMENT = { businessRating: 4, riskRating: 3, complianceRating: 4, behaviourRating: 4, achievements: 'Sweep' };
const FIXTURE_PASSWORD = 'Sweep-Fixture-Pass-1';

let stack: TestStack;
let employee: HttpUser;
let hr: HttpUser;
let riskOfficer: HttpUser;
let complianceOfficer: HttpUser;
let fixture: HttpUser;
let ownTaskId = '';
let sweepCycle = '';
let worker: ChildProcess | undefined;
let fixtureHash = '';
let fixtureId = '';
let auditor: HttpUser;
let admin: HttpUser;
/** A person whose roles the role-change sweep aims at: they must still have none afterwards. */
let rolesTargetId = '';
/** A note given to the employee, whose sharing the sweep aims at: it must stay private. */
let feedbackNoteId = '';
/** A plan item of the employee's, which the progress sweep aims at: it must still be untouched afterwards. */
let sweepItemId = '';
/** An open early warning on the employee, which the decision sweep aims at: it must still be open afterwards. */
let sweepWarningId = '';
const counts = () => Promise.all([SubmissionModel, ReviewCaseModel, ScoreModel, PersonModel, AppealModel, CalibrationModel, BonusRoundModel, AwardModel,
  MetricModel, ComplianceEventModel, CompensationModel, AwardAdjustmentModel, ClawbackClaimModel, FeedbackModel].map((model) => (model as unknown as typeof PersonModel).countDocuments({})));
let before: number[] = [];

beforeAll(async () => {
  const high = 100_000;
  stack = await startTestStack({ rateLimits: { signInFailuresPerIp: high, signInPerUserName: high, writesPerUser: high } });
  hr = await HttpUser.signIn(stack.baseUrl, 'hr');
  employee = await HttpUser.signIn(stack.baseUrl, 'cb.rm06');
  riskOfficer = await HttpUser.signIn(stack.baseUrl, 'risk.officer');
  complianceOfficer = await HttpUser.signIn(stack.baseUrl, 'cmp.officer3');
  // The steps before the self-assessment need the worker; it stops before the sweep, so nothing moves meanwhile.
  worker = startWorker('sweep');
  const { cycle, caseId } = await launchReview(hr, employee, 'sweep');
  sweepCycle = cycle;
  ownTaskId = await driveToSelfAssessment(employee, await HttpUser.signIn(stack.baseUrl, 'cb.head'), caseId);
  await stopWorker(worker);
  // Sign-in and password sweeps use an account of their own: wrong passwords count towards its lock.
  const person = await createPerson({ prefix: 'sweep', password: FIXTURE_PASSWORD });
  fixture = await HttpUser.signIn(stack.baseUrl, person.username, FIXTURE_PASSWORD);
  fixtureHash = person.passwordHash;
  fixtureId = person._id;
  auditor = await HttpUser.signIn(stack.baseUrl, 'auditor');
  admin = await HttpUser.signIn(stack.baseUrl, 'admin');
  rolesTargetId = (await createPerson({ prefix: 'sweep-roles', password: FIXTURE_PASSWORD }))._id;
  feedbackNoteId = (await hr.post('/api/feedback', { to: employee.id, kind: 'recognition', value: 'teamwork', text: `Sweep ${sweepCycle}` })).body.note.id;
  sweepItemId = `${sweepCycle}:${employee.id}:1`;
  sweepWarningId = `sweep:${sweepCycle}:warning`;
  await RiskWarningModel.create({
    _id: sweepWarningId, rule: 'sales-jump-with-risk', policyVersion: 1, scope: 'person', personId: employee.id, unitId: 'CB', period: '2026-Q2', previousPeriod: '2026-Q1',
    evidence: [{ metric: 'salesMinor', previous: 100, current: 200, growthPercent: 100, role: 'lead' }], raisedAt: new Date(), status: 'open',
  });
  await DevelopmentItemModel.create({
    _id: sweepItemId, planId: `${sweepCycle}:${employee.id}`, cycle: sweepCycle, personId: employee.id, unitId: 'CB', index: 1, what: 'Sweep item', kind: 'training',
    ownerId: employee.id, dueDate: '2030-01-01', status: 'not-started', progress: [], createdAt: new Date(),
  });
  before = await counts();
});

afterAll(async () => {
  await stopWorker(worker);
  await RiskWarningModel.deleteOne({ _id: sweepWarningId });
  await stack?.close();
});



const ROUTES: JsonRoute[] = [
  { route: 'GET /api/inbox', as: () => employee, method: 'GET', path: () => '/api/inbox', good: null },
  { route: 'GET /api/tasks/:id', as: () => employee, method: 'GET', path: (id = ownTaskId) => `/api/tasks/${id}`, good: null, ids: BAD_IDS },
  { route: 'POST /api/tasks/:id/submission', as: () => employee, method: 'POST', path: (id = ownTaskId) => `/api/tasks/${id}/submission`, good: () => ({ data: SELF_ASSESSMENT }), ids: BAD_IDS },
  { route: 'POST /api/cycles/:cycle/reviews', as: () => hr, method: 'POST', path: (id) => `/api/cycles/${id ?? uniqueCycle('sweep-ok')}/reviews`, good: () => ({ employeeIds: [employee?.id ?? 'E0000'], checkInReminder: 'R2/P7D' }), ids: BAD_CYCLES },
  { route: 'POST /api/cycles/:cycle/calibrations', as: () => hr, method: 'POST', path: (id) => `/api/cycles/${id ?? uniqueCycle('sweep-ok')}/calibrations`, good: () => ({ unitIds: ['CB'] }), ids: BAD_CYCLES },
  { route: 'GET /api/calibrations/:cycle/:unitId', as: () => hr, method: 'GET', path: (id) => `/api/calibrations/sweep-cycle/${id ?? 'CB'}`, good: null, ids: BAD_IDS },
  { route: 'GET /api/calibrations/:cycle/:unitId (cycle)', as: () => hr, method: 'GET', path: (id) => `/api/calibrations/${id ?? 'sweep-cycle'}/CB`, good: null, ids: BAD_CYCLES },
  { route: 'GET /api/goals/:cycle/:personId', as: () => employee, method: 'GET', path: (id) => `/api/goals/${sweepCycle}/${id ?? employee.id}`, good: null, ids: BAD_IDS },
  { route: 'GET /api/goals/:cycle (bad cycle)', as: () => employee, method: 'GET', path: (id) => `/api/goals/${id ?? sweepCycle}/${employee.id}`, good: null, ids: BAD_CYCLES },
  { route: 'GET /api/unit-goals/:cycle/:unitId', as: () => employee, method: 'GET', path: (id) => `/api/unit-goals/${sweepCycle}/${id ?? 'CB'}`, good: null, ids: BAD_IDS },
  { route: 'GET /api/strategy/:cycle', as: () => employee, method: 'GET', path: (id) => `/api/strategy/${id ?? sweepCycle}`, good: null, ids: BAD_CYCLES },
  { route: 'GET /api/strategy/:cycle/themes/:theme', as: () => employee, method: 'GET', path: (id) => `/api/strategy/${sweepCycle}/themes/${id ?? 'S1'}`, good: null, ids: BAD_IDS },
  { route: 'GET /api/strategy/:cycle/goals/:goalId', as: () => employee, method: 'GET', path: (id) => `/api/strategy/${sweepCycle}/goals/${id ?? encodeURIComponent(`${sweepCycle}:${employee.id}:goal-1`)}`, good: null, ids: BAD_IDS },
  { route: 'GET /api/cases/:caseId', as: () => employee, method: 'GET', path: (id) => `/api/cases/${id ?? 'x'}`, good: null, ids: BAD_IDS },
  { route: 'POST /api/tasks/:id/claim', as: () => employee, method: 'POST', path: (id = ownTaskId) => `/api/tasks/${id}/claim`, good: () => ({}), ids: BAD_IDS },
  // The employee's review is not published: a good filing is refused (409), bad ones with 400/404.
  { route: 'POST /api/cycles/:cycle/appeals', as: () => employee, method: 'POST', path: (id = sweepCycle) => `/api/cycles/${id}/appeals`, good: () => ({ data: { ground: 'facts', requestedRating: 'B', statement: 'Sweep' } }), ids: BAD_CYCLES },
  // Goal changes: HR has no review in the sweep cycle, so even a good start is refused (404) and nothing starts; the employee's own start is goal-change-flow.test.ts's.
  { route: 'POST /api/goal-changes/:cycle', as: () => hr, method: 'POST', path: (id = sweepCycle) => `/api/goal-changes/${id}`, good: () => ({}), ids: BAD_CYCLES },
  { route: 'GET /api/goal-changes/:cycle/:personId', as: () => employee, method: 'GET', path: (id) => `/api/goal-changes/${sweepCycle}/${id ?? employee.id}`, good: null, ids: BAD_IDS },
  { route: 'GET /api/goal-changes/:cycle (bad cycle)', as: () => employee, method: 'GET', path: (id) => `/api/goal-changes/${id ?? sweepCycle}/${employee.id}`, good: null, ids: BAD_CYCLES },
  { route: 'GET /api/appeals/:cycle/:personId', as: () => employee, method: 'GET', path: (id) => `/api/appeals/${id ?? sweepCycle}/${employee?.id ?? 'E0000'}`, good: null, ids: BAD_CYCLES },
  {
    route: 'POST /api/cycles/:cycle/bonus-rounds', as: () => hr, method: 'POST', path: (id) => `/api/cycles/${id ?? uniqueCycle('sweep-ok')}/bonus-rounds`,
    // An unknown unit: whatever slipped through validation still could not start a round.
    good: () => ({ unitIds: ['NO-SUCH-UNIT'], deferralPack: 'deferral-cn-bank', awardDate: '2027-03-31' }), ids: BAD_CYCLES,
  },
  { route: 'GET /api/bonus-rounds/:cycle/:unitId (cycle)', as: () => hr, method: 'GET', path: (id) => `/api/bonus-rounds/${id ?? 'x'}/CB`, good: null, ids: BAD_IDS },
  { route: 'GET /api/bonus-rounds/:cycle/:unitId (unit)', as: () => hr, method: 'GET', path: (id) => `/api/bonus-rounds/sweep/${id ?? 'CB'}`, good: null, ids: BAD_IDS },
  { route: 'GET /api/awards/:cycle/:personId (cycle)', as: () => hr, method: 'GET', path: (id) => `/api/awards/${id ?? 'x'}/E0001`, good: null, ids: BAD_IDS },
  { route: 'GET /api/awards/:cycle/:personId (person)', as: () => hr, method: 'GET', path: (id) => `/api/awards/sweep/${id ?? 'E0001'}`, good: null, ids: BAD_IDS },
  // Import bodies whose every value is well-formed but one: nothing of them may be written.
  {
    route: 'POST /api/metrics (records)', as: () => hr, method: 'POST', path: () => '/api/metrics',
    good: () => ({ source: { system: 'sweep', reference: 'sweep.json' }, records: [{ cycle: 'sweep', scope: { type: 'unit', id: 'CB' }, key: 'revenueMinor', value: 1 }] }),
  },
  {
    route: 'POST /api/metrics (csv)', as: () => hr, method: 'POST', path: () => '/api/metrics',
    good: () => ({ source: { system: 'sweep' }, csv: 'cycle,scopeType,scopeId,key,value\nsweep,unit,CB,revenueMinor,1\n' }),
  },
  {
    route: 'POST /api/compliance-events', as: () => complianceOfficer, method: 'POST', path: () => '/api/compliance-events',
    good: () => ({ source: { system: 'sweep' }, records: [{ personId: employee?.id ?? 'E0000', cycle: 'sweep', date: '2026-01-05', severity: 'minor', confirmed: false, description: 'sweep', reference: 'SWEEP-1' }] }),
  },
  {
    route: 'POST /api/compensation', as: () => hr, method: 'POST', path: () => '/api/compensation',
    good: () => ({ source: { system: 'sweep' }, csv: `personId,currency,fixedPayMinor,payGrade,roleCategory\n${employee?.id ?? 'E0000'},CNY,100,P1,otherStaff\n` }),
  },
  {
    // The person has no award in cycle "sweep", so even a well-formed filing is refused and nothing starts.
    route: 'POST /api/adjustment-events', as: () => riskOfficer, method: 'POST', path: () => '/api/adjustment-events',
    good: () => ({ personId: employee?.id ?? 'E0000', cycle: 'sweep', eventId: 'SWEEP-1', date: '2026-01-05', severity: 'minor', extent: { kind: 'full' }, kind: 'other-misconduct', responsibility: 'main', reason: 'sweep' }),
  },
  { route: 'GET /api/award-adjustments/:caseId', as: () => hr, method: 'GET', path: (id) => `/api/award-adjustments/${id ?? 'x'}`, good: null, ids: [...BAD_IDS, encodeURIComponent('sweep:E0001:RISK-1:malus-clawback')] },
  { route: 'POST /api/me/password', as: () => fixture, method: 'POST', path: () => '/api/me/password', good: () => ({ currentPassword: FIXTURE_PASSWORD, newPassword: 'Sweep-New-Password-42' }) },
  { route: 'POST /api/session', as: () => new HttpUser(stack.baseUrl, 'sweeper'), method: 'POST', path: () => '/api/session', good: () => ({ username: fixture?.username ?? 'someone', password: FIXTURE_PASSWORD }) },
  { route: 'GET /api/audit', as: () => auditor, method: 'GET', path: () => '/api/audit', good: null },
  { route: 'GET /api/audit/verification', as: () => auditor, method: 'GET', path: () => '/api/audit/verification', good: null },
  { route: 'GET /api/audit/export', as: () => auditor, method: 'GET', path: () => '/api/audit/export', good: null },
  { route: 'GET /api/development/plans/:personId', as: () => employee, method: 'GET', path: (id) => `/api/development/plans/${id ?? employee.id}`, good: null, ids: BAD_IDS },
  { route: 'GET /api/development/units', as: () => hr, method: 'GET', path: () => '/api/development/units', good: null },
  {
    // The employee's own plan item (written below as the feedback-meeting flow writes it): bad bodies change nothing.
    route: 'POST /api/development/items/:itemId/progress', as: () => employee, method: 'POST', path: (id) => `/api/development/items/${id ?? encodeURIComponent(sweepItemId)}/progress`,
    good: () => ({ status: 'in-progress', note: 'Sweep' }), ids: BAD_IDS, alsoValid: ['script'], // script in a note is text the page escapes, not an error
  },
  {
    route: 'PUT /api/people/:personId/roles', as: () => admin, method: 'PUT', path: (id = rolesTargetId) => `/api/people/${id}/roles`,
    good: () => ({ roles: ['auditor'] }), ids: BAD_IDS, alsoValid: ['an empty list'],
  },
  { route: 'POST /api/feedback', as: () => employee, method: 'POST', path: () => '/api/feedback', good: () => ({ to: hr?.id ?? 'E0000', kind: 'recognition', value: 'teamwork', text: 'Sweep' }), alsoValid: ['script'] },
  { route: 'PUT /api/feedback/:feedbackId/visibility', as: () => employee, method: 'PUT', path: (id) => `/api/feedback/${id ?? feedbackNoteId}/visibility`, good: () => ({ visibility: 'unit' }), ids: BAD_IDS },
  { route: 'GET /api/feedback/people/:personId', as: () => employee, method: 'GET', path: (id) => `/api/feedback/people/${id ?? employee.id}`, good: null, ids: BAD_IDS },
  { route: 'GET /api/feedback/people/:personId/topics', as: () => employee, method: 'GET', path: (id) => `/api/feedback/people/${id ?? hr.id}/topics`, good: null, ids: BAD_IDS },
  { route: 'GET /api/talent', as: () => hr, method: 'GET', path: () => '/api/talent', good: null },
  { route: 'GET /api/outbox', as: () => admin, method: 'GET', path: () => '/api/outbox', good: null },
  { route: 'GET /api/openapi', as: () => employee, method: 'GET', path: () => '/api/openapi', good: null },
  { route: 'GET /api/me/mail-preferences', as: () => fixture, method: 'GET', path: () => '/api/me/mail-preferences', good: null },
  { route: 'PUT /api/me/mail-preferences', as: () => fixture, method: 'PUT', path: () => '/api/me/mail-preferences', good: () => ({ tasks: 'digest', reminders: 'immediate', results: 'off' }) },
  { route: 'GET /api/risk-warnings', as: () => riskOfficer, method: 'GET', path: () => '/api/risk-warnings', good: null },
  {
    // The employee's open warning (written above as the detector writes it): bad decisions change nothing; a confirmation would file an event, which the counts would show.
    route: 'POST /api/risk-warnings/:warningId/decision', as: () => riskOfficer, method: 'POST', path: (id) => `/api/risk-warnings/${id ?? encodeURIComponent(sweepWarningId)}/decision`,
    good: () => ({ decision: 'confirmed', note: 'Sweep', severity: 'minor', cycle: 'sweep' }), ids: BAD_IDS, alsoValid: ['script'],
  },
];

/** The audit log's own parameters, each with a value it cannot take (operators arrive as names like actor[$gt]). */
const AUDIT_QUERIES: Array<[route: string, path: string]> = [
  ...['?actor[$gt]=', '?actor=a&actor=b', `?actor=${encodeURIComponent(SCRIPT)}`, '?action=$where', '?action=session.**', '?subjectType=a%20b',
    '?subjectId=%00', `?subjectId=${'x'.repeat(301)}`, '?from=0', '?from=-1', '?from=1e3', '?from=1&before=5', '?before=abc', '?limit=0', '?limit=201',
    '?limit=10&limit=20', '?since=yesterday', `?since=${encodeURIComponent('2026-13-01')}`, `?until=${encodeURIComponent('{"$gt":""}')}`, '?format=csv']
    .map((q): [string, string] => ['GET /api/audit', `/api/audit${q}`]),
  ...['?format=xml', '?format=csv&format=jsonl', '?from=5&to=2', `?to=${'9'.repeat(13)}`, '?from[$gte]=1', '?actor=E0001', '?before=3']
    .map((q): [string, string] => ['GET /api/audit/export', `/api/audit/export${q}`]),
  ...['?fresh=1'].map((q): [string, string] => ['GET /api/audit/verification', `/api/audit/verification${q}`]),
];



/** Inside a submission's data, field by field: the form's own fields get the wrong kind of value. */
function submissionDataCases(): Case[] {
  const cases: Case[] = [];
  const submit = (data: unknown) => () => employee.post(`/api/tasks/${ownTaskId}/submission`, { data });
  for (const [field, value] of Object.entries(SELF_ASSESSMENT)) {
    const bad: Array<[string, unknown]> = [
      ...OPERATORS.map((op): [string, unknown] => [`operator ${JSON.stringify(op)}`, op]),
      ['a list', [value]], ['null', null],
      typeof value === 'number' ? ['text', 'five'] : ['a number', 5],
      typeof value === 'number' ? ['out of range', 6] : ['over 4000 characters', 'x'.repeat(4001)],
    ];
    for (const [label, v] of bad) cases.push({ route: 'POST /api/tasks/:id/submission', label: `data.${field}: ${label}`, send: submit({ ...SELF_ASSESSMENT, [field]: v }) });
  }
  for (const extra of ['$where', 'data.$set', 'constructor', 'unknownField']) {
    cases.push({ route: 'POST /api/tasks/:id/submission', label: `data has extra field ${extra}`, send: submit({ ...SELF_ASSESSMENT, [extra]: 'x' }) });
  }
  return cases;
}

/** The sign-in form, with a genuine form token so the fields themselves are what is judged. */
function loginFormCases(): Case[] {
  const good = () => ({ username: fixture.username, password: 'wrong-but-well-formed' });
  const viaForm = (mutate: (fields: Record<string, string | string[]>) => Record<string, string | string[]>, headers: Record<string, string> = {}) => async () => {
    const browser = new HttpUser(stack.baseUrl, 'form');
    const token = await browser.formToken();
    return browser.postForm('/login', mutate({ ...good(), _csrf: token }), headers);
  };
  return [
    { route: 'POST /login', label: 'user name twice (a list)', send: viaForm((f) => ({ ...f, username: ['a', 'b'] })) },
    { route: 'POST /login', label: 'operator-style field name', send: viaForm((f) => ({ ...f, 'username[$gt]': '' })) },
    { route: 'POST /login', label: 'no password', send: viaForm(({ password: _p, ...f }) => f) },
    { route: 'POST /login', label: 'script as user name', send: viaForm((f) => ({ ...f, username: SCRIPT })) },
    { route: 'POST /login', label: '40 kB user name', send: viaForm((f) => ({ ...f, username: 'x'.repeat(40 * 1024) })) },
    { route: 'POST /login', label: 'form token twice', send: viaForm((f) => ({ ...f, _csrf: [f._csrf as string, 'x'] })) },
    { route: 'POST /login', label: 'with a query', send: async () => { const b = new HttpUser(stack.baseUrl, 'form'); const t = await b.formToken(); return b.postForm('/login?next[$gt]=', { ...good(), _csrf: t }); } },
    {
      route: 'POST /login', label: 'JSON with operators and a genuine token', send: async () => {
        const browser = new HttpUser(stack.baseUrl, 'form');
        const token = await browser.formToken();
        return browser.request('POST', '/login', { username: { $gt: '' }, password: { $gt: '' }, _csrf: token });
      },
    },
  ];
}

const auditQueryCases = (): Case[] => AUDIT_QUERIES.map(([route, path]) => ({ route, label: `query ${path.slice(path.indexOf('?'), 80)}`, send: () => auditor.get(path) }));

const ALL: Case[] = [...ROUTES.flatMap(casesFor), ...submissionDataCases(), ...loginFormCases(), ...auditQueryCases()];


test.each(ALL.map((c) => [c.route, c.label, c] as const))('%s, %s: a 4xx with a reason', async (_route, _label, c) => {
  await expectRefusedWithReason(c);
});

test('script in a text field is data, not an error: with a bad rating beside it, only the rating is named', async () => {
  const response = await employee.post(`/api/tasks/${ownTaskId}/submission`, { data: { ...SELF_ASSESSMENT, achievements: SCRIPT, developmentAreas: SCRIPT, businessRating: 6 } });
  expect(response.status).toBe(400);
  expect(response.body.problems.map((p: { field: string }) => p.field)).toEqual(['businessRating']);
});

test('after the sweep nothing was written: no submission, case, score or person more, the password and the task as they were', async () => {
  expect(await counts()).toEqual(before);
  expect((await PersonModel.findById(fixtureId).lean())!.passwordHash).toBe(fixtureHash);
  expect(await SubmissionModel.findById(ownTaskId).lean()).toBeNull();
  expect((await employee.get(`/api/tasks/${ownTaskId}`)).status).toBe(200);
  expect((await PersonModel.findById(rolesTargetId).lean())!.roles).toEqual([]);
  expect(await AuditEntryModel.countDocuments({ action: 'person.roles-changed', 'subject.id': rolesTargetId })).toBe(0);
  expect((await FeedbackModel.findById(feedbackNoteId).lean())!.visibility).toBe('private');
  expect(await DevelopmentItemModel.findById(sweepItemId).lean()).toMatchObject({ status: 'not-started', progress: [] });
  expect(await RiskWarningModel.findById(sweepWarningId).lean()).toMatchObject({ status: 'open' });
  expect(await RiskWarningModel.findById(sweepWarningId).lean()).not.toHaveProperty('outcome');
  expect(await MailPreferenceModel.findById(fixtureId).lean()).toBeNull();
});
