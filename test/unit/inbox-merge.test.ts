import { mergeInbox } from '../../src/server/tasks/inbox-tasks';
import type { EngineTask } from '../../src/server/engine-client';

const task = (id: string, created: string, assignee: string | null = null): EngineTask => ({
  id, name: id, assignee, created, due: null, followUp: null, processInstanceId: `p-${id}`, processDefinitionId: 'performance-review:1:x', taskDefinitionKey: 'step', formKey: null,
});

test('own tasks and every group queue come together once each, oldest first', () => {
  const own = [task('mine-2', '2026-11-02T09:00:00.000+0000', 'E1'), task('mine-1', '2026-11-01T09:00:00.000+0000', 'E1')];
  const hr = [task('hr-1', '2026-11-01T10:00:00.000+0000'), task('both', '2026-11-03T09:00:00.000+0000')];
  const hrbp = [task('both', '2026-11-03T09:00:00.000+0000')];
  expect(mergeInbox(own, [hr, hrbp]).map((t) => t.id)).toEqual(['mine-1', 'hr-1', 'mine-2', 'both']);
});

test('at most the page size, keeping the oldest', () => {
  const queue = Array.from({ length: 5 }, (_, i) => task(`t${i}`, `2026-11-0${i + 1}T09:00:00.000+0000`));
  expect(mergeInbox([], [queue.slice().reverse()], 3).map((t) => t.id)).toEqual(['t0', 't1', 't2']);
});
