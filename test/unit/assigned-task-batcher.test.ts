import { AssignedTaskBatcher } from '../../src/server/tasks/assigned-task-batcher';
import type { EngineTask } from '../../src/server/engine-client';

const task = (id: string, assignee: string, created: string): EngineTask =>
  ({ id, name: id, assignee, created, due: null, followUp: null, processInstanceId: `p-${id}`, processDefinitionId: 'performance-review:1:x', taskDefinitionKey: 'step', formKey: null });

/** An engine stand-in holding open tasks; each query is answered when the test lets it go. */
function fakeTasklist(open: EngineTask[]) {
  const queries: { assignees: string[]; max: number; release: () => void }[] = [];
  const query = (assignees: string[], max: number) => new Promise<EngineTask[]>((resolve) => {
    queries.push({
      assignees, max,
      release: () => resolve(open.filter((t) => assignees.includes(t.assignee!)).sort((a, b) => a.created.localeCompare(b.created)).slice(0, max)),
    });
  });
  return { queries, query };
}

const tick = () => new Promise((r) => setImmediate(r));

test('polls that arrive while a query runs share the next query, and each person gets only their own tasks', async () => {
  const open = [task('a1', 'ann', '1'), task('b1', 'bo', '2'), task('c1', 'cy', '3'), task('b2', 'bo', '4')];
  const engine = fakeTasklist(open);
  const batcher = new AssignedTaskBatcher(engine.query, 200);

  const ann = batcher.tasksOf('ann');
  const bo = batcher.tasksOf('bo');
  const cy = batcher.tasksOf('cy');
  await tick();
  expect(engine.queries.map((q) => q.assignees)).toEqual([['ann']]);
  engine.queries[0]!.release();
  await tick();
  expect(engine.queries.map((q) => q.assignees)).toEqual([['ann'], ['bo', 'cy']]);
  engine.queries[1]!.release();

  expect((await ann).map((t) => t.id)).toEqual(['a1']);
  expect((await bo).map((t) => t.id)).toEqual(['b1', 'b2']);
  expect((await cy).map((t) => t.id)).toEqual(['c1']);
});

test('a poll made after a change is answered by a query that started after it, never by one already running', async () => {
  const open = [task('a1', 'ann', '1')];
  const engine = fakeTasklist(open);
  const batcher = new AssignedTaskBatcher(engine.query, 200);

  const before = batcher.tasksOf('ann');
  await tick();
  // Ann completes a1 while the first query runs, then looks again.
  open.length = 0;
  const after = batcher.tasksOf('ann');
  engine.queries[0]!.release();
  await tick();
  engine.queries[1]!.release();

  expect((await after).map((t) => t.id)).toEqual([]);
  expect(engine.queries).toHaveLength(2);
  await before;
});

test('when the shared answer fills its limit, each person is asked alone so nobody loses their oldest tasks', async () => {
  const open = [task('a1', 'ann', '1'), task('a2', 'ann', '2'), task('a3', 'ann', '3'), task('b1', 'bo', '9')];
  const engine = fakeTasklist(open);
  const batcher = new AssignedTaskBatcher(engine.query, 2);

  const first = batcher.tasksOf('zed');
  await tick();
  const ann = batcher.tasksOf('ann');
  const bo = batcher.tasksOf('bo');
  engine.queries[0]!.release();
  await first;
  await tick();
  // ann and bo together: limit 4, and ann's three plus bo's one fill it.
  expect(engine.queries[1]!.max).toBe(4);
  engine.queries[1]!.release();
  await tick();
  for (const q of engine.queries.slice(2)) q.release();

  expect(engine.queries.slice(2).map((q) => q.assignees)).toEqual([['ann'], ['bo']]);
  expect((await ann).map((t) => t.id)).toEqual(['a1', 'a2']);
  expect((await bo).map((t) => t.id)).toEqual(['b1']);
});

test('a failed query fails the polls that waited for it, and the next poll is asked again', async () => {
  let fail = true;
  const batcher = new AssignedTaskBatcher(async (assignees) => {
    if (fail) throw new Error('engine unavailable');
    return assignees.map((a, i) => task(`${a}-${i}`, a, String(i)));
  }, 200);

  await expect(batcher.tasksOf('ann')).rejects.toThrow('engine unavailable');
  fail = false;
  expect((await batcher.tasksOf('ann')).map((t) => t.id)).toEqual(['ann-0']);
});

test('with two queries allowed, a poll arriving while one runs starts the second at once; a third waits for either', async () => {
  const open = [task('a1', 'ann', '1'), task('b1', 'bo', '2'), task('c1', 'cy', '3'), task('d1', 'di', '4')];
  const engine = fakeTasklist(open);
  const batcher = new AssignedTaskBatcher(engine.query, 200, 100, 2);

  const ann = batcher.tasksOf('ann');
  await tick();
  const bo = batcher.tasksOf('bo');
  await tick();
  const cy = batcher.tasksOf('cy');
  const di = batcher.tasksOf('di');
  await tick();
  expect(engine.queries.map((q) => q.assignees)).toEqual([['ann'], ['bo']]);
  // The second ends first: cy and di go together in the next, while the first still runs.
  engine.queries[1]!.release();
  await tick();
  await tick();
  expect(engine.queries.map((q) => q.assignees)).toEqual([['ann'], ['bo'], ['cy', 'di']]);
  engine.queries[2]!.release();
  engine.queries[0]!.release();
  expect((await ann).map((t) => t.id)).toEqual(['a1']);
  expect((await bo).map((t) => t.id)).toEqual(['b1']);
  expect((await cy).map((t) => t.id)).toEqual(['c1']);
  expect((await di).map((t) => t.id)).toEqual(['d1']);
});
