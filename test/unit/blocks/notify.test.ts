import { NOTIFY } from '../../../src/worker/blocks/notify';
import { emptyWorld, fakePorts, reviewCase, taskOf } from './fakes';

const { notifySubject } = NOTIFY;

describe('notify.subject: any flow tells the person it is about', () => {
  function world() {
    const w = emptyWorld();
    w.cases.set('2026:ann:promotion', reviewCase({ _id: '2026:ann:promotion', cycle: '2026', subjectId: 'ann', processKey: 'promotion' }));
    w.cases.set('2026:desk:unit-review', reviewCase({ _id: '2026:desk:unit-review', cycle: '2026', subjectId: 'desk', subjectType: 'unit', processKey: 'unit-review' }));
    return w;
  }

  test('names the flow and the kind the diagram set; a redelivery tells nobody twice', async () => {
    const w = world();
    const task = taskOf({ caseId: '2026:ann:promotion', subjectId: 'ann', notifyKind: 'nominated' });
    expect(await notifySubject.run(task, fakePorts(w))).toEqual({});
    expect(await notifySubject.run(task, fakePorts(w))).toEqual({});
    expect([...w.notifications.values()]).toEqual([{ recipientId: 'ann', caseId: '2026:ann:promotion', kind: 'flow.nominated', params: { flow: 'promotion', cycle: '2026' } }]);
  });

  test('a unit case tells its head; without a kind the message is "finished"', async () => {
    const w = world();
    await notifySubject.run(taskOf({ caseId: '2026:desk:unit-review', subjectId: 'desk', subjectType: 'unit', managerId: 'head' }), fakePorts(w));
    expect([...w.notifications.values()].map((n) => [n.recipientId, n.kind])).toEqual([['head', 'flow.finished']]);
  });

  test('a notifyKind that is not a short name is refused before anyone is told', async () => {
    const w = world();
    await expect(notifySubject.run(taskOf({ caseId: '2026:ann:promotion', subjectId: 'ann', notifyKind: 'x y<script>' }), fakePorts(w))).rejects.toThrow('notifyKind must be a short name');
    expect(w.notifications.size).toBe(0);
  });
});
