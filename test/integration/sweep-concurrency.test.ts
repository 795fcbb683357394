import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { AuditEntryModel } from '../../src/db/models/audit-entry';
import { AwardAdjustmentModel } from '../../src/db/models/award-adjustment';
import { ComplianceEventModel } from '../../src/db/models/compliance-event';
import { CompensationModel } from '../../src/db/models/compensation';
import { CycleLaunchModel } from '../../src/db/models/cycle-launch';
import { DevelopmentItemModel } from '../../src/db/models/development-plan';
import { DecisionDeploymentModel } from '../../src/db/models/decision-deployment';
import { DecisionVersionModel } from '../../src/db/models/decision-version';
import { FeedbackModel } from '../../src/db/models/feedback';
import { FormVersionModel } from '../../src/db/models/form-version';
import { MetricModel } from '../../src/db/models/metric';
import { PolicyVersionModel } from '../../src/db/models/policy-version';
import { ProcessDeploymentModel } from '../../src/db/models/process-deployment';
import { ProcessVersionModel } from '../../src/db/models/process-version';
import { ReviewCaseModel } from '../../src/db/models/review-case';
import { RiskWarningModel, riskWarningId } from '../../src/db/models/risk-warning';
import { SubmissionModel } from '../../src/db/models/submission';
import { TaskActivityModel } from '../../src/db/models/task-activity';
import { deployPolicies } from '../../src/deploy/deploy-all';
import { loadConfig } from '../../src/server/config';
import { createApp } from '../../src/server/app';
import { appRoutes, type AppRoute } from '../support/app-routes';
import { removeTestFlow } from '../support/engine-cleanup';
import { hasReason } from '../support/bad-input';
import { raiseTable } from '../support/decision-table';
import { createPerson, createUnit } from '../support/fixtures';
import { HttpUser, type JsonResponse } from '../support/http-user';
import { awardWithBreach, goalApprovals } from '../support/inbox-fixtures';
import { agreeGoals, launchReview, openTask, optionsOf, twoGoals } from '../support/review-driver';
import { seedUnitGoals } from '../../src/seed/unit-goals';
import { smallFlow, uniqueFlowKey } from '../support/small-flow';
import { eventually, startTestStack, startWorker, stopWorker, uniqueCycle, type TestStack } from '../support/stack';

/**
 * Issue 20's concurrency sweep: every write route sent N times at once with the same body (a double
 * click, a retry racing the original), and N times at once with different bodies (two people, two
 * tabs). The store and the engine must show exactly one effect, no answer may be a 5xx, and each
 * request that lost is told why: a 2xx that says nothing changed (a replay), or a 4xx with a reason
 * (409 naming the conflict when its body differed from what won). The write routes are read from
 * the app's routers, so a new one fails the coverage test until it is swept here or listed, with
 * the reason, among those that are not.
 */
const N = 4;

type Counts = Record<string, number>;

interface Shot {
  /** Who sends the i-th request (one person unless the race is between people). */
  as: (i: number) => HttpUser;
  path: string;
  bodies: unknown[];
  /** What the route writes, counted in the store or the engine. */
  effects: () => Promise<Counts>;
}

interface Race {
  prepare: () => Promise<Shot>;
  /** How many effects are right, by count name; 1 for each count unless said otherwise. */
  expected?: (answers: JsonResponse[]) => Counts | number;
  /** A 2xx from a request that lost, which says so (a replay, "nothing changed"). */
  toldNothingChanged?: (answer: JsonResponse) => boolean;
  /** A loser's 4xx other than 409 that is right here, with why. */
  alsoRefusedWith?: number[];
}

interface RouteSweep {
  same: Race;
  /** Different bodies at once, or why the route has none. */
  different: Race | string;
}

let stack: TestStack;
let baseUrl: string;
let worker: ChildProcess | undefined;
let routes: AppRoute[];
let hr: HttpUser;
let hrAnalyst: HttpUser;
let owner: HttpUser;
let admin: HttpUser;
let complianceOfficer: HttpUser;
let riskOfficer: HttpUser;
let opsHead: HttpUser;
const employees: HttpUser[] = [];
let groupFlow = '';
let assignedFlow = '';
/** A flow HR may start from the launcher (candidateStarterGroups), one HR task per person. */
let startableFlow = '';
const today = new Date().toISOString().slice(0, 10);

const same = (body: unknown) => Array.from({ length: N }, () => body);
const audits = (action: string, subjectId: string) => AuditEntryModel.countDocuments({ action, 'subject.id': subjectId });
let nextEmployee = 0;
/** A different demo employee for each race that launches a review (one employee per case). */
const anEmployee = () => employees[nextEmployee++ % employees.length]!;

/** A task offered to HR (a group) in a flow of this file's own, started straight on the engine. */
async function groupTask(): Promise<string> {
  const instance = await stack.engine.startProcess(groupFlow, uniqueCycle('cc-group'), {});
  const [task] = await stack.engine.tasksOfProcess(instance.id);
  return task!.id;
}

/** A task the flow assigned to the head of operations by name. */
async function assignedTask(): Promise<string> {
  const instance = await stack.engine.startProcess(assignedFlow, uniqueCycle('cc-assigned'), { who: opsHead.id });
  const [task] = await stack.engine.tasksOfProcess(instance.id);
  return task!.id;
}

async function goalSettingTask(): Promise<{ id: string; unitGoals: string[]; employee: HttpUser }> {
  const employee = anEmployee();
  const { caseId } = await launchReview(hr, employee, 'cc-sub');
  const { id, view } = await openTask(employee, caseId, 'goalSetting');
  return { id, unitGoals: optionsOf(view.form.schema, 'unitGoalId'), employee };
}

const goalsWeighted = (unitGoals: string[], first: number) => ({ data: { goals: twoGoals(unitGoals).map((g, i) => ({ ...g, weight: i === 0 ? first : 100 - first })) } });
const formSchema = (title: string) => ({ title, display: 'form', components: [{ type: 'textarea', key: 'comment', label: 'Comment', input: true }] });
const submissionEffects = (taskId: string) => async () => ({
  submissions: await SubmissionModel.countDocuments({ taskId }),
  stored: await audits('submission.stored', taskId),
  completed: await audits('task.completed', taskId),
});

