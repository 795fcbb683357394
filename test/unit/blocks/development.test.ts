import { BLOCKS } from '../../../src/worker/handlers';
import { emptyWorld, fakePorts, NOW, person, reviewCase, submission, taskOf } from './fakes';

const { developmentRecordPlan, developmentRecordAcknowledgement } = BLOCKS;
const CASE = '2026-H1:E0101:feedback-meeting';

function world() {
  const w = emptyWorld();
  w.people.set('E0101', person('E0101', { unitId: 'CB', managerId: 'M0001' }));
  w.cases.set(CASE, reviewCase({ _id: CASE, cycle: '2026-H1', subjectId: 'E0101', processKey: 'feedback-meeting', managerId: 'M0001', policyVersions: { 'development-catalogue': 2 } }));
  w.submissions.set('t-meeting', submission('t-meeting', 'feedback-meeting', {
    strengths: 'Clients trust her advice',
    gaps: [{ gap: 'Objection handling', cause: 'New to wealth products', category: 'client-communication' }],
    commitments: [
      { what: 'Complaint handling course', kind: 'training', owner: 'E0101', dueDate: '2026-09-30' },
      { what: 'Lead the Q4 client event', kind: 'stretch', owner: 'M0001', dueDate: '2026-12-31' },
    ],
  }, 'M0001'));
  w.submissions.set('t-ack', submission('t-ack', 'feedback-acknowledgement', { agreement: 'comment', comment: 'I would add a mentor' }, 'E0101'));
  return w;
}

test('development.record-plan keeps the meeting and turns each commitment into a plan item with its owner and due date', async () => {
  const w = world();
  const out = await developmentRecordPlan.run(taskOf({ caseId: CASE, feedbackMeetingSubmissionId: 't-meeting' }), fakePorts(w));
  expect(out).toEqual({ planItemCount: 2 });
  expect(w.developmentPlans.get('2026-H1:E0101')).toMatchObject({
    unitId: 'CB', managerId: 'M0001', catalogue: { key: 'development-catalogue', version: 2 },
    meeting: { strengths: 'Clients trust her advice', gaps: [{ gap: 'Objection handling', cause: 'New to wealth products', category: 'client-communication' }], recordedBy: 'M0001' },
  });
  expect([...w.developmentItems.values()].map(({ _id, kind, ownerId, dueDate, status }) => ({ _id, kind, ownerId, dueDate, status }))).toEqual([
    { _id: '2026-H1:E0101:1', kind: 'training', ownerId: 'E0101', dueDate: '2026-09-30', status: 'not-started' },
    { _id: '2026-H1:E0101:2', kind: 'stretch', ownerId: 'M0001', dueDate: '2026-12-31', status: 'not-started' },
  ]);
  expect(w.audit.map((e) => e.action)).toEqual(['development.plan-recorded']);
});

test('a second delivery adds no item and keeps the progress the employee marked since', async () => {
  const w = world();
  const ports = fakePorts(w);
  const task = taskOf({ caseId: CASE, feedbackMeetingSubmissionId: 't-meeting' });
  await developmentRecordPlan.run(task, ports);
  const first = w.developmentItems.get('2026-H1:E0101:1')!;
  w.developmentItems.set(first._id, { ...first, status: 'in-progress', progress: [{ status: 'in-progress', note: 'Booked', by: 'E0101', at: NOW }] });
  await developmentRecordPlan.run(task, ports);
  expect(w.developmentItems.size).toBe(2);
  expect(w.developmentItems.get('2026-H1:E0101:1')!.status).toBe('in-progress');
});

test('a meeting whose commitment names a day that does not exist is refused (a fault), writing nothing', async () => {
  const w = world();
  w.submissions.set('t-bad', submission('t-bad', 'feedback-meeting', { strengths: 'x', gaps: [], commitments: [{ what: 'x', kind: 'training', owner: 'E0101', dueDate: '2026-02-30' }] }, 'M0001'));
  await expect(developmentRecordPlan.run(taskOf({ caseId: CASE, feedbackMeetingSubmissionId: 't-bad' }), fakePorts(w))).rejects.toThrow('2026-02-30');
  expect(w.developmentPlans.size).toBe(0);
});

test('development.record-acknowledgement keeps the employee\'s comment on the plan and tells the flow they did not simply agree', async () => {
  const w = world();
  const ports = fakePorts(w);
  await developmentRecordPlan.run(taskOf({ caseId: CASE, feedbackMeetingSubmissionId: 't-meeting' }), ports);
  const out = await developmentRecordAcknowledgement.run(taskOf({ caseId: CASE, feedbackAcknowledgementSubmissionId: 't-ack' }), ports);
  expect(out).toEqual({ employeeAgrees: false });
  expect(w.developmentPlans.get('2026-H1:E0101')!.acknowledgement).toEqual({ submissionId: 't-ack', agrees: false, comment: 'I would add a mentor', at: NOW });
});
