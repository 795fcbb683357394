import type { ChildProcess } from 'node:child_process';
import { CalibrationModel } from '../../src/db/models/calibration';
import { BonusRoundModel } from '../../src/db/models/bonus-round';
import { OrgUnitModel } from '../../src/db/models/org-unit';
import { analyseDistribution, type CalibrationPolicy } from '../../src/domain/calibration';
import calibrationPolicyFile from '../../policies/calibration.json';
import { PersonModel } from '../../src/db/models/person';
import { ReviewCaseModel } from '../../src/db/models/review-case';
import { AwardModel, awardId } from '../../src/db/models/award';
import { FeedbackModel } from '../../src/db/models/feedback';
import { DEMO_PASSWORD } from '../../src/seed/demo-org';
import { createPerson, createUnit } from '../support/fixtures';
import { HttpUser, withoutText, type JsonResponse } from '../support/http-user';
import { eventually, startTestStack, startWorker, stopWorker, uniqueCycle, type TestStack } from '../support/stack';
import { driveToSelfAssessment, skipPeerFeedback } from '../support/review-driver';
import { seedUnitGoals } from '../../src/seed/unit-goals';
import { DevelopmentItemModel, DevelopmentPlanModel } from '../../src/db/models/development-plan';
import { RiskWarningModel, type RiskWarning } from '../../src/db/models/risk-warning';

/**
 * Who may do what, for every role of the demo bank against every route, with their own records,
 * other people's, and records out of anyone's scope. Y = allowed, N = denied, - = no such record
 * for this row (HR has no review task of its own, say).
 *
 * The data, from the rows' point of view:
 *   task  own: the row's open task (employee: self-assessment, goals agreed and checked in; manager: manager assessment)
 *         other: someone else's open task (the employee's; for the employee, the manager's
 *         assessment of a colleague); out: a task in a unit nobody here covers
 *   case  own: the row's own review case; other: the employee's case (cb.rm04, CB unit), and
 *         for the employee a colleague's (same manager); out: a case in a test unit with its own
 *         manager and HRBP
 *   inbox own: the inbox answers; other/out: that inbox lists the other / out task
 *   launch: HR launching a cycle (a role decision; no data)
 *   password own: changing one's own; other: naming someone else in the body
 *   audit: browsing the audit log (GET /api/audit); export: its export; page: the /audit page
 *   roles: an admin's role change of another person (a role that does not exist: allowed = 400 naming it)
 *   calibrate (POST /api/cycles/:cycle/calibrations) other: the employee's unit (CB, head = the manager,
 *         HRBP = the hrbp row); out: the test unit. Probed in a cycle without reviews, so an allowed
 *         launch answers 409 "not ready" and starts nothing.
 *   calibration (GET /api/calibrations/:cycle/:unit) other: CB's calibration; out: the test unit's
 *         (documents written for this file, with no flow behind them)
 *   claim own: claiming one's own assigned task (a no-op); other/out: as for task
 *   bonus launch: HR starting a bonus round (probed with an unknown unit: no data)
 *   round own: the round of the unit the row heads (manager: CB, other manager: WM); other: the CB
 *         round (for the manager, WM's); out: the round of the test unit. Pay: HR, the committee,
 *         auditors, admins and the unit's head only (cb.head also sits on the committee)
 *   award own: the employee's award; other: the employee's (for the employee, the colleague's);
 *         out: the outsider's. Not the HRBP, not a manager who is not the unit head
 *   metrics, events, pay: the imports (metric catalogue roles; compliance and risk officers; HR),
 *         probed with a record about nobody, so an allowed import answers 400 and writes nothing
 *   adjust: filing a malus/clawback event (risk and compliance officers), probed about nobody
 *   adjustment: reading a malus-and-clawback case (HR, committee, officers, auditors, admins; the
 *         manager row, cb.head, sits on the compensation committee)
 */
const MATRIX = `
                      inbox        task         submit       launch  case         password  claim        bonus   round        award  calibrate  calibration  metrics events  pay  adjust  adjustment  audit  export  page  roles
                      own oth out  own oth out  own oth out          own oth out  own oth   own oth out  launch  own oth out  own oth out  oth out    oth out  
  employee            Y   N   N    Y   N   N    Y   N   N    N       Y   N   N    Y   N     Y   N   N    N       -   N   N    Y   N   N  N   N      N   N  N       N       N    N       N  N      N       N     N
  manager             Y   N   N    Y   N   N    Y   N   N    N       -   Y   N    Y   N     Y   N   N    N       Y   Y   Y    -   Y   Y  N   N      Y   N  N       N       N    N       Y  N      N       N     N
  other-manager       Y   N   N    -   N   N    -   N   N    N       -   N   N    Y   N     -   N   N    N       Y   N   N    -   N   N  N   N      N   N  N       N       N    N       N  N      N       N     N
  hrbp                Y   N   N    -   N   N    -   N   N    N       -   Y   N    Y   N     -   N   N    N       -   N   N    -   N   N  Y   N      Y   N  N       N       N    N       N  N      N       N     N
  hr                  Y   N   N    -   N   N    -   N   N    Y       -   Y   Y    Y   N     -   N   N    Y       -   Y   Y    -   Y   Y  Y   Y      Y   Y  Y       N       Y    N       Y  N      N       N     N
  process-owner       Y   N   N    -   N   N    -   N   N    Y       -   N   N    Y   N     -   N   N    N       -   N   N    -   N   N  Y   Y      N   N  N       N       N    N       N  N      N       N     N
  risk-officer        Y   N   N    -   N   N    -   N   N    N       -   N   N    Y   N     -   N   N    N       -   N   N    -   N   N  N   N      N   N  Y       Y       N    Y       Y  N      N       N     N
  compliance-officer  Y   N   N    -   N   N    -   N   N    N       -   N   N    Y   N     -   N   N    N       -   N   N    -   N   N  N   N      N   N  Y       Y       N    Y       Y  N      N       N     N
  comp-committee      Y   N   N    -   N   N    -   N   N    N       -   N   N    Y   N     -   N   N    N       -   Y   Y    -   Y   Y  N   N      N   N  N       N       N    N       Y  N      N       N     N
  auditor             Y   N   N    -   N   N    -   N   N    N       -   Y   Y    Y   N     -   N   N    N       -   Y   Y    -   Y   Y  N   N      Y   Y  N       N       N    N       Y  Y      Y       Y     N
  admin               Y   N   N    -   N   N    -   N   N    Y       -   Y   Y    Y   N     -   N   N    Y       -   Y   Y    -   Y   Y  Y   Y      Y   Y  Y       N       Y    N       Y  Y      Y       Y     Y
  anonymous           N   N   N    -   N   N    -   N   N    N       -   N   N    N   N     -   N   N    N       -   N   N    -   N   N  N   N      N   N  N       N       N    N       N  N      N       N     N
`;
const COLUMNS = ['inbox:own', 'inbox:other', 'inbox:out', 'task:own', 'task:other', 'task:out', 'submit:own', 'submit:other', 'submit:out',
  'launch', 'case:own', 'case:other', 'case:out', 'password:own', 'password:other', 'claim:own', 'claim:other', 'claim:out', 'bonus-launch',
  'round:own', 'round:other', 'round:out', 'award:own', 'award:other', 'award:out',
  'calibrate:other', 'calibrate:out', 'calibration:other', 'calibration:out',
  'metrics', 'events', 'pay', 'adjust', 'adjustment',
  'audit', 'audit-export', 'audit-page', 'roles'] as const;
