import type { EngineClient, EngineTask } from '../../src/server/engine-client';
import { forgetGroupQueues, inboxTasks, recentlyOfferedTo } from '../../src/server/tasks/inbox-tasks';

const task = (id: string): EngineTask =>
  ({ id, name: id, assignee: null, created: '2026-12-01T00:00:00.000+0000', due: null, followUp: null, processInstanceId: `p-${id}`, processDefinitionId: 'appeal:1:x', taskDefinitionKey: 'triage', formKey: null });

/** The engine reads an inbox poll makes, answered from fixed queues (nobody has a task of their own). */
function tasklist(queues: Record<string, EngineTask[]>) {
  return {
    tasksAssignedToAny: async () => [],
    tasksChangedAfter: async () => [],
    tasksEndedAfter: async () => [],
    processDefinitionCount: async () => 1,
    tasksOfferedToGroup: async (group: string) => queues[group] ?? [],
    processVariables: async () => [],
  } as unknown as EngineClient;
}

beforeEach(() => forgetGroupQueues());

test('a task the engine listed in one of my groups\' queues a moment ago is known offered to me; another group\'s is not', async () => {
  await inboxTasks(tasklist({ hr: [task('t1')], committee: [task('t2')] }), 'ann', ['hr']);
  expect(recentlyOfferedTo('t1', ['hr'])).toBe(true);
  expect(recentlyOfferedTo('t1', ['employee'])).toBe(false);
  expect(recentlyOfferedTo('t2', ['hr'])).toBe(false);
});

test('nothing is known once the queues are forgotten (a claim) or a second has passed', async () => {
  await inboxTasks(tasklist({ hr: [task('t1')] }), 'ann', ['hr']);
  forgetGroupQueues();
  expect(recentlyOfferedTo('t1', ['hr'])).toBe(false);

  jest.useFakeTimers({ now: Date.now(), doNotFake: ['setImmediate', 'nextTick'] });
  try {
    await inboxTasks(tasklist({ hr: [task('t1')] }), 'ann', ['hr']);
    expect(recentlyOfferedTo('t1', ['hr'])).toBe(true);
    jest.setSystemTime(Date.now() + 1_000);
    expect(recentlyOfferedTo('t1', ['hr'])).toBe(false);
  } finally {
    jest.useRealTimers();
  }
});
