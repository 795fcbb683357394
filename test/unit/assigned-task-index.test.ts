import { AssignedTaskIndex, type AssignedTaskSource } from '../../src/server/tasks/assigned-task-index';
import type { EngineTask } from '../../src/server/engine-client';

/**
 * An engine stand-in: open tasks stamped with their last change, ended tasks stamped with their
 * end, deployed definitions counted, on a clock the test moves. Every read is recorded; a read can
 * be held back to finish after something else happened (a read begun before a change).
 */
function fakeEngine() {
  let clock = 1_000_000;
  const open = new Map<string, { task: EngineTask; changedAt: number }>();
  const ended = new Map<string, number>();
  const reads: string[] = [];
  let definitions = 5;
  let holdNext: Promise<void> | null = null;
  const answer = async <T>(name: string, compute: () => T): Promise<T> => {
    reads.push(name);
    const result = compute();
    const hold = holdNext;
    holdNext = null;
    if (hold) await hold;
    return result;
  };
  const source: AssignedTaskSource = {
    tasksAssignedToAny: (assignees, max) => answer(`assigned:${assignees.join(',')}`, () =>
      [...open.values()].map((o) => o.task).filter((t) => t.assignee !== null && assignees.includes(t.assignee)).sort((a, b) => a.created.localeCompare(b.created)).slice(0, max)),
    tasksChangedAfter: (after, max) => answer('changed', () => [...open.values()].filter((o) => o.changedAt > after.getTime()).map((o) => o.task).slice(0, max)),
    tasksEndedAfter: (after, max) => answer('ended', () => [...ended].filter(([, at]) => at > after.getTime()).map(([id]) => ({ id })).slice(0, max)),
    processDefinitionCount: () => answer('definitions', () => definitions),
  };
  return {
    source,
    reads,
    now: () => clock,
    pass: (ms: number) => { clock += ms; },
    create: (id: string, assignee: string | null) => {
      open.set(id, { task: { id, name: id, assignee, created: new Date(clock).toISOString(), due: null, followUp: null, processInstanceId: `p-${id}`, processDefinitionId: 'review:1:x', taskDefinitionKey: 'step', formKey: null }, changedAt: clock });
    },
    assign: (id: string, assignee: string | null) => {
      const o = open.get(id)!;
      open.set(id, { task: { ...o.task, assignee }, changedAt: clock });
    },
    end: (id: string) => {
      open.delete(id);
      ended.set(id, clock);
    },
    /** A definition deleted with cascade: its tasks and their history vanish without a trace. */
    deleteDefinitionWith: (ids: string[]) => {
      for (const id of ids) open.delete(id);
      definitions--;
    },
    holdNextRead: () => {
      let release!: () => void;
      holdNext = new Promise((resolve) => { release = resolve; });
      return release;
    },
  };
}

const ids = (tasks: EngineTask[]) => tasks.map((t) => t.id);
const settle = () => new Promise((resolve) => setImmediate(resolve));

test('the first poll reads the person\'s tasks; polls within the second after answer from the index without asking the engine', async () => {
  const engine = fakeEngine();
  engine.create('a1', 'ann');
  engine.pass(10);
  engine.create('b1', 'bo');
  const index = new AssignedTaskIndex(engine.source, 200, engine.now);

  expect(ids(await index.tasksOf('ann'))).toEqual(['a1']);
  const readsAfterFirst = engine.reads.length;
  engine.pass(300);
  expect(ids(await index.tasksOf('ann'))).toEqual(['a1']);
  expect(engine.reads.length).toBe(readsAfterFirst);
});

test('people polling together are read in one query', async () => {
  const engine = fakeEngine();
  engine.create('a1', 'ann');
  engine.create('b1', 'bo');
  const index = new AssignedTaskIndex(engine.source, 200, engine.now);
  const [ann, bo, cy] = await Promise.all([index.tasksOf('ann'), index.tasksOf('bo'), index.tasksOf('cy')]);
  expect([ids(ann), ids(bo), ids(cy)]).toEqual([['a1'], ['b1'], []]);
  expect(engine.reads.filter((r) => r.startsWith('assigned:'))).toEqual(['assigned:ann,bo,cy']);
});

test('a task the engine creates or hands to a held person shows within a second, and leaves the one it was taken from', async () => {
  const engine = fakeEngine();
  engine.create('a1', 'ann');
  const index = new AssignedTaskIndex(engine.source, 200, engine.now);
  await Promise.all([index.tasksOf('ann'), index.tasksOf('bo')]);

  engine.pass(100);
  engine.create('b1', 'bo');
  engine.assign('a1', 'bo');
  engine.pass(1_100);
  // Past the second: the poll waits for a round, which reads what changed since the last.
  expect(ids(await index.tasksOf('bo'))).toEqual(['a1', 'b1']);
  expect(ids(await index.tasksOf('ann'))).toEqual([]);
  expect(engine.reads).not.toContain('assigned:bo');
});