const SWEEPS: Record<string, RouteSweep> = {
  'POST /api/goal-changes/:cycle': {
    same: {
      // An employee whose goals are agreed (the review at its check-in): four starts at once are one goal change.
      prepare: async () => {
        const employee = anEmployee();
        const { cycle, caseId } = await launchReview(hr, employee, 'cc-gchange');
        await agreeGoals(employee, opsHead, caseId);
        await eventually('check-in task', () => employee.taskFor(caseId, 'checkIn'));
        return {
          as: () => employee, path: `/api/goal-changes/${cycle}`, bodies: same({}),
          effects: async () => ({
            cases: await ReviewCaseModel.countDocuments({ processKey: 'goal-change', cycle, subjectId: employee.id }),
            requested: await AuditEntryModel.countDocuments({ action: 'goals.change-requested', 'details.cycle': cycle }),
          }),
        };
      },
      toldNothingChanged: (a) => a.body.replayed === true,
    },
    different: 'it takes no body: a start is always the signed-in person\'s own goal change',
  },
  'POST /api/tasks/:taskId/submission': {
    same: {
      prepare: async () => {
        const { id, unitGoals, employee } = await goalSettingTask();
        return { as: () => employee, path: `/api/tasks/${id}/submission`, bodies: same(goalsWeighted(unitGoals, 60)), effects: submissionEffects(id) };
      },
      toldNothingChanged: (a) => a.body.replayed === true,
    },
    different: {
      prepare: async () => {
        const { id, unitGoals, employee } = await goalSettingTask();
        return { as: () => employee, path: `/api/tasks/${id}/submission`, bodies: [50, 60, 70, 80].map((w) => goalsWeighted(unitGoals, w)), effects: submissionEffects(id) };
      },
    },
  },
  'POST /api/tasks/bulk-approval': {
    same: {
      prepare: async () => {
        const { taskIds } = await goalApprovals(hr, opsHead, [anEmployee()], 'cc-bulk');
        const id = taskIds[0]!;
        return { as: () => opsHead, path: '/api/tasks/bulk-approval', bodies: same({ taskIds: [id] }), effects: submissionEffects(id) };
      },
      // A replayed approval is an approval (the task's answer is stored once).
      toldNothingChanged: (a) => a.body.results?.[0]?.approved === true,
      // The tasks a bulk approval names are all it says: 422 tells that none of them could be approved, task by task.
      alsoRefusedWith: [422],
    },
    different: 'its body is the list of tasks to approve: a different body names other tasks, whose approvals do not conflict',
  },
  'POST /api/tasks/:taskId/claim': {
    same: {
      prepare: async () => {
        const id = await groupTask();
        return { as: () => hr, path: `/api/tasks/${id}/claim`, bodies: same({}), effects: async () => ({ claimed: await audits('task.claimed', id) }) };
      },
      toldNothingChanged: (a) => a.body.claimed === false,
    },
    different: {
      // No body: the race that differs is two people of the group claiming at once.
      prepare: async () => {
        const id = await groupTask();
        return { as: (i) => (i % 2 === 0 ? hr : hrAnalyst), path: `/api/tasks/${id}/claim`, bodies: same({}), effects: async () => ({ claimed: await audits('task.claimed', id) }) };
      },
      toldNothingChanged: (a) => a.body.claimed === false,
    },
  },
  'POST /api/tasks/:taskId/unclaim': {
    same: {
      prepare: async () => {
        const id = await groupTask();
        const claim = await hr.post(`/api/tasks/${id}/claim`, {});
        if (claim.status !== 200) throw new Error(`claim: ${claim.status}`);
        return { as: () => hr, path: `/api/tasks/${id}/unclaim`, bodies: same({}), effects: async () => ({ unclaimed: await audits('task.unclaimed', id) }) };
      },
      // Once given back the task is the group's again: the claimant is told it is no longer theirs.
      alsoRefusedWith: [403, 404],
    },
    different: 'it takes no body, and only the claimant may give a task back',
  },
  'POST /api/tasks/:taskId/delegate': {
    same: {
      prepare: async () => {
        const id = await assignedTask();
        return { as: () => opsHead, path: `/api/tasks/${id}/delegate`, bodies: same({ personId: employees[0]!.id, reason: 'On leave' }), effects: async () => ({ delegated: await audits('task.delegated', id) }) };
      },
    },
    different: {
      prepare: async () => {
        const id = await assignedTask();
        return { as: () => opsHead, path: `/api/tasks/${id}/delegate`, bodies: employees.slice(0, N).map((e) => ({ personId: e.id })), effects: async () => ({ delegated: await audits('task.delegated', id) }) };
      },
    },
  },
  'POST /api/tasks/:taskId/comments': {
    same: {
      prepare: async () => {
        const id = await groupTask();
        return { as: () => hr, path: `/api/tasks/${id}/comments`, bodies: same({ text: 'Please attach the KYC file.' }), effects: async () => ({ comments: await TaskActivityModel.countDocuments({ taskId: id, kind: 'comment' }), audited: await audits('task.commented', id) }) };
      },
      // The same words from the same person at once are one remark sent again (a double click, a
      // retried request): kept and audited once; the others are told it was there already (200).
      toldNothingChanged: (a) => a.status === 200 && a.body.added === false,
    },
    different: {
      prepare: async () => {
        const id = await groupTask();
        return { as: () => hr, path: `/api/tasks/${id}/comments`, bodies: [1, 2, 3, 4].map((i) => ({ text: `Remark ${i}` })), effects: async () => ({ comments: await TaskActivityModel.countDocuments({ taskId: id, kind: 'comment' }), audited: await audits('task.commented', id) }) };
      },
      // Different comments are different messages: each is kept, once.
      expected: () => N,
    },
  },
  'POST /api/cycles/:cycle/reviews': {
    same: {
      prepare: async () => {
        const cycle = uniqueCycle('cc-launch');
        const employee = anEmployee();
        return {
          as: () => hr, path: `/api/cycles/${cycle}/reviews`, bodies: same({ employeeIds: [employee.id] }),
          effects: async () => ({ cases: await ReviewCaseModel.countDocuments({ cycle }), launched: await audits('case.launched', `${cycle}:${employee.id}`), instances: (await stack.engine.processInstancesByBusinessKey('performance-review', `${cycle}:${employee.id}`)).length }),
        };
      },
      toldNothingChanged: (a) => a.body.launched?.length === 0 && a.body.alreadyRunning?.length === 1,
    },
    different: {
      prepare: async () => {
        const cycle = uniqueCycle('cc-launch');
        const employee = anEmployee();
        return {
          as: () => hr, path: `/api/cycles/${cycle}/reviews`, bodies: ['R1/P7D', 'R2/P7D', 'R3/P7D', 'R4/P7D'].map((checkInReminder) => ({ employeeIds: [employee.id], checkInReminder })),
          effects: async () => ({ cases: await ReviewCaseModel.countDocuments({ cycle }), launched: await audits('case.launched', `${cycle}:${employee.id}`), instances: (await stack.engine.processInstancesByBusinessKey('performance-review', `${cycle}:${employee.id}`)).length }),
        };
      },
      toldNothingChanged: (a) => a.body.launched?.length === 0 && a.body.alreadyRunning?.length === 1,
    },
  },
  'POST /api/cycles/:cycle/launches/dry-run': {
    same: {
      prepare: async () => {
        const cycle = uniqueCycle('cc-dry');
        return { as: () => hr, path: `/api/cycles/${cycle}/launches/dry-run`, bodies: same({ unitIds: ['OPS'] }), effects: async () => ({ cases: await ReviewCaseModel.countDocuments({ cycle }), launches: await CycleLaunchModel.countDocuments({ cycle }) }) };
      },
      // A dry run writes nothing, however often it is asked.
      expected: () => 0,
    },
    different: {
      prepare: async () => {
        const cycle = uniqueCycle('cc-dry');
        return { as: () => hr, path: `/api/cycles/${cycle}/launches/dry-run`, bodies: [['OPS'], ['CB'], ['WM'], ['OPS', 'CB']].map((unitIds) => ({ unitIds })), effects: async () => ({ cases: await ReviewCaseModel.countDocuments({ cycle }), launches: await CycleLaunchModel.countDocuments({ cycle }) }) };
      },
      expected: () => 0,
    },
  },
  'POST /api/cycles/:cycle/launches': {
    same: {
      prepare: async () => {
        // A unit of its own with one person to review, so the background launch is small.
        const head = await createPerson({ prefix: 'cc-head', password: 'Concurrency-Sweep-1' });
        const unitId = await createUnit({ prefix: 'cc-launch', headId: head._id });
        await createPerson({ prefix: 'cc-staff', password: 'Concurrency-Sweep-1', unitId, managerId: head._id });
        const cycle = uniqueCycle('cc-bg');
        await seedUnitGoals(cycle);
        return { as: () => hr, path: `/api/cycles/${cycle}/launches`, bodies: same({ unitIds: [unitId] }), effects: async () => ({ cases: await ReviewCaseModel.countDocuments({ cycle }) }) };
      },
      // A launch of a scope whose cases all exist is a launch that skips them all (how a stopped
      // launch is resumed): it says so. One still running is named in a 409.
      toldNothingChanged: (a) => a.body.total === a.body.skipped,
    },
    different: 'its body is the scope (units) and the flow version: another scope is another launch, which does not conflict',
  },
  'POST /api/flows/:key/launches/dry-run': {
    same: {
      prepare: async () => {
        const cycle = uniqueCycle('cc-fdry');
        return { as: () => hr, path: `/api/flows/${startableFlow}/launches/dry-run`, bodies: same({ cycle, subjectIds: [employees[0]!.id] }), effects: async () => ({ cases: await ReviewCaseModel.countDocuments({ cycle }), launches: await CycleLaunchModel.countDocuments({ cycle }) }) };
      },
      expected: () => 0,
    },
    different: {
      prepare: async () => {
        const cycle = uniqueCycle('cc-fdry');
        return { as: () => hr, path: `/api/flows/${startableFlow}/launches/dry-run`, bodies: employees.slice(0, N).map((e) => ({ cycle, subjectIds: [e.id] })), effects: async () => ({ cases: await ReviewCaseModel.countDocuments({ cycle }), launches: await CycleLaunchModel.countDocuments({ cycle }) }) };
      },
      expected: () => 0,
    },
  },
  'POST /api/flows/:key/launches': {
    same: {
      prepare: async () => {
        const cycle = uniqueCycle('cc-flaunch');
        return { as: () => hr, path: `/api/flows/${startableFlow}/launches`, bodies: same({ cycle, subjectIds: [employees[0]!.id] }), effects: async () => ({ cases: await ReviewCaseModel.countDocuments({ cycle }) }) };
      },
      toldNothingChanged: (a) => a.body.total === a.body.skipped,
    },
    different: 'its body is the cycle and the people: other people are another launch, which does not conflict',
  },
  'PUT /api/people/:personId/roles': {
    same: {
      prepare: async () => {
        const person = await createPerson({ prefix: 'cc-roles', password: 'Concurrency-Sweep-1' });
        return { as: () => admin, path: `/api/people/${person._id}/roles`, bodies: same({ roles: ['auditor'] }), effects: async () => ({ changed: await audits('person.roles-changed', person._id) }) };
      },
      toldNothingChanged: (a) => a.body.changed === false,
    },
    different: {
      prepare: async () => {
        const person = await createPerson({ prefix: 'cc-roles', password: 'Concurrency-Sweep-1' });
        return { as: () => admin, path: `/api/people/${person._id}/roles`, bodies: [['auditor'], ['hrbp'], ['risk-officer'], ['auditor', 'hrbp']].map((roles) => ({ roles })), effects: async () => ({ changed: await audits('person.roles-changed', person._id) }) };
      },
      // Setting roles replaces them: the four are applied one after the other, each recorded with the roles it replaced.
      expected: (answers) => answers.filter((a) => a.body.changed === true).length,
      toldNothingChanged: (a) => a.body.changed === false,
    },
  },
  'PUT /api/me/mail-preferences': {
    same: {
      prepare: async () => {
        const person = await createPerson({ prefix: 'cc-mail', password: 'Concurrency-Sweep-1' });
        const user = await HttpUser.signIn(baseUrl, person.username, 'Concurrency-Sweep-1');
        return { as: () => user, path: '/api/me/mail-preferences', bodies: same({ tasks: 'digest', results: 'off' }), effects: async () => ({ changed: await audits('mail.preferences-changed', person._id) }) };
      },
      toldNothingChanged: (a) => a.body.changed === false,
    },
    different: {
      prepare: async () => {
        const person = await createPerson({ prefix: 'cc-mail', password: 'Concurrency-Sweep-1' });
        const user = await HttpUser.signIn(baseUrl, person.username, 'Concurrency-Sweep-1');
        return { as: () => user, path: '/api/me/mail-preferences', bodies: ['digest', 'off', 'immediate', 'digest'].map((tasks) => ({ tasks })), effects: async () => ({ changed: await audits('mail.preferences-changed', person._id) }) };
      },
      // A save replaces the choice: the four are applied one after the other, each recorded with the choice it replaced.
      expected: (answers) => answers.filter((a) => a.body.changed === true).length,
      toldNothingChanged: (a) => a.body.changed === false,
    },
  },
  'POST /api/me/password': {
    same: {
      prepare: async () => {
        const person = await createPerson({ prefix: 'cc-pw', password: 'Concurrency-Sweep-1' });
        const user = await HttpUser.signIn(baseUrl, person.username, 'Concurrency-Sweep-1');
        return { as: () => user, path: '/api/me/password', bodies: same({ currentPassword: 'Concurrency-Sweep-1', newPassword: 'Concurrency-Sweep-2' }), effects: async () => ({ changed: await audits('person.password-changed', person._id) }) };
      },
      // The loser's current password is no longer the current one: 400 says so, field by field.
      alsoRefusedWith: [400],
    },
    different: {
      prepare: async () => {
        const person = await createPerson({ prefix: 'cc-pw', password: 'Concurrency-Sweep-1' });
        const user = await HttpUser.signIn(baseUrl, person.username, 'Concurrency-Sweep-1');
        return { as: () => user, path: '/api/me/password', bodies: [2, 3, 4, 5].map((i) => ({ currentPassword: 'Concurrency-Sweep-1', newPassword: `Concurrency-Sweep-${i}` })), effects: async () => ({ changed: await audits('person.password-changed', person._id) }) };
      },
      alsoRefusedWith: [400],
    },
  },
  'POST /api/forms': {
    same: {
      prepare: async () => {
        const key = uniqueFlowKey('cc-form');
        return { as: () => owner, path: '/api/forms', bodies: same({ key, schema: formSchema('Nomination') }), effects: async () => ({ versions: await FormVersionModel.countDocuments({ key }), audited: await audits('FormVersion.created', `${key}@1`) }) };
      },
    },
    different: {
      prepare: async () => {
        const key = uniqueFlowKey('cc-form');
        return { as: () => owner, path: '/api/forms', bodies: [1, 2, 3, 4].map((i) => ({ key, schema: formSchema(`Nomination ${i}`) })), effects: async () => ({ versions: await FormVersionModel.countDocuments({ key }), audited: await audits('FormVersion.created', `${key}@1`) }) };
      },
    },
  },
  'POST /api/forms/:key/versions': {
    same: {
      prepare: async () => {
        const key = uniqueFlowKey('cc-formv');
        await created(owner.post('/api/forms', { key, schema: formSchema('v1') }));
        return { as: () => owner, path: `/api/forms/${key}/versions`, bodies: same({ schema: formSchema('v2') }), effects: async () => ({ versions: await FormVersionModel.countDocuments({ key }) }) };
      },
      toldNothingChanged: (a) => a.body.created === false,
    },
    different: {
      prepare: async () => {
        const key = uniqueFlowKey('cc-formv');
        await created(owner.post('/api/forms', { key, schema: formSchema('v1') }));
        return { as: () => owner, path: `/api/forms/${key}/versions`, bodies: [2, 3, 4, 5].map((i) => ({ schema: formSchema(`v${i}`) })), effects: async () => ({ versions: await FormVersionModel.countDocuments({ key }) }) };
      },
      // Each save is a version of its own, numbered apart, unless it is refused with a reason.
      expected: (answers) => answers.filter((a) => a.status === 201).length,
    },
  },
  'POST /api/processes': {
    same: {
      prepare: async () => {
        const key = uniqueFlowKey('cc-flow');
        return { as: () => owner, path: '/api/processes', bodies: same({ key, name: 'Nomination' }), effects: async () => ({ versions: await ProcessVersionModel.countDocuments({ key }) }) };
      },
    },
    different: {
      prepare: async () => {
        const key = uniqueFlowKey('cc-flow');
        return { as: () => owner, path: '/api/processes', bodies: [1, 2, 3, 4].map((i) => ({ key, name: `Nomination ${i}` })), effects: async () => ({ versions: await ProcessVersionModel.countDocuments({ key }) }) };
      },
    },
  },
  'POST /api/processes/:key/drafts': {
    same: {
      prepare: async () => {
        const key = uniqueFlowKey('cc-draft');
        return { as: () => owner, path: `/api/processes/${key}/drafts`, bodies: same({ xml: smallFlow(key, [{ id: 'only', name: 'Only step', formKey: 'check-in', candidateGroups: 'hr' }]) }), effects: async () => ({ versions: await ProcessVersionModel.countDocuments({ key }) }) };
      },
      toldNothingChanged: (a) => a.body.created === false,
    },
    different: {
      prepare: async () => {
        const key = uniqueFlowKey('cc-draft');
        return { as: () => owner, path: `/api/processes/${key}/drafts`, bodies: [1, 2, 3, 4].map((i) => ({ xml: smallFlow(key, [{ id: 'only', name: `Step ${i}`, formKey: 'check-in', candidateGroups: 'hr' }]) })), effects: async () => ({ versions: await ProcessVersionModel.countDocuments({ key }) }) };
      },
      expected: (answers) => answers.filter((a) => a.status === 201).length,
    },
  },
  'POST /api/processes/:key/deployments': {
    same: {
      prepare: async () => {
        const key = uniqueFlowKey('cc-deploy');
        await created(owner.post(`/api/processes/${key}/drafts`, { xml: smallFlow(key, [{ id: 'only', name: 'Only step', formKey: 'check-in', candidateGroups: 'hr' }]) }));
        return { as: () => owner, path: `/api/processes/${key}/deployments`, bodies: same({ version: 1 }), effects: async () => ({ deployments: await ProcessDeploymentModel.countDocuments({ key }), engine: (await stack.engine.processDefinitions(key)).length }) };
      },
    },
    different: {
      prepare: async () => {
        const key = uniqueFlowKey('cc-deploy');
        for (const i of [1, 2, 3, 4]) await created(owner.post(`/api/processes/${key}/drafts`, { xml: smallFlow(key, [{ id: 'only', name: `Step ${i}`, formKey: 'check-in', candidateGroups: 'hr' }]) }));
        return { as: () => owner, path: `/api/processes/${key}/deployments`, bodies: [1, 2, 3, 4].map((version) => ({ version })), effects: async () => ({ deployments: await ProcessDeploymentModel.countDocuments({ key }), engine: (await stack.engine.processDefinitions(key)).length }) };
      },
      // Deploying four versions at once: each deployment that is answered 201 is one in the engine and one on record.
      expected: (answers) => answers.filter((a) => a.status === 201).length,
    },
  },
  'POST /api/decisions/:key/drafts': {
    same: {
      prepare: async () => {
        const key = uniqueFlowKey('cc-dmn');
        return { as: () => owner, path: `/api/decisions/${key}/drafts`, bodies: same({ xml: raiseTable(key, 100) }), effects: async () => ({ versions: await DecisionVersionModel.countDocuments({ key }) }) };
      },
      toldNothingChanged: (a) => a.body.created === false,
    },
    different: {
      prepare: async () => {
        const key = uniqueFlowKey('cc-dmn');
        return { as: () => owner, path: `/api/decisions/${key}/drafts`, bodies: [100, 200, 300, 400].map((threshold) => ({ xml: raiseTable(key, threshold) })), effects: async () => ({ versions: await DecisionVersionModel.countDocuments({ key }) }) };
      },
      expected: (answers) => answers.filter((a) => a.status === 201).length,
    },
  },
  'POST /api/decisions/:key/deployments': {
    same: {
      prepare: async () => {
        const key = uniqueFlowKey('cc-dmnd');
        await created(owner.post(`/api/decisions/${key}/drafts`, { xml: raiseTable(key, 100) }));
        return { as: () => owner, path: `/api/decisions/${key}/deployments`, bodies: same({ version: 1 }), effects: async () => ({ deployments: await DecisionDeploymentModel.countDocuments({ key }), engine: (await stack.engine.decisionDefinitions(key)).length }) };
      },
    },
    different: {
      prepare: async () => {
        const key = uniqueFlowKey('cc-dmnd');
        for (const threshold of [100, 200, 300, 400]) await created(owner.post(`/api/decisions/${key}/drafts`, { xml: raiseTable(key, threshold) }));
        return { as: () => owner, path: `/api/decisions/${key}/deployments`, bodies: [1, 2, 3, 4].map((version) => ({ version })), effects: async () => ({ deployments: await DecisionDeploymentModel.countDocuments({ key }), engine: (await stack.engine.decisionDefinitions(key)).length }) };
      },
      expected: (answers) => answers.filter((a) => a.status === 201).length,
    },
  },
  'POST /api/adjustment-events': {
    same: {
      prepare: async () => {
        const { personId, cycle, eventId } = await awardWithBreach(complianceOfficer, 'cc-claw');
        return { as: () => complianceOfficer, path: '/api/adjustment-events', bodies: same({ personId, cycle, eventId, kind: 'other-misconduct', responsibility: 'main', reason: 'Severe breach' }), effects: async () => ({ cases: await AwardAdjustmentModel.countDocuments({ personId }), filed: await AuditEntryModel.countDocuments({ action: 'clawback.filed', 'details.eventId': eventId }) }) };
      },
      // Filing the same event again answers 200 with the same case.
      toldNothingChanged: (a) => a.status === 200,
    },
    different: {
      prepare: async () => {
        const { personId, cycle, eventId } = await awardWithBreach(complianceOfficer, 'cc-claw');
        return { as: () => complianceOfficer, path: '/api/adjustment-events', bodies: [1, 2, 3, 4].map((i) => ({ personId, cycle, eventId, kind: 'other-misconduct', responsibility: 'main', reason: `Severe breach, finding ${i}` })), effects: async () => ({ cases: await AwardAdjustmentModel.countDocuments({ personId }), filed: await AuditEntryModel.countDocuments({ action: 'clawback.filed', 'details.eventId': eventId }) }) };
      },
    },
  },
  'POST /api/policies/:key/versions': {
    same: {
      prepare: async () => {
        const key = await ownPolicy();
        return { as: () => owner, path: `/api/policies/${key}/versions`, bodies: same({ effectiveFrom: today, body: { windowDays: 20, panelSla: 'P10D' } }), effects: async () => ({ versions: (await PolicyVersionModel.countDocuments({ key })) - 1 }) };
      },
      // As when saved one after the other: "the same as version 2", field by field.
      alsoRefusedWith: [400],
    },
    different: {
      prepare: async () => {
        const key = await ownPolicy();
        return { as: () => owner, path: `/api/policies/${key}/versions`, bodies: [20, 21, 22, 23].map((windowDays) => ({ effectiveFrom: today, body: { windowDays, panelSla: 'P10D' } })), effects: async () => ({ versions: (await PolicyVersionModel.countDocuments({ key })) - 1 }) };
      },
      expected: (answers) => answers.filter((a) => a.status === 201).length,
    },
  },
  'POST /api/metrics': {
    same: {
      prepare: async () => {
        const cycle = uniqueCycle('cc-metric');
        const body = { source: { system: 'gl', reference: 'sweep.xlsx' }, records: [{ cycle, scope: { type: 'unit', id: 'OPS' }, key: 'revenueMinor', value: 100 }] };
        return { as: () => hr, path: '/api/metrics', bodies: same(body), effects: async () => ({ metrics: await MetricModel.countDocuments({ cycle }) }) };
      },
      toldNothingChanged: (a) => a.body.unchanged === 1,
    },
    different: {
      prepare: async () => {
        const cycle = uniqueCycle('cc-metric');
        return {
          as: () => hr, path: '/api/metrics', bodies: [100, 200, 300, 400].map((value) => ({ source: { system: 'gl' }, records: [{ cycle, scope: { type: 'unit', id: 'OPS' }, key: 'revenueMinor', value }] })),
          effects: async () => ({ metrics: await MetricModel.countDocuments({ cycle }) }),
        };
      },
      // A figure imported again with another value is a correction: each import that says it updated is one.
      toldNothingChanged: (a) => a.body.updated === 1 || a.body.unchanged === 1,
    },
  },
  'POST /api/compliance-events': {
    same: {
      prepare: async () => {
        const cycle = uniqueCycle('cc-cmp');
        const record = { personId: employees[0]!.id, cycle, date: '2026-01-05', severity: 'minor', confirmed: false, description: 'Late filing', reference: `CC-${cycle}` };
        return { as: () => complianceOfficer, path: '/api/compliance-events', bodies: same({ source: { system: 'cmp-case' }, records: [record] }), effects: async () => ({ events: await ComplianceEventModel.countDocuments({ cycle }) }) };
      },
      toldNothingChanged: (a) => a.body.unchanged === 1,
    },
    different: {
      prepare: async () => {
        const cycle = uniqueCycle('cc-cmp');
        const record = { personId: employees[0]!.id, cycle, date: '2026-01-05', severity: 'minor', confirmed: false, reference: `CC-${cycle}` };
        return { as: () => complianceOfficer, path: '/api/compliance-events', bodies: [1, 2, 3, 4].map((i) => ({ source: { system: 'cmp-case' }, records: [{ ...record, description: `Late filing ${i}` }] })), effects: async () => ({ events: await ComplianceEventModel.countDocuments({ cycle }) }) };
      },
      toldNothingChanged: (a) => a.body.updated === 1 || a.body.unchanged === 1,
    },
  },
  'POST /api/compensation': {
    same: {
      prepare: async () => {
        const person = await createPerson({ prefix: 'cc-pay', password: 'Concurrency-Sweep-1' });
        const csv = `personId,currency,fixedPayMinor,payGrade,roleCategory\n${person._id},CNY,100,P1,otherStaff\n`;
        return { as: () => hr, path: '/api/compensation', bodies: same({ source: { system: 'payroll' }, csv }), effects: async () => ({ records: await CompensationModel.countDocuments({ personId: person._id }) }) };
      },
      toldNothingChanged: (a) => a.body.unchanged === 1,
    },
    different: {
      prepare: async () => {
        const person = await createPerson({ prefix: 'cc-pay', password: 'Concurrency-Sweep-1' });
        return {
          as: () => hr, path: '/api/compensation', bodies: [100, 200, 300, 400].map((pay) => ({ source: { system: 'payroll' }, csv: `personId,currency,fixedPayMinor,payGrade,roleCategory\n${person._id},CNY,${pay},P1,otherStaff\n` })),
          effects: async () => ({ records: await CompensationModel.countDocuments({ personId: person._id }) }),
        };
      },
      toldNothingChanged: (a) => a.body.updated === 1 || a.body.unchanged === 1,
    },
  },
};

