import type { ChildProcess } from 'node:child_process';
import { PersonModel } from '../../src/db/models/person';
import { ReviewCaseModel, caseIdFor } from '../../src/db/models/review-case';
import { bonusUnit, removeCreated, reviewToStandingRating, type BonusUnit, type Created } from '../support/bonus-driver';
import { HttpUser } from '../support/http-user';
import { eventually, startTestStack, startWorker, stopWorker, uniqueCycle, type TestStack } from '../support/stack';

/**
 * The bonus approval chain is the decision table bonus-approval-chain, and an owner changes it
 * through the API as the DMN editor does: the committee's row for CNY pools goes from above
 * ¥5,000,000 to above ¥2,500,000 (a new version, deployed). A ¥3,000,000 round launched before keeps
 * the table it pinned and ends without the committee; one launched after asks the committee, for the
 * new row's reason. Each round's explanation names the table version it followed.
 */
const AWARD_DATE = '2027-03-31';
const TABLE = 'bonus-approval-chain';
const GROUP_MEMBER: Record<string, string> = { hr: 'hr', 'risk-officer': 'risk.officer', 'comp-committee': 'ceo' };

let stack: TestStack;
let worker: ChildProcess;
let hr: HttpUser;
let owner: HttpUser;
let shippedVersion: number;
const cycle = uniqueCycle('dmn-bonus');
const created: Created = { people: [], units: [] };
let before: BonusUnit;
let after: BonusUnit;

// One member on ¥300,000 fixed pay: the award is capped at 3 × that (¥900,000), below the committee's
// single-award row (¥1,000,000), so only the pool rows decide. A ¥3,000,000 pool: line head, HR
// (above ¥500,000), risk (above ¥2,000,000); the committee only under the edited row.
const unitOf = (prefix: string) => bonusUnit(stack.baseUrl, cycle, prefix, 300_000_000, [{ rating: 4, comp: { currency: 'CNY', fixedPayMinor: 30_000_000, roleCategory: 'otherStaff' } }], created);

async function openTask(caseId: string) {
  const { processInstanceId } = (await ReviewCaseModel.findById(caseId).lean())!;
  return eventually(`open task of ${caseId}`, async () => (await stack.engine.tasksOfProcess(processInstanceId!))[0], 90_000);
}

/** The approver the task names approves over HTTP (claiming a group's task first); answers the step's group, or 'unit head'. */
async function approve(caseId: string): Promise<string> {
  const task = await openTask(caseId);
  expect(task.taskDefinitionKey).toBe('bonusApproval');
  let approver: HttpUser;
  let who = 'unit head';
  if (task.assignee) {
    approver = await HttpUser.signIn(stack.baseUrl, (await PersonModel.findById(task.assignee, { username: 1 }).lean())!.username);
  } else {
    who = (await stack.engine.taskIdentityLinks(task.id)).find((l) => l.type === 'candidate' && l.groupId)!.groupId!;
    approver = await HttpUser.signIn(stack.baseUrl, GROUP_MEMBER[who]!);
    expect((await approver.post(`/api/tasks/${task.id}/claim`, {})).status).toBe(200);
  }
  expect((await approver.post(`/api/tasks/${task.id}/submission`, { data: { decision: 'approve' } })).status).toBe(201);
  return who;
}

async function roundOf(unit: BonusUnit) {
  return (await hr.get(`/api/bonus-rounds/${cycle}/${unit.id}`)).body.round;
}

async function finished(caseId: string) {
  return eventually(`${caseId} approved`, async () => {
    const reviewCase = await ReviewCaseModel.findById(caseId, { processInstanceId: 1 }).lean();
    return (await stack.engine.historicProcessInstance(reviewCase!.processInstanceId!)).state === 'COMPLETED' || undefined;
  }, 120_000);
}

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('bonus-approval-table');
  hr = await HttpUser.signIn(stack.baseUrl, 'hr');
  owner = await HttpUser.signIn(stack.baseUrl, 'owner');
  shippedVersion = (await owner.get('/api/decisions')).body.decisions.find((d: { key: string }) => d.key === TABLE).deployedVersion;
  before = await unitOf('dmn-before');
  after = await unitOf('dmn-after');
  const everyone = [before, after].flatMap((u) => u.members.map((m) => m.id));
  expect((await hr.post(`/api/cycles/${cycle}/reviews`, { employeeIds: everyone })).status).toBe(201);
  await Promise.all([before, after].flatMap((u) => u.members.map((m) => reviewToStandingRating(stack.baseUrl, cycle, u, m))));
}, 300_000);