type Column = (typeof COLUMNS)[number];
type Expected = 'Y' | 'N' | '-';

const matrix: Record<string, Record<Column, Expected>> = Object.fromEntries(MATRIX.trim().split('\n').slice(2).map((line) => {
  const [row, ...cells] = line.trim().split(/\s+/);
  if (cells.length !== COLUMNS.length) throw new Error(`matrix row ${row} has ${cells.length} cells`);
  return [row!, Object.fromEntries(COLUMNS.map((column, i) => [column, cells[i] as Expected])) as Record<Column, Expected>];
}));

/** Who plays each row (a demo-bank login), and what is "own" and "other" for them. */
const ROW_USERS: Record<string, string | null> = {
  employee: 'cb.rm04', manager: 'cb.head', 'other-manager': 'wm.head', hrbp: 'hrbp', hr: 'hr.analyst', 'process-owner': 'owner',
  'risk-officer': 'risk.officer', 'compliance-officer': 'cmp.officer1', 'comp-committee': 'ceo', auditor: 'auditor', admin: 'admin', anonymous: null,
};

const selfAssessment = { businessRating: 4, riskRating: 3, complianceRating: 4, behaviourRating: 4, achievements: 'Matrix' };

let stack: TestStack;
let worker: ChildProcess;
const users: Record<string, HttpUser> = {};
/** Task ids: the employee's self-assessment (A), the manager's assessment of a colleague (B), a task out of scope (C). */
const tasks = { a: '', managerOfB: '', c: '' };
const cases = { a: '', b: '', c: '', adjustment: '' };
const fixtureIds: string[] = [];
let fixtureUnit = '';
const calibrationCycle = uniqueCycle('matrix-cal');
let matrixCycle = '';
let colleagueId = '';
let outsiderId = '';
let bonusCycle = '';
/** Early warnings: on the employee, on the outsider, on CB as a whole. */
const warnings = { person: '', out: '', unit: '' };
/** Whose award: the employee (A), the colleague (B), the outsider (C). */
const awards = { a: '', b: '', c: '' };

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('access-matrix');
  for (const [row, username] of Object.entries(ROW_USERS)) {
    users[row] = username ? await HttpUser.signIn(stack.baseUrl, username) : new HttpUser(stack.baseUrl, 'anonymous');
  }

  // Out of scope: a unit with its own HRBP and its own head, and one employee in it.
  const outsideHrbp = await createPerson({ prefix: 'outside-hrbp', password: DEMO_PASSWORD, unitId: 'HR', roles: ['hrbp'] });
  fixtureUnit = await createUnit({ prefix: 'outside', hrbpId: outsideHrbp._id });
  const outsideHead = await createPerson({ prefix: 'outside-head', password: DEMO_PASSWORD, unitId: fixtureUnit });
  const outsider = await createPerson({ prefix: 'outside-emp', password: DEMO_PASSWORD, unitId: fixtureUnit, managerId: outsideHead._id });
  fixtureIds.push(outsideHead._id, outsideHrbp._id, outsider._id);

  const colleague = await HttpUser.signIn(stack.baseUrl, 'cb.rm05'); // same manager as the employee
  const cycle = uniqueCycle('matrix');
  matrixCycle = cycle;
  await seedUnitGoals(cycle);
  const launch = await users.hr!.post(`/api/cycles/${cycle}/reviews`, { employeeIds: [users.employee!.id, colleague.id, outsider._id] });
  expect(launch.status).toBe(201);
  cases.a = `${cycle}:${users.employee!.id}`;
  cases.b = `${cycle}:${colleague.id}`;
  cases.c = `${cycle}:${outsider._id}`;
  const [ownSelfTask, colleagueTask] = await Promise.all([
    driveToSelfAssessment(users.employee!, users.manager!, cases.a),
    driveToSelfAssessment(colleague, users.manager!, cases.b),
  ]);
  tasks.a = ownSelfTask;
  expect((await colleague.post(`/api/tasks/${colleagueTask}/submission`, { data: selfAssessment })).status).toBe(201);
  tasks.managerOfB = await skipPeerFeedback(users.manager!, cases.b);
  colleagueId = colleague.id;
  outsiderId = outsider._id;
  // The outsider's task, found through the engine: nobody in the matrix has it in an inbox.
  const { processInstanceId } = (await ReviewCaseModel.findById(cases.c).lean())!;
  tasks.c = await eventually('out-of-scope task', async () => (await stack.engine.tasksOfProcess(processInstanceId!))[0]?.id);

  // Calibration documents to read, one in CB and one in the test unit.
  const policy = calibrationPolicyFile.body as CalibrationPolicy;
  for (const [unitId, personId] of [['CB', users.employee!.id], [fixtureUnit, outsider._id]] as const) {
    const people = [{ personId, score: 3, proposedRating: 'C' }];
    await CalibrationModel.create({
      _id: `${calibrationCycle}:${unitId}`, cycle: calibrationCycle, unitId, caseId: `${calibrationCycle}:${unitId}:calibration`, policy: { key: 'calibration', version: 1 },
      people, analysis: analyseDistribution([{ id: personId, rating: 'C' }], policy, { key: 'calibration', version: 1 }), rounds: [], final: [], status: 'meeting', createdAt: new Date(), updatedAt: new Date(),
    });
  }
  // Bonus data as the bonus flow leaves it, written directly: this file is about who reads it.
  bonusCycle = cycle;
  for (const unitId of ['CB', 'WM', fixtureUnit]) {
    await BonusRoundModel.create({
      _id: `${cycle}:${unitId}`, cycle, unitId, caseId: `${cycle}:${unitId}:bonus-approval`, currency: 'CNY', status: 'scheduled', awardDate: '2027-03-31',
      deferralPack: { key: 'deferral-cn-bank', version: 1 }, policyVersions: {}, pool: { poolMinor: 1, basePoolMinor: 1, coefficient: 1, metricIds: [], riskAdjustment: {}, explanation: {} }, updatedAt: new Date(),
    });
  }
  for (const [personId, unitId] of [[users.employee!.id, 'CB'], [colleague.id, 'CB'], [outsider._id, fixtureUnit]] as const) {
    await AwardModel.create({
      _id: `${cycle}:${personId}`, cycle, personId, unitId, caseId: `${cycle}:${unitId}:bonus-approval`, currency: 'CNY', rating: 'B', amountMinor: 100,
      status: 'scheduled', explanation: {}, policyVersions: {}, tranches: [], lineage: [],
    });
  }
  awards.a = users.employee!.id;
  awards.b = colleague.id;
  awards.c = outsider._id;
  // A malus-and-clawback case to read: an award (as the bonus flow writes it) and an event filed against it.
  const awardee = await createPerson({ prefix: 'matrix-awardee', password: DEMO_PASSWORD, unitId: 'CB' });
  fixtureIds.push(awardee._id);
  await AwardModel.create({
    _id: awardId(cycle, awardee._id), cycle, personId: awardee._id, unitId: 'CB', caseId: `${cycle}:CB:bonus-approval`, currency: 'CNY', rating: 'C',
    amountMinor: 1_000_000, status: 'scheduled', explanation: {}, policyVersions: {}, lineage: [],
    tranches: [{ trancheId: `${awardId(cycle, awardee._id)}/T0`, index: 0, vestingDate: '2026-03-31', amountMinor: 1_000_000, status: 'paid' }],
  });
  const filed = await users['risk-officer']!.post('/api/adjustment-events', { personId: awardee._id, cycle, eventId: 'MATRIX-1', date: '2026-10-01', severity: 'minor', kind: 'other-misconduct', responsibility: 'main', reason: 'matrix' });
  expect(filed.status).toBe(201);
  cases.adjustment = filed.body.caseId;
  // Early warnings as the detector writes them: on the employee (CB), on the outsider, and on CB as a whole.
  const warning = (id: string, fields: Partial<RiskWarning>): RiskWarning => ({
    _id: id, rule: 'sales-jump-with-risk', policyVersion: 1, unitId: 'CB', period: '2026-Q2', previousPeriod: '2026-Q1', raisedAt: new Date(), status: 'open',
    evidence: [{ metric: 'salesMinor', previous: 100, current: 200, growthPercent: 100, role: 'lead' }, { metric: 'complaintsCount', previous: 1, current: 2, growthPercent: 100, role: 'alongside' }], ...fields,
  });
  warnings.person = `matrix:${cycle}:person`;
  warnings.out = `matrix:${cycle}:out`;
  warnings.unit = `matrix:${cycle}:unit`;
  await RiskWarningModel.create([
    warning(warnings.person, { scope: 'person', personId: users.employee!.id }),
    warning(warnings.out, { scope: 'person', personId: outsider._id, unitId: fixtureUnit }),
    warning(warnings.unit, { scope: 'unit', rule: 'unit-sales-jump-with-complaints' }),
  ]);
}, 180_000);