/** An open early warning on a demo clerk, as a metric import raises it (the detector is early-warning.test.ts's subject). */
async function openWarning(): Promise<string> {
  const period = `20${26 + Math.floor(Math.random() * 70)}-Q${1 + Math.floor(Math.random() * 4)}`;
  const personId = anEmployee().id;
  const id = riskWarningId('sales-jump-with-risk', personId, `${period}-${Math.random().toString(36).slice(2, 8)}`);
  await RiskWarningModel.create({ _id: id, rule: 'sales-jump-with-risk', policyVersion: 1, personId, unitId: 'OPS', period, previousPeriod: period, evidence: [], raisedAt: new Date(), status: 'open' });
  return id;
}

SWEEPS['POST /api/risk-warnings/:warningId/decision'] = {
  same: {
    prepare: async () => {
      const id = await openWarning();
      return {
        as: () => riskOfficer, path: `/api/risk-warnings/${encodeURIComponent(id)}/decision`,
        bodies: same({ decision: 'confirmed', note: 'Mis-selling confirmed on file review', severity: 'minor', cycle: uniqueCycle('cc-ew') }),
        effects: async () => ({ confirmed: await audits('risk-warning.confirmed', id), events: await ComplianceEventModel.countDocuments({ 'source.system': 'early-warning', personId: (await RiskWarningModel.findById(id).lean())!.personId, description: /Mis-selling confirmed/ }) }),
      };
    },
    toldNothingChanged: (a) => a.body.replayed === true,
  },
  different: {
    prepare: async () => {
      const id = await openWarning();
      return {
        as: () => riskOfficer, path: `/api/risk-warnings/${encodeURIComponent(id)}/decision`,
        bodies: ['A', 'B', 'C', 'D'].map((n) => ({ decision: 'dismissed', note: `Explained by campaign ${n}` })),
        effects: async () => ({ dismissed: await audits('risk-warning.dismissed', id) }),
      };
    },
  },
};

