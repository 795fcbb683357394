import { ReviewCaseModel, caseIdFor } from '../../src/db/models/review-case';
import { startCase, type CaseStart } from '../../src/platform/cases/start-case';
import { smallFlow, uniqueFlowKey } from '../support/small-flow';
import { startTestStack, uniqueCycle, type TestStack } from '../support/stack';

/**
 * Starting a case on the real engine and store: a new case starts one instance; starting it again
 * starts none; a start that died after the engine started the instance and before the case recorded
 * it is completed with that instance, not a second one. A new case skips the engine's lookup by
 * business key (start-case.ts), so the last two are what keep that shortcut honest.
 */
let stack: TestStack;
const flowKey = uniqueFlowKey('start-case');
const cycle = uniqueCycle('start-case');

beforeAll(async () => {
  stack = await startTestStack();
  await stack.engine.deploy(`${flowKey}.bpmn`, [{ name: `${flowKey}.bpmn`, content: smallFlow(flowKey, [{ id: 'step', name: 'Step', candidateGroups: 'hr' }]) }]);
});

afterAll(async () => {
  await stack?.close();
});

const start = (subjectId: string): CaseStart => ({
  processKey: flowKey, cycle, subjectId, subjectType: 'person', managerId: 'nobody', formVersions: {}, policyVersions: {}, actor: 'hr.test',
});
const instancesOf = (caseId: string) => stack.engine.processInstancesByBusinessKey(flowKey, caseId);

test('a new case starts one instance, and starting it again starts none', async () => {
  const first = await startCase(stack.engine, start('subject-a'));
  expect(first.started).toBe(true);
  const running = await instancesOf(first.caseId);
  expect(running).toHaveLength(1);
  expect(first.reviewCase).toMatchObject({ processInstanceId: running[0]!.id, status: 'running' });

  const again = await startCase(stack.engine, start('subject-a'));
  expect(again).toMatchObject({ caseId: first.caseId, started: false });
  expect(await instancesOf(first.caseId)).toHaveLength(1);
});

test('a start interrupted before the case recorded its instance is finished with that instance', async () => {
  const first = await startCase(stack.engine, start('subject-b'));
  // As if the server had died between the engine's start and the case's update.
  await ReviewCaseModel.updateOne({ _id: first.caseId }, { $set: { status: 'starting' }, $unset: { processInstanceId: 1 } });

  const resumed = await startCase(stack.engine, start('subject-b'));
  const running = await instancesOf(first.caseId);
  expect(running).toHaveLength(1);
  expect(resumed.started).toBe(false);
  expect(await ReviewCaseModel.findById(first.caseId).lean()).toMatchObject({ processInstanceId: running[0]!.id, status: 'running' });
});

test('starts of a new case at once make one instance, and all answer with it', async () => {
  const answers = await Promise.all(Array.from({ length: 5 }, () => startCase(stack.engine, start('subject-c'))));
  const running = await instancesOf(answers[0]!.caseId);
  expect(running).toHaveLength(1);
  expect(answers.filter((answer) => answer.started)).toHaveLength(1);
  for (const answer of answers) expect(answer.reviewCase.processInstanceId).toBe(running[0]!.id);
  expect(await ReviewCaseModel.findById(answers[0]!.caseId).lean()).not.toHaveProperty('startingSince');
});

test('a start that finds the case\'s creator at work waits for its instance instead of starting one', async () => {
  const caseId = caseIdFor(flowKey, cycle, 'subject-d');
  await ReviewCaseModel.create({
    _id: caseId, processKey: flowKey, cycle, subjectId: 'subject-d', subjectType: 'person', managerId: 'nobody',
    formVersions: {}, policyVersions: {}, status: 'starting', launchedBy: 'hr.test', launchedAt: new Date(), startingSince: new Date(),
  });
  const waiting = startCase(stack.engine, start('subject-d'));
  // The creator records its instance a moment later.
  await new Promise((resolve) => setTimeout(resolve, 600));
  await ReviewCaseModel.updateOne({ _id: caseId }, { $set: { processInstanceId: 'the-creators-instance', status: 'running' }, $unset: { startingSince: 1 } });
  const answer = await waiting;
  expect(answer).toMatchObject({ caseId, started: false, reviewCase: { processInstanceId: 'the-creators-instance' } });
  expect(await instancesOf(caseId)).toHaveLength(0);
});

test('a creator whose start the engine refused leaves the case to the next start at once', async () => {
  const brokenKey = uniqueFlowKey('start-case-broken');
  // The step's group comes from a variable the start does not set: the engine refuses the start.
  await stack.engine.deploy(`${brokenKey}.bpmn`, [{ name: `${brokenKey}.bpmn`, content: smallFlow(brokenKey, [{ id: 'step', name: 'Step', candidateGroups: '${noSuchGroupVariable}' }]) }]);
  const brokenStart: CaseStart = { ...start('subject-e'), processKey: brokenKey };
  await expect(startCase(stack.engine, brokenStart)).rejects.toThrow();
  const caseId = caseIdFor(brokenKey, cycle, 'subject-e');
  expect(await ReviewCaseModel.findById(caseId).lean()).toMatchObject({ status: 'starting' });
  expect(await ReviewCaseModel.findById(caseId).lean()).not.toHaveProperty('startingSince');

  await stack.engine.deploy(`${brokenKey}.bpmn`, [{ name: `${brokenKey}.bpmn`, content: smallFlow(brokenKey, [{ id: 'step', name: 'Step', candidateGroups: 'hr' }]) }]);
  const retried = await startCase(stack.engine, brokenStart);
  const running = await stack.engine.processInstancesByBusinessKey(brokenKey, caseId);
  expect(running).toHaveLength(1);
  expect(retried).toMatchObject({ caseId, started: true, reviewCase: { processInstanceId: running[0]!.id, status: 'running' } });
});