afterAll(async () => {
  await stopWorker(worker);
  await PersonModel.deleteMany({ _id: { $in: fixtureIds } });
  await OrgUnitModel.deleteOne({ _id: fixtureUnit });
  await CalibrationModel.deleteMany({ cycle: calibrationCycle });
  await BonusRoundModel.deleteMany({ cycle: bonusCycle });
  await AwardModel.deleteMany({ cycle: bonusCycle });
  await RiskWarningModel.deleteMany({ _id: { $in: Object.values(warnings) } });
  await stack?.close();
});

/** The record a cell is about, for this row; null where the row has none ("-"). */
function target(row: string, column: Column): string | null {
  const [route, scope] = column.split(':') as [string, string | undefined];
  if (route === 'adjustment') return cases.adjustment;
  if (route === 'task' || route === 'submit' || route === 'inbox' || route === 'claim') {
    if (scope === 'own') return row === 'employee' ? tasks.a : row === 'manager' ? tasks.managerOfB : null;
    if (scope === 'other') return row === 'employee' ? tasks.managerOfB : tasks.a;
    return tasks.c;
  }
  if (route === 'calibrate' || route === 'calibration') return scope === 'other' ? 'CB' : fixtureUnit;
  if (route === 'claim') return target(row, `task:${scope}` as Column);
  if (route === 'round') {
    if (scope === 'own') return row === 'manager' ? 'CB' : row === 'other-manager' ? 'WM' : null;
    if (scope === 'other') return row === 'manager' ? 'WM' : 'CB';
    return fixtureUnit;
  }
  if (route === 'award') {
    if (scope === 'own') return row === 'employee' ? awards.a : null;
    if (scope === 'other') return row === 'employee' ? awards.b : awards.a;
    return awards.c;
  }
  if (route === 'case') {
    if (scope === 'own') return row === 'employee' ? cases.a : null;
    if (scope === 'other') return row === 'employee' ? cases.b : cases.a;
    return cases.c;
  }
  return null;
}

const UNKNOWN_TASK = '00000000-0000-4000-8000-000000000000';
const UNKNOWN_CASE = 'no-cycle:E9999';
const UNKNOWN_ADJUSTMENT = 'no-cycle:E9999:RISK-0:malus-clawback';
/** Records about nobody: an import or filing that gets past access control answers 400 and writes nothing. */
const PROBE_SOURCE = { system: 'matrix' };
const nobodyIs = (response: JsonResponse) => response.status === 400 && response.body.problems?.some((p: { code: string }) => p.code === 'unknown');

interface Probe {
  /** Did the request get past access control? */
  allowed: boolean;
  response: JsonResponse;
  /** The same request about a record that does not exist, when the deny must look like it. */
  unknown?: () => Promise<JsonResponse>;
}

/**
 * Each probe does what the route is for, but cannot change anything when it is allowed: a
 * submission with empty data (allowed = validation answers 400), a launch for an unknown employee
 * (allowed = 400 about the employee), a password change to a too-short password.
 */