/** A note of recognition from one demo employee to another (the feedback route is feedback-recognition.test.ts's subject). */
async function aNote(): Promise<{ id: string; recipient: HttpUser }> {
  const giver = anEmployee();
  const recipient = anEmployee();
  const given = await giver.post('/api/feedback', { to: recipient.id, kind: 'recognition', value: 'teamwork', text: `Thanks for the cover ${uniqueCycle('cc-fb')}` });
  if (given.status !== 201) throw new Error(`setup: ${given.status} ${JSON.stringify(given.body).slice(0, 300)}`);
  return { id: given.body.note.id, recipient };
}

SWEEPS['POST /api/feedback'] = {
  same: {
    prepare: async () => {
      const giver = anEmployee();
      const text = `Well handled ${uniqueCycle('cc-fb')}`;
      return {
        as: () => giver, path: '/api/feedback',
        bodies: same({ to: anEmployee().id, kind: 'recognition', value: 'client-first', text }),
        effects: async () => ({ notes: await FeedbackModel.countDocuments({ fromId: giver.id, text }), audited: await AuditEntryModel.countDocuments({ action: 'feedback.recognition.given', actor: giver.id, 'details.value': 'client-first', 'details.feedbackId': (await FeedbackModel.findOne({ fromId: giver.id, text }).lean())?._id ?? '' }) }),
      };
    },
    toldNothingChanged: (a) => a.body.replayed === true,
  },
  different: 'different notes at once are different notes, each given once (each its own id); the same note is the race above',
};

