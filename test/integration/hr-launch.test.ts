import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditEntryModel } from '../../src/db/models/audit-entry';
import { CycleLaunchModel } from '../../src/db/models/cycle-launch';
import { PersonModel } from '../../src/db/models/person';
import { ReviewCaseModel } from '../../src/db/models/review-case';
import { HttpUser } from '../support/http-user';
import { eventually, startTestStack, uniqueCycle, type TestStack } from '../support/stack';

/**
 * HR launches a cycle from the launch page's API: a dry run that writes nothing, a launch that runs
 * in the background with a progress document, a second launch of a wider scope that skips the cases
 * already there, a pinned older flow version, and a launch whose server stopped reads as interrupted.
 * No worker: starting a review only needs the engine.
 */
let stack: TestStack;
let hr: HttpUser;
const cycle = uniqueCycle('hr-launch');

beforeAll(async () => {
  stack = await startTestStack();
  hr = await HttpUser.signIn(stack.baseUrl, 'hr.analyst');
});
let afterDeployment: (() => Promise<unknown>) | null = null;

afterAll(async () => {
  await afterDeployment?.();
  await CycleLaunchModel.deleteMany({ cycle: { $in: [cycle, `${cycle}-v`] } });
  await stack?.close();
});

async function finished(launchId: string) {
  return eventually(`launch ${launchId} finished`, async () => {
    const progress = await hr.get(`/api/launches/${launchId}`);
    return progress.status === 200 && progress.body.status !== 'running' ? progress.body : null;
  }, 120_000);
}

const peopleOf = async (unitId: string) => PersonModel.countDocuments({ unitId, active: true });

test('a dry run counts the cases, names the first approvers and writes nothing', async () => {
  const auditBefore = await AuditEntryModel.countDocuments();
  const dry = await hr.post(`/api/cycles/${cycle}/launches/dry-run`, { unitIds: ['CB'] });
  expect(dry.status).toBe(200);
  const cbPeople = await peopleOf('CB');
  expect(dry.body.cases).toBe(cbPeople);
  expect(dry.body.skipped).toBe(0);
  expect(dry.body.withoutApprover).toEqual([]);
  expect(dry.body.unitIds).toEqual(['CB']);
  // The head of Corporate Banking is approved by the president, the relationship managers by the head.
  const head = (await PersonModel.findOne({ username: 'cb.head' }).lean())!;
  const president = (await PersonModel.findOne({ username: 'ceo' }).lean())!;
  const rm = (await PersonModel.findOne({ username: 'cb.rm01' }).lean())!;
  const approverOf = (id: string) => dry.body.firstApprovers.find((a: { person: { id: string } }) => a.person.id === id);
  expect(approverOf(head._id)).toMatchObject({ approver: { id: president._id }, rule: 'manager' });
  expect(approverOf(rm._id)).toMatchObject({ approver: { id: head._id, name: head.name }, unitId: 'CB' });
  expect(dry.body.firstApprovers.length).toBe(Math.min(20, cbPeople));

  // The whole bank: the president has nobody above him.
  const bank = await hr.post(`/api/cycles/${cycle}/launches/dry-run`, {});
  expect(bank.body.withoutApprover.map((p: { id: string }) => p.id)).toEqual([president._id]);
  expect(bank.body.cases).toBe((await PersonModel.countDocuments({ active: true })) - 1);

  expect(await ReviewCaseModel.countDocuments({ cycle })).toBe(0);
  expect(await CycleLaunchModel.countDocuments({ cycle })).toBe(0);
  expect(await AuditEntryModel.countDocuments()).toBe(auditBefore);
});

test('a launch answers 202 at once, starts every case in the background and keeps its progress', async () => {
  const launch = await hr.post(`/api/cycles/${cycle}/launches`, { unitIds: ['CB'] });
  expect(launch.status).toBe(202);
  expect(launch.body.launchId).toMatch(/^[0-9a-f-]{36}$/);
  const cbPeople = await peopleOf('CB');
  const done = await finished(launch.body.launchId);
  expect(done).toMatchObject({ cycle, status: 'finished', total: cbPeople, started: cbPeople, skipped: 0, failed: [], done: cbPeople, percent: 100, startedBy: hr.id, unitIds: ['CB'] });
  expect(done.finishedAt).not.toBeNull();

  const cases = await ReviewCaseModel.find({ cycle }).lean();
  expect(cases).toHaveLength(cbPeople);
  expect(cases.every((c) => c.status === 'running' && c.processInstanceId)).toBe(true);
  const audit = await AuditEntryModel.find({ action: { $in: ['cycle.launch-started', 'cycle.launch-finished'] }, 'subject.id': cycle }).lean();
  expect(audit.map((a) => a.action).sort()).toEqual(['cycle.launch-finished', 'cycle.launch-started']);
  expect(audit.every((a) => a.actor === hr.id)).toBe(true);
});