async function probe(row: string, column: Column, id: string | null): Promise<Probe> {
  const user = users[row]!;
  switch (column) {
    case 'inbox:own': {
      const response = await user.get('/api/inbox');
      const ownTask = target(row, 'task:own');
      return { allowed: response.status === 200 && (!ownTask || response.body.items.some((t: { id: string }) => t.id === ownTask)), response };
    }
    case 'inbox:other':
    case 'inbox:out': {
      const response = await user.get('/api/inbox');
      return { allowed: response.status === 200 && response.body.items.some((t: { id: string }) => t.id === id), response };
    }
    case 'task:own': case 'task:other': case 'task:out': {
      const response = await user.get(`/api/tasks/${id}`);
      return { allowed: response.status === 200 && response.body.task.id === id, response, unknown: () => user.get(`/api/tasks/${UNKNOWN_TASK}`) };
    }
    case 'submit:own': case 'submit:other': case 'submit:out': {
      const response = await user.post(`/api/tasks/${id}/submission`, { data: {} });
      return {
        allowed: response.status === 400 && response.body.error === 'the submission does not match the form',
        response,
        unknown: () => user.post(`/api/tasks/${UNKNOWN_TASK}/submission`, { data: {} }),
      };
    }
    case 'launch': {
      const response = await user.post(`/api/cycles/${uniqueCycle('probe')}/reviews`, { employeeIds: ['E9999'] });
      return {
        allowed: response.status === 400 && response.body.problems?.[0]?.code === 'unknown',
        response,
        // A role that may not launch learns nothing about who exists.
        unknown: () => user.post(`/api/cycles/${uniqueCycle('probe')}/reviews`, { employeeIds: [users.employee!.id] }),
      };
    }
    case 'case:own': case 'case:other': case 'case:out': {
      const response = await user.get(`/api/cases/${encodeURIComponent(id!)}`);
      return { allowed: response.status === 200 && response.body.case._id === id, response, unknown: () => user.get(`/api/cases/${encodeURIComponent(UNKNOWN_CASE)}`) };
    }
    case 'calibrate:other': case 'calibrate:out': {
      // A fresh cycle has no reviews: a launch that passes access control is refused as not ready.
      const launch = (unitId: string) => user.post(`/api/cycles/${uniqueCycle('probe')}/calibrations`, { unitIds: [unitId] });
      const response = await launch(id!);
      return { allowed: response.status === 409 && response.body.withoutReviews?.[0] === id, response, unknown: () => launch('NO-SUCH-UNIT') };
    }
    case 'calibration:other': case 'calibration:out': {
      const response = await user.get(`/api/calibrations/${calibrationCycle}/${id}`);
      const allowed = response.status === 200 && response.body.unit?.id === id;
      // Its workbook is for exactly those who read it, and refused the same way.
      expect((await user.download(`/api/calibrations/${calibrationCycle}/${id}/export`)).status).toBe(allowed ? 200 : response.status);
      return { allowed, response, unknown: () => user.get(`/api/calibrations/${calibrationCycle}/NO-SUCH-UNIT`) };
    }
    case 'claim:own': case 'claim:other': case 'claim:out': {
      // Claiming one's own assigned task changes nothing; other tasks are not the row's to see.
      const response = await user.post(`/api/tasks/${id}/claim`, {});
      return { allowed: response.status === 200 && response.body.taskId === id, response, unknown: () => user.post(`/api/tasks/${UNKNOWN_TASK}/claim`, {}) };
    }
    case 'bonus-launch': {
      const response = await user.post(`/api/cycles/${uniqueCycle('probe')}/bonus-rounds`, { unitIds: ['NO-SUCH-UNIT'] });
      return {
        allowed: response.status === 400 && response.body.problems?.[0]?.code === 'unknown',
        response,
        unknown: () => user.post(`/api/cycles/${uniqueCycle('probe')}/bonus-rounds`, { unitIds: ['CB'] }),
      };
    }
    case 'round:own': case 'round:other': case 'round:out': {
      const response = await user.get(`/api/bonus-rounds/${bonusCycle}/${id}`);
      const allowed = response.status === 200 && response.body.round.unitId === id;
      expect((await user.download(`/api/bonus-rounds/${bonusCycle}/${id}/export`)).status).toBe(allowed ? 200 : response.status);
      return { allowed, response, unknown: () => user.get(`/api/bonus-rounds/${bonusCycle}/NO-SUCH-UNIT`) };
    }
    case 'award:own': case 'award:other': case 'award:out': {
      const response = await user.get(`/api/awards/${bonusCycle}/${id}`);
      return { allowed: response.status === 200 && response.body.award.personId === id, response, unknown: () => user.get(`/api/awards/${bonusCycle}/E9999`) };
    }
    case 'password:own': {
      const response = await user.post('/api/me/password', { currentPassword: DEMO_PASSWORD, newPassword: 'short' });
      return { allowed: response.status === 400 && response.body.problems?.some((p: { code: string }) => p.code === 'minLength'), response };
    }
    case 'claim:own': case 'claim:other': case 'claim:out': {
      const response = await user.post(`/api/tasks/${id}/claim`, {});
      return { allowed: response.status === 200 && response.body.taskId === id, response, unknown: () => user.post(`/api/tasks/${UNKNOWN_TASK}/claim`, {}) };
    }
    case 'metrics': {
      const response = await user.post('/api/metrics', { source: PROBE_SOURCE, records: [{ cycle: 'matrix', scope: { type: 'person', id: 'E9999' }, key: 'revenueMinor', value: 1 }] });
      return { allowed: nobodyIs(response), response };
    }
    case 'events': {
      const response = await user.post('/api/compliance-events', { source: PROBE_SOURCE, records: [{ personId: 'E9999', cycle: 'matrix', date: '2026-01-01', severity: 'minor', confirmed: false, description: 'probe', reference: 'PROBE-1' }] });
      return { allowed: nobodyIs(response), response };
    }
    case 'pay': {
      const response = await user.post('/api/compensation', { source: PROBE_SOURCE, records: [{ personId: 'E9999', currency: 'CNY', fixedPayMinor: 1, payGrade: 'P1', roleCategory: 'otherStaff' }] });
      return { allowed: nobodyIs(response), response };
    }
    case 'adjust': {
      const response = await user.post('/api/adjustment-events', { personId: 'E9999', cycle: 'matrix', eventId: 'PROBE-1', date: '2026-01-01', severity: 'minor', kind: 'other-misconduct', responsibility: 'main', reason: 'probe' });
      return { allowed: nobodyIs(response), response };
    }
    case 'adjustment': {
      const response = await user.get(`/api/award-adjustments/${encodeURIComponent(id!)}`);
      return { allowed: response.status === 200 && response.body.caseId === id, response, unknown: () => user.get(`/api/award-adjustments/${encodeURIComponent(UNKNOWN_ADJUSTMENT)}`) };
    }
    case 'password:other': {
      const body = (username: string) => ({ username, currentPassword: DEMO_PASSWORD, newPassword: 'Another-Password-2025' });
      const response = await user.post('/api/me/password', body('cb.rm05'));
      return { allowed: response.status < 300, response, unknown: () => user.post('/api/me/password', body('no.such.person')) };
    }
    case 'audit': {
      const response = await user.get('/api/audit?limit=1');
      return { allowed: response.status === 200 && Array.isArray(response.body.entries) && response.body.entries.length === 1, response };
    }
    case 'audit-export': {
      const response = await user.get('/api/audit/export?format=jsonl&from=1&to=1');
      return { allowed: response.status === 200 && String(response.body).includes('"summary"'), response };
    }
    case 'audit-page': {
      const response = await user.get('/audit');
      return { allowed: response.status === 200 && String(response.body).includes('data-chain='), response };
    }
    case 'roles': {
      const change = (personId: string) => user.request('PUT', `/api/people/${personId}/roles`, { roles: ['no-such-role'] });
      const response = await change(users.employee!.id);
      return {
        allowed: response.status === 400 && response.body.problems?.[0]?.code === 'unknown',
        response,
        // A role that may not change roles learns nothing about who exists.
        unknown: () => change('E9999999'),
      };
    }
  }
}

const cells = Object.entries(matrix).flatMap(([row, expectations]) =>
  COLUMNS.filter((column) => expectations[column] !== '-').map((column) => [row, column, expectations[column]] as const));

test.each(cells)('%s, %s: %s', async (row, column, expected) => {
  const result = await probe(row, column, target(row, column));
  if (result.allowed !== (expected === 'Y')) {
    throw new Error(`${row} on ${column}: expected ${expected === 'Y' ? 'allow' : 'deny'}, got ${result.response.status} ${JSON.stringify(result.response.body).slice(0, 300)}`);
  }
  if (expected === 'Y') return;
  // An inbox denies by leaving the task out; every other denial is a 4xx.
  const listedOnly = column === 'inbox:other' || column === 'inbox:out';
  // A page sends the anonymous to the sign-in form instead.
  const anonymousPage = row === 'anonymous' && column === 'audit-page';
  if ((!listedOnly || row === 'anonymous') && !anonymousPage) {
    expect(result.response.status).toBeGreaterThanOrEqual(400);
    expect(result.response.status).toBeLessThan(500);
  }
  // A denial tells nothing: it is the very answer a record that does not exist gets.
  if (result.unknown) {
    const unknown = await result.unknown();
    expect({ status: result.response.status, body: result.response.body }).toEqual({ status: unknown.status, body: unknown.body });
  }
  if (anonymousPage) expect(result.response.headers.get('location')).toBe('/login?next=%2Faudit');
  else if (row === 'anonymous') expect(result.response).toMatchObject({ status: 401, body: { error: 'sign in first' } });
});