SWEEPS['PUT /api/feedback/:feedbackId/visibility'] = {
  same: {
    prepare: async () => {
      const { id, recipient } = await aNote();
      return {
        as: () => recipient, path: `/api/feedback/${id}/visibility`, bodies: same({ visibility: 'unit' }),
        effects: async () => ({ changes: await audits('feedback.visibility', id), shared: await FeedbackModel.countDocuments({ _id: id, visibility: 'unit' }) }),
      };
    },
    toldNothingChanged: (a) => a.body.changed === false,
  },
  different: 'the person\'s choices apply one after another, each audited; the last one stands, as in a settings page',
};

/** A plan item of a demo clerk's, as the feedback-meeting flow's block writes it (that flow is development-plan.test.ts's subject). */
async function planItem(): Promise<{ id: string; owner: HttpUser }> {
  const owner = anEmployee();
  const cycle = uniqueCycle('cc-plan');
  const id = `${cycle}:${owner.id}:1`;
  await DevelopmentItemModel.create({ _id: id, planId: `${cycle}:${owner.id}`, cycle, personId: owner.id, unitId: 'OPS', index: 1, what: 'Race item', kind: 'training', ownerId: owner.id, dueDate: '2030-01-01', status: 'not-started', progress: [], createdAt: new Date() });
  return { id, owner };
}