test('a task that ended in the engine leaves the inbox; one given back to its group too', async () => {
  const engine = fakeEngine();
  engine.create('a1', 'ann');
  engine.create('a2', 'ann');
  const index = new AssignedTaskIndex(engine.source, 200, engine.now);
  expect(ids(await index.tasksOf('ann'))).toEqual(['a1', 'a2']);
  engine.pass(200);
  engine.end('a1');
  engine.assign('a2', null);
  engine.pass(1_000);
  expect(ids(await index.tasksOf('ann'))).toEqual([]);
});

test('a completion through this server shows at once, and a read begun before it does not bring the task back', async () => {
  const engine = fakeEngine();
  engine.create('a1', 'ann');
  const index = new AssignedTaskIndex(engine.source, 200, engine.now);
  await index.tasksOf('ann');

  engine.pass(1_200);
  // A round begins and reads the engine before the completion commits…
  const release = engine.holdNextRead();
  const polled = index.tasksOf('ann');
  await settle();
  engine.end('a1');
  // …and this server completes the task while that read is still on its way.
  index.changedHere({ taskId: 'a1', from: 'ann', ended: true });
  release();
  expect(ids(await polled)).toEqual([]);
  expect(ids(await index.tasksOf('ann'))).toEqual([]);
});

test('after a change through this server the person waits for a round begun after it: the step the engine gave them next is there', async () => {
  const engine = fakeEngine();
  engine.create('a1', 'ann');
  const index = new AssignedTaskIndex(engine.source, 200, engine.now);
  await index.tasksOf('ann');

  engine.pass(50);
  engine.end('a1');
  engine.create('a2', 'ann');
  index.changedHere({ taskId: 'a1', from: 'ann', ended: true });
  engine.pass(50);
  // Well within the second, yet the answer is not the index's: it waited for the engine.
  expect(ids(await index.tasksOf('ann'))).toEqual(['a2']);
});

test('a claim through this server shows in the claimer\'s next answer', async () => {
  const engine = fakeEngine();
  engine.create('g1', null);
  const index = new AssignedTaskIndex(engine.source, 200, engine.now);
  expect(ids(await index.tasksOf('ann'))).toEqual([]);
  engine.pass(100);
  engine.assign('g1', 'ann');
  index.changedHere({ taskId: 'g1', to: 'ann' });
  expect(ids(await index.tasksOf('ann'))).toEqual(['g1']);
});

test('a deleted definition takes its tasks without history: everyone held is read again', async () => {
  const engine = fakeEngine();
  engine.create('a1', 'ann');
  engine.create('a2', 'ann');
  const index = new AssignedTaskIndex(engine.source, 200, engine.now);
  await index.tasksOf('ann');
  engine.pass(1_200);
  await index.tasksOf('ann');
  engine.deleteDefinitionWith(['a1']);
  engine.pass(1_200);
  // This round sees the count fall and starts over; the next answer is the engine's list.
  await index.tasksOf('ann');
  engine.pass(100);
  expect(ids(await index.tasksOf('ann'))).toEqual(['a2']);
});

test('a person with more tasks than a page is read alone, and read again when one of theirs leaves', async () => {
  const engine = fakeEngine();
  for (const n of [1, 2, 3]) {
    engine.create(`a${n}`, 'ann');
    engine.pass(1);
  }
  engine.create('b1', 'bo');
  const index = new AssignedTaskIndex(engine.source, 2, engine.now);
  const [ann, bo] = await Promise.all([index.tasksOf('ann'), index.tasksOf('bo')]);
  expect([ids(ann), ids(bo)]).toEqual([['a1', 'a2'], ['b1']]);

  engine.pass(100);
  engine.end('a1');
  index.changedHere({ taskId: 'a1', from: 'ann', ended: true });
  expect(ids(await index.tasksOf('ann'))).toEqual(['a2', 'a3']);
});

test('after a long pause the index starts over instead of reading every change since', async () => {
  const engine = fakeEngine();
  engine.create('a1', 'ann');
  const index = new AssignedTaskIndex(engine.source, 200, engine.now);
  await index.tasksOf('ann');
  engine.pass(120_000);
  engine.create('a2', 'ann');
  engine.reads.length = 0;
  expect(ids(await index.tasksOf('ann'))).toEqual(['a1', 'a2']);
  expect(engine.reads).not.toContain('changed');
  expect(engine.reads).toContain('assigned:ann');
});