test('the matrix covers every role of the demo bank and every route', () => {
  expect(Object.keys(matrix)).toEqual(Object.keys(ROW_USERS));
  expect(new Set(COLUMNS.map((c) => c.split(':')[0]))).toEqual(new Set(['inbox', 'task', 'submit', 'launch', 'case', 'password', 'claim', 'bonus-launch', 'round', 'award', 'calibrate', 'calibration', 'metrics', 'events', 'pay', 'adjust', 'adjustment', 'audit', 'audit-export', 'audit-page', 'roles']));
});

test('after the whole matrix nobody\'s password changed and the probed tasks are still open', async () => {
  for (const username of [...Object.values(ROW_USERS).filter(Boolean), 'cb.rm05'] as string[]) {
    expect((await new HttpUser(stack.baseUrl, username).post('/api/session', { username, password: DEMO_PASSWORD })).status).toBe(200);
  }
  expect((await users.employee!.get(`/api/tasks/${tasks.a}`)).status).toBe(200);
  expect((await users.manager!.get(`/api/tasks/${tasks.managerOfB}`)).status).toBe(200);
});

/**
 * Goals (GET /api/goals/:cycle/:person, GET /api/unit-goals/:cycle/:unit), read like cases: own, the
 * employee's (for the employee, the colleague's), the out-of-scope employee's; the employee's unit
 * (CB) and the out-of-scope unit. A unit's goals are for its members, head, HRBP and the read-all roles.
 */
const GOAL_MATRIX = `
                      goals        units
                      own oth out  cb  out
  employee            Y   N   N    Y   N
  manager             Y   Y   N    Y   N
  other-manager       Y   N   N    N   N
  hrbp                Y   Y   N    Y   N
  hr                  Y   Y   Y    Y   Y
  process-owner       Y   N   N    N   N
  risk-officer        Y   N   N    N   N
  compliance-officer  Y   N   N    N   N
  comp-committee      Y   N   N    N   N
  auditor             Y   Y   Y    Y   Y
  admin               Y   Y   Y    Y   Y
  anonymous           N   N   N    N   N
`;
const GOAL_COLUMNS = ['goals:own', 'goals:other', 'goals:out', 'units:cb', 'units:out'] as const;
const goalCells = GOAL_MATRIX.trim().split('\n').slice(2).flatMap((line) => {
  const [row, ...marks] = line.trim().split(/\s+/);
  if (marks.length !== GOAL_COLUMNS.length) throw new Error(`goal matrix row ${row} has ${marks.length} cells`);
  return GOAL_COLUMNS.map((column, i) => [row!, column, marks[i] as Expected] as const);
});