SWEEPS['POST /api/development/items/:itemId/progress'] = {
  same: {
    prepare: async () => {
      const { id, owner } = await planItem();
      return {
        as: () => owner, path: `/api/development/items/${encodeURIComponent(id)}/progress`, bodies: same({ status: 'in-progress', note: 'Enrolled' }),
        effects: async () => ({ entries: ((await DevelopmentItemModel.findById(id).lean())?.progress ?? []).length, audited: await audits('development.progress-marked', id) }),
      };
    },
    toldNothingChanged: (a) => a.body.replayed === true,
  },
  different: {
    // Four different notes at once are four changes made one after the other: each is an entry of the item's history.
    prepare: async () => {
      const { id, owner } = await planItem();
      return {
        as: () => owner, path: `/api/development/items/${encodeURIComponent(id)}/progress`, bodies: ['A', 'B', 'C', 'D'].map((n) => ({ status: 'in-progress', note: `Step ${n}` })),
        effects: async () => ({ entries: ((await DevelopmentItemModel.findById(id).lean())?.progress ?? []).length, audited: await audits('development.progress-marked', id) }),
      };
    },
    expected: () => N,
  },
};

/** Write routes this sweep does not race, each with the reason. */
const NOT_SWEPT: Record<string, string> = {
  'POST /login': 'each sign-in is a session of its own (four at once are four sessions); its limits are rate-limits.test.ts\'s subject',
  'POST /api/session': 'each sign-in is a session of its own (four at once are four sessions); its limits are rate-limits.test.ts\'s subject',
  'POST /logout': 'signing out twice ends one session',
  'DELETE /api/session': 'signing out twice ends one session',
  'POST /api/launches/:launchId/resume': 'not yet raced: needs an interrupted launch',
  'POST /api/launches/:launchId/retry': 'raced in flow-launcher.test.ts: two retries of a finished launch\'s failures at once start each case once',
  'POST /api/cycles/:cycle/calibrations': 'not yet raced: needs a unit whose reviews are all done',
  'POST /api/cycles/:cycle/bonus-rounds': 'not yet raced: needs a calibrated unit',
  'POST /api/cycles/:cycle/appeals': 'not yet raced: needs a published review',
  'POST /api/incidents/:incidentId/retry': 'not yet raced: needs an open incident',
  'POST /api/incidents/mails/:mailId/retry': 'raced in mail.test.ts: two presses and two dispatchers at once send a failed mail once',
};