test('launching again with a wider scope skips the cases that exist and starts only the new ones', async () => {
  const [cb, wm] = [await peopleOf('CB'), await peopleOf('WM')];
  const dry = await hr.post(`/api/cycles/${cycle}/launches/dry-run`, { unitIds: ['CB', 'WM'] });
  expect(dry.body).toMatchObject({ cases: wm, skipped: cb });
  const launch = await hr.post(`/api/cycles/${cycle}/launches`, { unitIds: ['CB', 'WM'] });
  expect(launch.status).toBe(202);
  const done = await finished(launch.body.launchId);
  expect(done).toMatchObject({ status: 'finished', total: cb + wm, started: wm, skipped: cb, failed: [], percent: 100 });
  expect(await ReviewCaseModel.countDocuments({ cycle })).toBe(cb + wm);
});

test('a chosen older flow version is the one the cases run, though a newer one is deployed', async () => {
  const [latest] = await stack.engine.processDefinitions('performance-review');
  // A newer version of the same flow (only a label differs), as a process owner's edit would deploy.
  const shipped = readFileSync(join(__dirname, '..', '..', 'processes', 'performance-review.bpmn'), 'utf8');
  const bpmn = shipped.replace('name="Review launched"', `name="Review launched (${cycle})"`);
  await stack.engine.deploy(`hr-launch-${cycle}`, [{ name: 'performance-review.bpmn', content: bpmn }]);
  // Later test files share the engine: the shipped flow goes back on top, whatever happens here.
  afterDeployment = () => stack.engine.deployNew(`hr-launch-${cycle}-restore`, { name: 'performance-review.bpmn', content: shipped });
  const [newest] = await stack.engine.processDefinitions('performance-review');
  expect(newest!.version).toBe(latest!.version + 1);

  const pinnedCycle = `${cycle}-v`;
  const launch = await hr.post(`/api/cycles/${pinnedCycle}/launches`, { unitIds: ['CMP'], processVersion: String(latest!.version) });
  expect(launch.status).toBe(202);
  const done = await finished(launch.body.launchId);
  expect(done.process).toEqual({ key: 'performance-review', version: latest!.version, definitionId: latest!.id });
  const cases = await ReviewCaseModel.find({ cycle: pinnedCycle }).lean();
  expect(cases.length).toBe(await peopleOf('CMP'));
  const instances = await Promise.all(cases.map((c) => stack.engine.processInstancesByBusinessKey('performance-review', c._id)));
  expect(instances.map(([i]) => i!.definitionId)).toEqual(cases.map(() => latest!.id));

  const unknown = await hr.post(`/api/cycles/${pinnedCycle}/launches/dry-run`, { unitIds: ['CMP'], processVersion: '99999' });
  expect(unknown.status).toBe(400);
  expect(unknown.body.problems[0]).toMatchObject({ field: 'processVersion', code: 'unknown' });
});

test('unknown units are refused with the unit named, and nothing is launched', async () => {
  const answer = await hr.post(`/api/cycles/${cycle}-x/launches`, { unitIds: ['CB', 'NO-SUCH-UNIT'] });
  expect(answer.status).toBe(400);
  expect(answer.body.problems).toEqual([{ field: 'unitIds', code: 'unknown', message: 'no org unit NO-SUCH-UNIT', text: '机构 NO-SUCH-UNIT 不存在' }]);
  expect(await CycleLaunchModel.countDocuments({ cycle: `${cycle}-x` })).toBe(0);
});

test('a launch whose server stopped writing reads as interrupted', async () => {
  const id = '00000000-0000-4000-8000-0000000000aa';
  const long = new Date(Date.now() - 10 * 60_000);
  await CycleLaunchModel.create({
    _id: id, cycle, unitIds: ['OPS'], processKey: 'performance-review', processDefinitionId: 'x', processVersion: 1,
    total: 8, started: 3, skipped: 0, failed: [], withoutApprover: [], status: 'running', startedBy: hr.id, startedAt: long, updatedAt: long,
  });
  const progress = await hr.get(`/api/launches/${id}`);
  expect(progress.body).toMatchObject({ status: 'interrupted', done: 3, total: 8, percent: 37 });
  await CycleLaunchModel.deleteOne({ _id: id });
});