test.each(goalCells)('%s, %s: %s', async (row, column, expected) => {
  const user = users[row]!;
  const ownId = user.id || 'E9998';
  const path = {
    'goals:own': `/api/goals/${matrixCycle}/${ownId}`,
    'goals:other': `/api/goals/${matrixCycle}/${row === 'employee' ? colleagueId : users.employee!.id}`,
    'goals:out': `/api/goals/${matrixCycle}/${outsiderId}`,
    'units:cb': `/api/unit-goals/${matrixCycle}/CB`,
    'units:out': `/api/unit-goals/${matrixCycle}/${fixtureUnit}`,
  }[column];
  const response = await user.get(path);
  if ((response.status === 200) !== (expected === 'Y')) {
    throw new Error(`${row} on ${column}: expected ${expected === 'Y' ? 'allow' : 'deny'}, got ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
  }
  if (expected === 'Y') return;
  if (row === 'anonymous') return void expect(response).toMatchObject({ status: 401, body: { error: 'sign in first' } });
  // A denial is the very answer a person or unit that does not exist gets.
  const unknown = await user.get(column.startsWith('goals') ? `/api/goals/${matrixCycle}/E9999` : `/api/unit-goals/${matrixCycle}/NO-UNIT`);
  expect({ status: response.status, body: response.body }).toEqual({ status: unknown.status, body: unknown.body });
});

/**
 * The strategy map (GET /api/strategy/:cycle/themes/:theme, …/goals/:goalId): the themes, indicators
 * and unit goals are for everyone signed in (map); a person's goal in its place follows the case rules
 * (goal: own, the employee's — for the employee a colleague's); and the people listed under the unit
 * goals likewise (people: whether the employee — for the employee the colleague — is named in the map).
 */
const STRATEGY_MATRIX = `
                      map  goal         people
                           own oth      oth
  employee            Y    Y   N        N
  manager             Y    -   Y        Y
  other-manager       Y    -   N        N
  hrbp                Y    -   Y        Y
  hr                  Y    -   Y        Y
  process-owner       Y    -   N        N
  risk-officer        Y    -   N        N
  compliance-officer  Y    -   N        N
  comp-committee      Y    -   N        N
  auditor             Y    -   Y        Y
  admin               Y    -   Y        Y
  anonymous           N    -   N        N
`;
const STRATEGY_COLUMNS = ['map', 'goal:own', 'goal:other', 'people:other'] as const;
const strategyCells = STRATEGY_MATRIX.trim().split('\n').slice(2).flatMap((line) => {
  const [row, ...marks] = line.trim().split(/\s+/);
  if (marks.length !== STRATEGY_COLUMNS.length) throw new Error(`strategy matrix row ${row} has ${marks.length} cells`);
  return STRATEGY_COLUMNS.map((column, i) => [row!, column, marks[i] as Expected] as const).filter(([, , mark]) => mark !== '-');
});

test.each(strategyCells)('strategy map: %s, %s: %s', async (row, column, expected) => {
  const user = users[row]!;
  const otherId = row === 'employee' ? colleagueId : users.employee!.id;
  const goalOf = (personId: string) => `/api/strategy/${matrixCycle}/goals/${encodeURIComponent(`${matrixCycle}:${personId}:goal-1`)}`;
  const path = column === 'goal:own' ? goalOf(user.id) : column === 'goal:other' ? goalOf(otherId) : `/api/strategy/${matrixCycle}/themes/S1`;
  const response = await user.get(path);
  if (column === 'people:other') {
    if (row === 'anonymous') return void expect(response.status).toBe(401);
    expect(response.status).toBe(200);
    const named = JSON.stringify(response.body).includes(otherId);
    if (named !== (expected === 'Y')) throw new Error(`${row} on ${column}: expected ${expected === 'Y' ? 'named' : 'not named'}`);
    return;
  }
  if ((response.status === 200) !== (expected === 'Y')) {
    throw new Error(`${row} on ${column}: expected ${expected === 'Y' ? 'allow' : 'deny'}, got ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
  }
  if (expected === 'Y') return;
  if (row === 'anonymous') return void expect(response).toMatchObject({ status: 401, body: { error: 'sign in first' } });
  // A goal not theirs to see answers as one that does not exist.
  const unknown = await user.get(goalOf('E9999'));
  expect({ status: response.status, body: response.body }).toEqual({ status: unknown.status, body: unknown.body });
});

/**
 * Goal versions (GET /api/goal-changes/:cycle/:person and its page /goal-changes/:cycle/:person) are
 * read like the goals: own, the employee's (for the employee, the colleague's), the out-of-scope
 * employee's. Starting a change (POST /api/goal-changes/:cycle) is only ever one's own: a person
 * without a review in the cycle gets 404, a signed-out one 401 (the employee's own start is in
 * goal-change-flow.test.ts, so this matrix leaves no change open in their inbox).
 */
const GOAL_VERSION_MATRIX = `
                      api          page
                      own oth out  own oth out
  employee            Y   N   N    Y   N   N
  manager             Y   Y   N    Y   Y   N
  other-manager       Y   N   N    Y   N   N
  hrbp                Y   Y   N    Y   Y   N
  hr                  Y   Y   Y    Y   Y   Y
  process-owner       Y   N   N    Y   N   N
  risk-officer        Y   N   N    Y   N   N
  compliance-officer  Y   N   N    Y   N   N
  comp-committee      Y   N   N    Y   N   N
  auditor             Y   Y   Y    Y   Y   Y
  admin               Y   Y   Y    Y   Y   Y
  anonymous           N   N   N    N   N   N
`;
const GOAL_VERSION_COLUMNS = ['api:own', 'api:other', 'api:out', 'page:own', 'page:other', 'page:out'] as const;
const goalVersionCells = GOAL_VERSION_MATRIX.trim().split('\n').slice(2).flatMap((line) => {
  const [row, ...marks] = line.trim().split(/\s+/);
  if (marks.length !== GOAL_VERSION_COLUMNS.length) throw new Error(`goal version matrix row ${row} has ${marks.length} cells`);
  return GOAL_VERSION_COLUMNS.map((column, i) => [row!, column, marks[i] as Expected] as const);
});

test.each(goalVersionCells)('goal versions: %s, %s: %s', async (row, column, expected) => {
  const user = users[row]!;
  const [kind, whose] = column.split(':') as ['api' | 'page', 'own' | 'other' | 'out'];
  const personId = { own: user.id || 'E9998', other: row === 'employee' ? colleagueId : users.employee!.id, out: outsiderId }[whose];
  const path = `${kind === 'api' ? '/api' : ''}/goal-changes/${matrixCycle}/${personId}`;
  const response = await user.get(path);
  // Someone with no goals in the cycle still reads their own (empty) versions: allowed is 200.
  if ((response.status === 200) !== (expected === 'Y')) {
    throw new Error(`${row} on ${column}: expected ${expected === 'Y' ? 'allow' : 'deny'}, got ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
  }
  if (expected === 'Y' || row === 'anonymous') return;
  // A denial is the very answer a person who does not exist gets.
  const unknown = await user.get(`${kind === 'api' ? '/api' : ''}/goal-changes/${matrixCycle}/E9999`);
  expect(response.status).toBe(unknown.status);
  if (kind === 'api') expect(response.body).toEqual(unknown.body);
});

test.each(Object.keys(ROW_USERS).filter((row) => row !== 'employee'))('starting a goal change: %s has no review of their own here, so nothing starts', async (row) => {
  const response = await users[row]!.post(`/api/goal-changes/${matrixCycle}`, {});
  expect(response.status).toBe(row === 'anonymous' ? 401 : 404);
});

/**
 * Feedback and recognition (routes/feedback.ts). The data: a note the process owner gave the
 * employee, private. mine: one's own notes (GET /api/feedback); person: the employee's notes (GET
 * /api/feedback/people/:id) — the employee, their manager, the giver and auditors, nobody else until
 * the employee shares it with the unit; share: choosing who sees it (PUT …/visibility), the employee
 * alone, probed with the value it already has so nothing changes; give: anyone signed in, probed with
 * an empty note, so an allowed giver is told 400 naming the text and nothing is written.
 */
const FEEDBACK_MATRIX = `
                      mine  person  share  give
  employee            Y     Y       Y      Y
  manager             Y     Y       N      Y
  other-manager       Y     N       N      Y
  hrbp                Y     N       N      Y
  hr                  Y     N       N      Y
  process-owner       Y     Y       N      Y
  risk-officer        Y     N       N      Y
  compliance-officer  Y     N       N      Y
  comp-committee      Y     N       N      Y
  auditor             Y     Y       N      Y
  admin               Y     N       N      Y
  anonymous           N     N       N      N
`;
const FEEDBACK_COLUMNS = ['mine', 'person', 'share', 'give'] as const;
const feedbackCells = FEEDBACK_MATRIX.trim().split('\n').slice(1).flatMap((line) => {
  const [row, ...marks] = line.trim().split(/\s+/);
  if (marks.length !== FEEDBACK_COLUMNS.length) throw new Error(`feedback matrix row ${row} has ${marks.length} cells`);
  return FEEDBACK_COLUMNS.map((column, i) => [row!, column, marks[i] as Expected] as const);
});
let matrixNoteId = '';

beforeAll(async () => {
  const given = await users['process-owner']!.post('/api/feedback', { to: users.employee!.id, kind: 'recognition', value: 'integrity', text: `Matrix ${matrixCycle}` });
  if (given.status !== 201) throw new Error(`setup: ${given.status} ${JSON.stringify(given.body)}`);
  matrixNoteId = given.body.note.id;
});

test.each(feedbackCells)('feedback: %s, %s: %s', async (row, column, expected) => {
  const user = users[row]!;
  const probe = (id: string) => ({
    mine: () => user.get('/api/feedback'),
    person: () => user.get(`/api/feedback/people/${id}`),
    share: () => user.request('PUT', `/api/feedback/${id}/visibility`, { visibility: 'private' }),
    give: () => user.post('/api/feedback', { to: users.employee!.id === user.id ? colleagueId : users.employee!.id, kind: 'feedback', value: 'teamwork', text: '' }),
  })[column]();
  const response = await probe(column === 'share' ? matrixNoteId : users.employee!.id);
  const allowed = column === 'give' ? response.status === 400 && response.body.problems?.map((p: { field: string }) => p.field).join() === 'text' : response.status === 200;
  if (allowed !== (expected === 'Y')) {
    throw new Error(`${row} on feedback ${column}: expected ${expected === 'Y' ? 'allow' : 'deny'}, got ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
  }
  if (expected === 'Y') return;
  if (row === 'anonymous') return void expect(response).toMatchObject({ status: 401, body: { error: 'sign in first' } });
  // A denial is the very answer a person or note that does not exist gets.
  const unknown = await probe(column === 'share' ? 'fb-000000000000000000000000' : 'E9999');
  expect({ status: response.status, body: response.body }).toEqual({ status: unknown.status, body: unknown.body });
});

test('after the feedback matrix the employee\'s note is as private as before, and nobody gave a note', async () => {
  expect((await FeedbackModel.findById(matrixNoteId).lean())?.visibility).toBe('private');
  expect(await FeedbackModel.countDocuments({ toId: { $in: [users.employee!.id, colleagueId] }, text: '' })).toBe(0);
  await FeedbackModel.deleteMany({ _id: matrixNoteId });
});

/**
 * The talent view (routes/talent.ts): view = GET /api/talent, page = GET /talent. HR, the
 * compensation committee (the manager row, cb.head, sits on it), auditors and admins see the bank;
 * an HRBP the units they partner; nobody else, who gets what a page that does not exist gets.
 */
const TALENT_MATRIX = `
                      view  page
  employee            N     N
  manager             Y     Y
  other-manager       N     N
  hrbp                Y     Y
  hr                  Y     Y
  process-owner       N     N
  risk-officer        N     N
  compliance-officer  N     N
  comp-committee      Y     Y
  auditor             Y     Y
  admin               Y     Y
  anonymous           N     N
`;
const talentCells = TALENT_MATRIX.trim().split('\n').slice(1).flatMap((line) => {
  const [row, ...marks] = line.trim().split(/\s+/);
  if (marks.length !== 2) throw new Error(`talent matrix row ${row} has ${marks.length} cells`);
  return (['view', 'page'] as const).map((column, i) => [row!, column, marks[i] as Expected] as const);
});

test.each(talentCells)('talent: %s, %s: %s', async (row, column, expected) => {
  const user = users[row]!;
  const response = await user.get(column === 'view' ? '/api/talent' : '/talent');
  if ((response.status === 200) !== (expected === 'Y')) {
    throw new Error(`${row} on talent ${column}: expected ${expected === 'Y' ? 'allow' : 'deny'}, got ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
  }
  if (expected === 'Y' || row === 'anonymous') {
    if (row === 'anonymous' && column === 'view') expect(response).toMatchObject({ status: 401, body: { error: 'sign in first' } });
    return;
  }
  const unknown = await user.get(column === 'view' ? '/api/no-such-page' : '/no-such-page');
  expect(response.status).toBe(404);
  if (column === 'view') expect(withoutText(response.body)).toEqual({ error: 'page not found' });
  else expect(response.status).toBe(unknown.status);
});

/**
 * Development plans (issue 19): GET /api/development/plans/:person read as review cases are — own,
 * the employee's (for the employee, the colleague's), the out-of-scope employee's; progress on a plan
 * item only by its own person (own: the row's own item, where the row has one; other: the employee's,
 * for the employee the colleague's); HR's view by unit (GET /api/development/units) for HR, auditors,
 * admins and HRBPs. Plans and items written here as the feedback-meeting flow's blocks write them.
 */
const DEVELOPMENT_MATRIX = `
                      plan         progress  units
                      own oth out  own oth
  employee            Y   N   N    Y   N     N
  manager             Y   Y   N    -   N     N
  other-manager       Y   N   N    -   N     N
  hrbp                Y   Y   N    -   N     Y
  hr                  Y   Y   Y    -   N     Y
  process-owner       Y   N   N    -   N     N
  risk-officer        Y   N   N    -   N     N
  compliance-officer  Y   N   N    -   N     N
  comp-committee      Y   N   N    -   N     N
  auditor             Y   Y   Y    -   N     Y
  admin               Y   Y   Y    -   N     Y
  anonymous           N   N   N    -   N     N
`;
const DEVELOPMENT_COLUMNS = ['plan:own', 'plan:other', 'plan:out', 'progress:own', 'progress:other', 'units'] as const;
const developmentCells = DEVELOPMENT_MATRIX.trim().split('\n').slice(2).flatMap((line) => {
  const [row, ...marks] = line.trim().split(/\s+/);
  if (marks.length !== DEVELOPMENT_COLUMNS.length) throw new Error(`development matrix row ${row} has ${marks.length} cells`);
  return DEVELOPMENT_COLUMNS.map((column, i) => [row!, column, marks[i] as Expected] as const).filter(([, , mark]) => mark !== '-');
});
const planItemOf = (personId: string) => `${matrixCycle}:${personId}:1`;

beforeAll(async () => {
  for (const [personId, unitId] of [[users.employee!.id, 'CB'], [colleagueId, 'CB'], [outsiderId, fixtureUnit]] as const) {
    const planId = `${matrixCycle}:${personId}`;
    await DevelopmentPlanModel.create({
      _id: planId, cycle: matrixCycle, personId, unitId, managerId: 'E0001', caseId: `${planId}:feedback-meeting`, catalogue: null,
      meeting: { submissionId: 'matrix', strengths: 'Matrix', gaps: [], recordedBy: 'E0001', recordedAt: new Date() },
    });
    await DevelopmentItemModel.create({
      _id: planItemOf(personId), planId, cycle: matrixCycle, personId, unitId, index: 1, what: 'Matrix item', kind: 'training', ownerId: personId,
      dueDate: '2030-01-01', status: 'not-started', progress: [], createdAt: new Date(),
    });
  }
}, 60_000);


test.each(developmentCells)('%s, %s: %s', async (row, column, expected) => {
  const user = users[row]!;
  const other = row === 'employee' ? colleagueId : users.employee!.id;
  const send = (personOrItem: string) => {
    switch (column) {
      case 'plan:own': return user.get(`/api/development/plans/${personOrItem}`);
      case 'plan:other': case 'plan:out': return user.get(`/api/development/plans/${personOrItem}`);
      case 'progress:own': case 'progress:other': return user.post(`/api/development/items/${encodeURIComponent(personOrItem)}/progress`, { status: 'in-progress', note: 'matrix' });
      case 'units': return user.get('/api/development/units');
    }
  };
  const target = {
    'plan:own': user.id || 'E9998', 'plan:other': other, 'plan:out': outsiderId,
    'progress:own': planItemOf(user.id), 'progress:other': planItemOf(other), units: '',
  }[column];
  const response = await send(target);
  const allowed = response.status >= 200 && response.status < 300;
  if (allowed !== (expected === 'Y')) throw new Error(`${row} on ${column}: expected ${expected === 'Y' ? 'allow' : 'deny'}, got ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
  if (expected === 'Y') return;
  if (row === 'anonymous') return void expect(response).toMatchObject({ status: 401, body: { error: 'sign in first' } });
  expect(response.status).toBe(404);
  // A denial is the very answer a person or item that does not exist gets.
  if (column !== 'units') {
    const unknown = await send(column.startsWith('plan') ? 'E9999' : `${matrixCycle}:E9999:1`);
    expect({ status: response.status, body: response.body }).toEqual({ status: unknown.status, body: unknown.body });
  }
});

// Last of the development cells (tests run in order; the file's afterAll closes the store first): the
// plans written above go, or HR's view in later suites would show the removed test unit.
test('the development matrix leaves no plan behind', async () => {
  await DevelopmentItemModel.deleteMany({ cycle: matrixCycle });
  await DevelopmentPlanModel.deleteMany({ cycle: matrixCycle });
  expect(await DevelopmentItemModel.countDocuments({ cycle: matrixCycle })).toBe(0);
});

/**
 * Early warnings (routes/risk-warnings.ts, risk-warnings/warning-access.ts). person: the employee's
 * warning listed by GET /api/risk-warnings — the read-all roles (risk, compliance, HR, auditors,
 * admins), the employee's manager and their unit's head and HRBP; out: the outsider's (read-all
 * only); unit: CB's own warning (read-all, CB's head and HRBP); decide: the risk officer alone,
 * probed with an incomplete decision, so an allowed one answers 400 and nothing changes; round: CB's
 * bonus round page lists the warnings on its people and the unit — who reads both the pay and the
 * warnings (HR, auditors, admins, CB's head); the committee reads the pay but not the warnings.
 */
const WARNING_MATRIX = `
                      person  out  unit  decide  round
  employee            N       N    N     N       N
  manager             Y       N    Y     N       Y
  other-manager       N       N    N     N       N
  hrbp                Y       N    Y     N       N
  hr                  Y       Y    Y     N       Y
  process-owner       N       N    N     N       N
  risk-officer        Y       Y    Y     Y       N
  compliance-officer  Y       Y    Y     N       N
  comp-committee      N       N    N     N       N
  auditor             Y       Y    Y     N       Y
  admin               Y       Y    Y     N       Y
  anonymous           N       N    N     N       N
`;
const WARNING_COLUMNS = ['person', 'out', 'unit', 'decide', 'round'] as const;
const warningCells = WARNING_MATRIX.trim().split('\n').slice(1).flatMap((line) => {
  const [row, ...marks] = line.trim().split(/\s+/);
  if (marks.length !== WARNING_COLUMNS.length) throw new Error(`warning matrix row ${row} has ${marks.length} cells`);
  return WARNING_COLUMNS.map((column, i) => [row!, column, marks[i] as Expected] as const);
});

test.each(warningCells)('early warnings: %s, %s: %s', async (row, column, expected) => {
  const user = users[row]!;
  const listed = async (id: string) => {
    const response = await user.get('/api/risk-warnings');
    return { response, allowed: response.status === 200 && (response.body.warnings as Array<{ id: string }>).some((w) => w.id === id) };
  };
  const { response, allowed } = column === 'person' || column === 'out' || column === 'unit' ? await listed(warnings[column])
    : column === 'decide' ? await (async () => {
      const answer = await user.post(`/api/risk-warnings/${encodeURIComponent(warnings.person)}/decision`, { decision: 'maybe', note: '' });
      return { response: answer, allowed: answer.status === 400 && answer.body.problems?.[0]?.field === 'decision' };
    })()
      : await (async () => {
        const answer = await user.get(`/bonus-rounds/${bonusCycle}/CB`);
        const html = String(answer.body);
        return { response: answer, allowed: answer.status === 200 && html.includes('class="card round-warnings"') && html.includes(`data-warning="${warnings.unit}"`) && html.includes(`data-warning="${warnings.person}"`) };
      })();
  if (allowed !== (expected === 'Y')) {
    throw new Error(`${row} on early warnings ${column}: expected ${expected === 'Y' ? 'allow' : 'deny'}, got ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
  }
  if (expected === 'N' && column === 'decide') expect(response.status).toBe(row === 'anonymous' ? 401 : 404);
  // Denied a round it may read, a reader sees no trace of a warning.
  if (expected === 'N' && column === 'round' && response.status === 200) expect(String(response.body)).not.toMatch(/data-warning=|warn-flag/);
  expect((await RiskWarningModel.findById(warnings.person).lean())!.status).toBe('open');
});

/**
 * Mail (src/server/mail): the outbox (GET /api/outbox and the /outbox page) holds every mail's text
 * and is for admins only; every signed-in person reads and sets their own mail preferences
 * (GET/PUT /api/me/mail-preferences), probed with a choice that does not exist, so an allowed save
 * answers 400 naming it and writes nothing. The preferences route names no person: it is the
 * caller's own, so there is no "other" to probe.
 */
const MAIL_MATRIX = `
                      outbox  page  prefs  save
  employee            N       N     Y      Y
  manager             N       N     Y      Y
  other-manager       N       N     Y      Y
  hrbp                N       N     Y      Y
  hr                  N       N     Y      Y
  process-owner       N       N     Y      Y
  risk-officer        N       N     Y      Y
  compliance-officer  N       N     Y      Y
  comp-committee      N       N     Y      Y
  auditor             N       N     Y      Y
  admin               Y       Y     Y      Y
  anonymous           N       N     N      N
`;
const MAIL_COLUMNS = ['outbox', 'page', 'prefs', 'save'] as const;
const mailCells = MAIL_MATRIX.trim().split('\n').slice(1).flatMap((line) => {
  const [row, ...marks] = line.trim().split(/\s+/);
  if (marks.length !== MAIL_COLUMNS.length) throw new Error(`mail matrix row ${row} has ${marks.length} cells`);
  return MAIL_COLUMNS.map((column, i) => [row!, column, marks[i] as Expected] as const);
});

test.each(mailCells)('mail: %s, %s: %s', async (row, column, expected) => {
  const user = users[row]!;
  const response = column === 'outbox' ? await user.get('/api/outbox')
    : column === 'page' ? await user.get('/outbox')
      : column === 'prefs' ? await user.get('/api/me/mail-preferences')
        : await user.request('PUT', '/api/me/mail-preferences', { tasks: 'hourly' });
  const allowed = column === 'outbox' ? response.status === 200 && Array.isArray(response.body.received)
    : column === 'page' ? response.status === 200 && String(response.body).includes('id="outbox-title"')
      : column === 'prefs' ? response.status === 200 && ['immediate', 'digest', 'off'].includes(response.body.preferences?.tasks)
        : response.status === 400 && response.body.problems?.[0]?.field === 'tasks';
  if (allowed !== (expected === 'Y')) {
    throw new Error(`${row} on mail ${column}: expected ${expected === 'Y' ? 'allow' : 'deny'}, got ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
  }
  if (expected === 'Y') return;
  if (row === 'anonymous') {
    if (column === 'page') return void expect(response.headers.get('location')).toBe('/login?next=%2Foutbox');
    return void expect(response).toMatchObject({ status: 401, body: { error: 'sign in first' } });
  }
  // The outbox denies as if there were none: "not found".
  expect(response.status).toBe(404);
});

/**
 * The described API (server/openapi/): the OpenAPI document (GET /api/openapi) is for everyone
 * signed in, since it shows shapes, never data, and every route it lists checks its own access; the
 * browsable page (GET /openapi) is for admins only, and anyone else gets what a page that does not
 * exist gets.
 */
const OPENAPI_MATRIX = `
                      document  page
  employee            Y         N
  manager             Y         N
  other-manager       Y         N
  hrbp                Y         N
  hr                  Y         N
  process-owner       Y         N
  risk-officer        Y         N
  compliance-officer  Y         N
  comp-committee      Y         N
  auditor             Y         N
  admin               Y         Y
  anonymous           N         N
`;
const openApiCells = OPENAPI_MATRIX.trim().split('\n').slice(1).flatMap((line) => {
  const [row, ...marks] = line.trim().split(/\s+/);
  if (marks.length !== 2) throw new Error(`openapi matrix row ${row} has ${marks.length} cells`);
  return (['document', 'page'] as const).map((column, i) => [row!, column, marks[i] as Expected] as const);
});

test.each(openApiCells)('openapi: %s, %s: %s', async (row, column, expected) => {
  const user = users[row]!;
  const response = await user.get(column === 'document' ? '/api/openapi' : '/openapi');
  const allowed = column === 'document' ? response.status === 200 && response.body.openapi === '3.1.0'
    : response.status === 200 && String(response.body).includes('id="openapi-title"');
  if (allowed !== (expected === 'Y')) {
    throw new Error(`${row} on openapi ${column}: expected ${expected === 'Y' ? 'allow' : 'deny'}, got ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
  }
  if (expected === 'Y') return;
  if (row === 'anonymous') {
    if (column === 'page') return void expect(response.headers.get('location')).toBe('/login?next=%2Fopenapi');
    return void expect(response).toMatchObject({ status: 401, body: { error: 'sign in first' } });
  }
  const unknown = await user.get('/no-such-page');
  expect(response.status).toBe(404);
  expect(response.status).toBe(unknown.status);
});