afterAll(async () => {
  // Put the shipped table back for the test files after this one.
  if (owner && shippedVersion) await owner.post(`/api/decisions/${TABLE}/deployments`, { version: shippedVersion });
  await stopWorker(worker);
  await removeCreated(created);
  await stack?.close();
});

test('a changed committee row applies to the next round; a running round keeps the table it started with', async () => {
  const beforeCase = caseIdFor('bonus-approval', cycle, before.id);
  expect((await hr.post(`/api/cycles/${cycle}/bonus-rounds`, { unitIds: [before.id], awardDate: AWARD_DATE })).status).toBe(201);
  const pinned = (await ReviewCaseModel.findById(beforeCase).lean())!.decisionVersions![TABLE]!;
  expect(pinned).toEqual(expect.any(Number));
  expect(await approve(beforeCase)).toBe('unit head');

  // The owner's edit: the committee's CNY pool row, from ¥5,000,000 to ¥2,500,000.
  const shippedXml: string = (await owner.get(`/api/decisions/${TABLE}/versions/${shippedVersion}/xml`)).body.xml;
  const row = /<rule id="comp-committee-pool-cny">[\s\S]*?<\/rule>/.exec(shippedXml)![0];
  const editedRow = row.replace('&gt; 500000000', '&gt; 250000000').replace(/pool above ¥5,000,000/g, 'pool above ¥2,500,000').replace('人民币 5,000,000 元', '人民币 2,500,000 元');
  expect(editedRow).not.toBe(row);
  const draft = await owner.post(`/api/decisions/${TABLE}/drafts`, { xml: shippedXml.replace(row, editedRow), note: 'Committee from ¥2,500,000' });
  expect([200, 201]).toContain(draft.status); // 200: a store kept from an earlier run has this text as a version already
  const deployed = await owner.post(`/api/decisions/${TABLE}/deployments`, { version: draft.body.version });
  expect(deployed.status).toBe(201);
  expect(deployed.body.engineVersion).toBeGreaterThan(pinned);

  // The next round follows the new row.
  const afterCase = caseIdFor('bonus-approval', cycle, after.id);
  expect((await hr.post(`/api/cycles/${cycle}/bonus-rounds`, { unitIds: [after.id], awardDate: AWARD_DATE })).status).toBe(201);
  expect((await ReviewCaseModel.findById(afterCase).lean())!.decisionVersions).toEqual({ [TABLE]: deployed.body.engineVersion });
  const afterChain = await eventually('chain of the later round', async () => (await roundOf(after))?.chain);
  expect(afterChain.steps.map((s: { stepId: string }) => s.stepId)).toEqual(['line-head', 'hr', 'risk', 'comp-committee']);
  expect(afterChain.steps[3]).toMatchObject({ approver: { kind: 'group', group: 'comp-committee' }, reasons: ['Compensation committee: pool above ¥2,500,000'], reasonsZh: ['薪酬委员会：奖金池超过 人民币 2,500,000 元'] });
  expect(afterChain.explanation.decision).toEqual({ key: TABLE, version: draft.body.version, engineVersion: deployed.body.engineVersion });
  expect(afterChain.explanation.inputs).toEqual({ currency: 'CNY', poolMinor: 300_000_000, maxAwardMinor: expect.any(Number), complianceActionFired: false });
  const afterApprovers = [];
  for (let step = 0; step < 4; step++) afterApprovers.push(await approve(afterCase));
  expect(afterApprovers).toEqual(['unit head', 'hr', 'risk-officer', 'comp-committee']);
  await finished(afterCase);

  // The round already running keeps the table it pinned: HR and risk, then done, no committee.
  expect(await approve(beforeCase)).toBe('hr');
  expect(await approve(beforeCase)).toBe('risk-officer');
  await finished(beforeCase);
  const beforeRound = await roundOf(before);
  expect(beforeRound.chain.steps.map((s: { stepId: string }) => s.stepId)).toEqual(['line-head', 'hr', 'risk']);
  expect(beforeRound.chain.explanation.decision).toEqual({ key: TABLE, version: shippedVersion, engineVersion: pinned });
  expect(beforeRound.chain.steps[2].reasons).toEqual(['Risk officer: pool above ¥2,000,000']);
  expect(beforeRound.approvals.map((a: { stepId: string }) => a.stepId)).toEqual(['line-head', 'hr', 'risk']);
}, 600_000);