async function created(answer: Promise<JsonResponse>): Promise<void> {
  const response = await answer;
  if (response.status !== 201) throw new Error(`setup: ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
}

/** A policy under a key of this file's own, version 1 deployed from a file as a release would. */
async function ownPolicy(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-policy-'));
  const key = `cc-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  writeFileSync(join(dir, `${key}.json`), JSON.stringify({ key, effectiveFrom: '2026-01-01', body: { windowDays: 15, panelSla: 'P10D' } }));
  await deployPolicies('test', dir);
  return key;
}

function delta(before: Counts, after: Counts): Counts {
  return Object.fromEntries(Object.entries(after).map(([name, n]) => [name, n - (before[name] ?? 0)]));
}

/** Sends the race's requests at once and returns what is wrong with the outcome (nothing: []). */
async function run(label: string, race: Race): Promise<string[]> {
  const shot = await race.prepare();
  const before = await shot.effects();
  const answers = await Promise.all(shot.bodies.map((body, i) => shot.as(i).request(routeMethod(label), shot.path, body)));
  // Effects the answers promised may land a moment later (an engine job, a batched append): wait for them, bounded.
  const wanted = race.expected?.(answers) ?? 1;
  const want = (name: string) => (typeof wanted === 'number' ? wanted : wanted[name] ?? 1);
  let changes: Counts = {};
  await eventually(`${label}: its effects`, async () => {
    changes = delta(before, await shot.effects());
    return Object.entries(changes).every(([name, n]) => n >= want(name));
  }, 20_000).catch(() => undefined);
  const wrong: string[] = [];
  const statuses = answers.map((a) => a.status);
  for (const [name, n] of Object.entries(changes)) if (n !== want(name)) wrong.push(`${label}: ${n} × ${name}, expected ${want(name)} (answers ${statuses.join(', ')})`);
  answers.forEach((a, i) => {
    if (a.status >= 500) wrong.push(`${label}: request ${i + 1} answered ${a.status} ${JSON.stringify(a.body).slice(0, 200)}`);
  });
  const expectedWinners = typeof wanted === 'number' ? wanted : Math.max(...Object.values(wanted));
  const fresh = answers.filter((a) => a.status >= 200 && a.status < 300 && !race.toldNothingChanged?.(a));
  // Each answer beyond the effects must tell its sender that nothing of theirs changed, and why.
  if (expectedWinners > 0 && fresh.length > Math.max(expectedWinners, 1) ) wrong.push(`${label}: ${fresh.length} answers claim an effect, ${expectedWinners} happened (answers ${statuses.join(', ')})`);
  for (const a of answers) {
    if (a.status >= 400 && a.status < 500) {
      if (a.status !== 409 && !race.alsoRefusedWith?.includes(a.status)) wrong.push(`${label}: a loser answered ${a.status}, not 409 naming the conflict: ${JSON.stringify(a.body).slice(0, 200)}`);
      else if (!hasReason(a.body)) wrong.push(`${label}: a loser answered ${a.status} without a reason`);
    }
  }
  return wrong;
}

const methodOf = new Map<string, string>();
const routeMethod = (label: string) => methodOf.get(label)!;

beforeAll(async () => {
  stack = await startTestStack();
  // The sweep writes in bursts; the per-person write ceiling is another test's subject.
  baseUrl = await stack.serve({ rateLimits: { writesPerUser: 100_000 } });
  routes = appRoutes(createApp(loadConfig(), stack.engine)).filter((r) => r.method !== 'GET' && !r.path.includes('*'));
  worker = startWorker('sweep-concurrency');
  [hr, hrAnalyst, owner, admin, complianceOfficer, opsHead, riskOfficer] = await HttpUser.signInAll(baseUrl, ['hr', 'hr.analyst', 'owner', 'admin', 'cmp.officer3', 'ops.head', 'risk.officer']);
  employees.push(...await HttpUser.signInAll(baseUrl, ['ops.clerk1', 'ops.clerk2', 'ops.clerk4', 'ops.clerk5', 'ops.clerk6', 'ops.clerk7']));
  groupFlow = uniqueFlowKey('cc-group');
  assignedFlow = uniqueFlowKey('cc-assigned');
  const assignedXml = smallFlow(assignedFlow, [{ id: 'work', name: 'Work', formKey: 'check-in' }]).replace('name="Work"', 'name="Work" camunda:assignee="${who}"');
  await stack.engine.deploy(groupFlow, [{ name: `${groupFlow}.bpmn`, content: smallFlow(groupFlow, [{ id: 'triage', name: 'Triage', formKey: 'check-in', candidateGroups: 'hr' }]) }]);
  await stack.engine.deploy(assignedFlow, [{ name: `${assignedFlow}.bpmn`, content: assignedXml }]);
  startableFlow = uniqueFlowKey('cc-start');
  const startableXml = smallFlow(startableFlow, [{ id: 'signOff', name: 'Sign-off', formKey: 'check-in', candidateGroups: 'hr' }]).replace('isExecutable="true"', 'isExecutable="true" camunda:candidateStarterGroups="hr"');
  await created(owner.post(`/api/processes/${startableFlow}/drafts`, { xml: startableXml }));
  await created(owner.post(`/api/processes/${startableFlow}/deployments`, { version: 1 }));
}, 120_000);

afterAll(async () => {
  await stopWorker(worker);
  // Its tasks offered to HR and assigned to the head of operations would wait in their inboxes for later suites.
  for (const key of [groupFlow, assignedFlow]) if (key) await removeTestFlow(key);
  await stack?.close();
});

test('every write route is raced here or listed with the reason it is not', () => {
  const key = (r: AppRoute) => `${r.method} ${r.path}`;
  const unaccounted = routes.map(key).filter((k) => !(k in SWEEPS) && !(k in NOT_SWEPT));
  expect(unaccounted).toEqual([]);
  // A listed route the app no longer serves is a stale entry.
  const served = new Set(routes.map(key));
  expect([...Object.keys(SWEEPS), ...Object.keys(NOT_SWEPT)].filter((k) => !served.has(k))).toEqual([]);
});

test.each(Object.keys(SWEEPS))('%s: the same body and different bodies at once, one effect each, no 5xx, each loser told why', async (route) => {
  const sweep = SWEEPS[route]!;
  methodOf.set(`${route} (same body)`, route.split(' ')[0]!);
  methodOf.set(`${route} (different bodies)`, route.split(' ')[0]!);
  const wrong = await run(`${route} (same body)`, sweep.same);
  if (typeof sweep.different !== 'string') wrong.push(...await run(`${route} (different bodies)`, sweep.different));
  expect(wrong).toEqual([]);
}, 120_000);
