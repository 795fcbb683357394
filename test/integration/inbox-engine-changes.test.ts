import { HttpUser } from '../support/http-user';
import { smallFlow, uniqueFlowKey } from '../support/small-flow';
import { eventually, startTestStack, type TestStack } from '../support/stack';

/**
 * The inbox keeps each person's assigned tasks from the engine's record of what changed
 * (tasks/assigned-task-index.ts). Changes made outside this server (by the engine, the worker or
 * another server node) reach a person's inbox through it: a task handed to them, taken from them,
 * ended, and tasks that vanish with their deleted definition. The engine's task is changed here
 * with its own REST calls, not the server's routes, so this server learns each change only that way.
 */
let stack: TestStack;
let hr: HttpUser;
const flowKey = uniqueFlowKey('inbox-index');

beforeAll(async () => {
  stack = await startTestStack();
  hr = await HttpUser.signIn(stack.baseUrl, 'hr');
  await stack.engine.deploy(`${flowKey}.bpmn`, [{ name: `${flowKey}.bpmn`, content: smallFlow(flowKey, [{ id: 'first', name: 'First' }, { id: 'second', name: 'Second' }]) }]);
});

afterAll(async () => {
  await stack?.close();
});

const inboxIds = async () => (await hr.inbox()).map((t) => t.id);
const openStep = async (instanceId: string) => (await stack.engine.tasksOfProcess(instanceId))[0]!;

test('a task the engine hands to a person, moves on from, or gives to someone else shows in their inbox without a request of theirs changing it', async () => {
  // The person has looked at their inbox: from now on it is kept, not asked for on each poll.
  await inboxIds();
  const instance = await stack.engine.startProcess(flowKey, `inbox-index-${Date.now()}`, {});
  const first = await openStep(instance.id);
  await stack.engine.setAssignee(first.id, hr.id);
  await eventually('the handed task in the inbox', async () => (await inboxIds()).includes(first.id), 30_000);

  // The engine completes it and assigns the next step to the same person.
  await stack.engine.completeTask(first.id, {});
  const second = await openStep(instance.id);
  await stack.engine.setAssignee(second.id, hr.id);
  await eventually('the completed task gone, the next one there', async () => {
    const ids = await inboxIds();
    return !ids.includes(first.id) && ids.includes(second.id);
  }, 30_000);

  // Handed to someone else: it leaves.
  await stack.engine.setAssignee(second.id, 'someone-else');
  await eventually('the task handed on gone', async () => !(await inboxIds()).includes(second.id), 30_000);
});

test('tasks whose definition is deleted with its instances and their history leave the inbox', async () => {
  const key = uniqueFlowKey('inbox-index-gone');
  await stack.engine.deploy(`${key}.bpmn`, [{ name: `${key}.bpmn`, content: smallFlow(key, [{ id: 'only', name: 'Only' }]) }]);
  const instance = await stack.engine.startProcess(key, `inbox-index-gone-${Date.now()}`, {});
  const task = await openStep(instance.id);
  await stack.engine.setAssignee(task.id, hr.id);
  await eventually('the task in the inbox', async () => (await inboxIds()).includes(task.id), 30_000);

  const engineUrl = (stack.engine as unknown as { baseUrl: string }).baseUrl;
  const auth = (stack.engine as unknown as { authorization?: string }).authorization;
  const response = await fetch(`${engineUrl}/process-definition/key/${key}/delete?cascade=true&skipCustomListeners=true`, { method: 'DELETE', headers: auth ? { authorization: auth } : {} });
  expect(response.ok).toBe(true);
  await eventually('the task gone with its definition', async () => !(await inboxIds()).includes(task.id), 30_000);
});
