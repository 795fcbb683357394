import scoringPolicyFile from '../../../policies/scoring.json';
import type { Appeal } from '../../../src/db/models/appeal';
import { APPEAL } from '../../../src/worker/blocks/appeal';
import { BusinessError } from '../../../src/worker/topic-handler';
import { emptyWorld, fakePorts, NOW, person, reviewCase, submission, taskOf, type World } from './fakes';

const { appealTriage, appealDecide, appealEscalate, appealNotify } = APPEAL;
const CASE = '2026:ann:appeal';

function appealWorld(fields: Partial<Appeal> = {}): World {
  const world = emptyWorld();
  world.policies.set('scoring@1', scoringPolicyFile.body);
  world.cases.set(CASE, reviewCase({ _id: CASE, cycle: '2026', subjectId: 'ann', processKey: 'appeal' }));
  world.appeals.set(CASE, {
    _id: CASE, cycle: '2026', personId: 'ann', filing: { grounds: 'my targets moved' }, filingForm: { key: 'appeal-filing', version: 1 }, filedAt: NOW,
    ratingAtFiling: 'C', status: 'filed', ...fields,
  });
  return world;
}

describe('appeal.triage', () => {
  test('accepted: the appeal goes to the panel and the gateway reads admissible', async () => {
    const world = appealWorld();
    world.submissions.set('t-tri', submission('t-tri', 'appeal-triage', { decision: 'accept', reasons: 'within the window' }, 'hr1'));
    expect(await appealTriage.run(taskOf({ caseId: CASE, appealTriageSubmissionId: 't-tri' }), fakePorts(world))).toEqual({ admissible: true });
    expect(world.appeals.get(CASE)).toEqual(expect.objectContaining({ status: 'under-review', triage: { decision: 'accept', reasons: 'within the window', by: 'hr1', at: NOW, taskId: 't-tri' } }));
  });

  test('anything but accept is a rejection; a redelivery writes the same triage again', async () => {
    const world = appealWorld();
    world.submissions.set('t-tri', submission('t-tri', 'appeal-triage', { decision: 'reject', reasons: 'late' }, 'hr1'));
    const task = taskOf({ caseId: CASE, appealTriageSubmissionId: 't-tri' });
    expect(await appealTriage.run(task, fakePorts(world))).toEqual({ admissible: false });
    const first = world.appeals.get(CASE);
    expect(await appealTriage.run(task, fakePorts(world))).toEqual({ admissible: false });
    expect(world.appeals.get(CASE)).toEqual(first);
    expect(first!.status).toBe('rejected');
  });
});

describe('appeal.decide', () => {
  test('upheld: the new rating becomes the person\'s appeal score, from the rating at filing', async () => {
    const world = appealWorld({ status: 'under-review' });
    world.submissions.set('t-dec', submission('t-dec', 'appeal-decision', { outcome: 'upheld', newRating: 'B', reasons: 'targets moved mid-year' }, 'panel1'));
    const task = taskOf({ caseId: CASE, appealDecisionSubmissionId: 't-dec' });
    expect(await appealDecide.run(task, fakePorts(world))).toEqual({ upheld: true, appealRating: 'B' });
    expect(world.scores.get('2026:ann:appeal')).toEqual(expect.objectContaining({
      step: 'appeal', rating: 'B', deliveries: 1,
      explanation: { kind: 'appeal', fromRating: 'C', toRating: 'B', reason: 'targets moved mid-year', decidedBy: 'panel1', decisionRef: CASE },
    }));
    // A redelivery decides from the rating at filing again, not from the appeal score it wrote.
    expect(await appealDecide.run(task, fakePorts(world))).toEqual({ upheld: true, appealRating: 'B' });
    expect(world.appeals.get(CASE)!.decision).toEqual(expect.objectContaining({ ratingBefore: 'C', ratingAfter: 'B' }));
    expect(world.appeals.get(CASE)!.status).toBe('upheld');
  });

  test('dismissed: the rating stays and no appeal score is written', async () => {
    const world = appealWorld({ status: 'under-review' });
    world.submissions.set('t-dec', submission('t-dec', 'appeal-decision', { outcome: 'dismissed', reasons: 'no new facts' }, 'panel1'));
    expect(await appealDecide.run(taskOf({ caseId: CASE, appealDecisionSubmissionId: 't-dec' }), fakePorts(world))).toEqual({ upheld: false, appealRating: 'C' });
    expect(world.scores.size).toBe(0);
  });

  test('upheld to a rating the pinned policy does not know is a business error, and nothing is written', async () => {
    const world = appealWorld({ status: 'under-review' });
    world.submissions.set('t-dec', submission('t-dec', 'appeal-decision', { outcome: 'upheld', newRating: 'Z', reasons: 'x' }, 'panel1'));
    const failure = await appealDecide.run(taskOf({ caseId: CASE, appealDecisionSubmissionId: 't-dec' }), fakePorts(world)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BusinessError);
    expect((failure as BusinessError).code).toBe('INVALID_DECISION');
    expect(world.scores.size).toBe(0);
    expect(world.appeals.get(CASE)!.status).toBe('under-review');
  });
});

describe('appeal.escalate', () => {
  test('marks the case once and tells HR and the committee once, however often it is delivered', async () => {
    const world = appealWorld();
    world.people.set('hr1', person('hr1', { roles: ['hr'] }));
    world.people.set('cc1', person('cc1', { roles: ['comp-committee'] }));
    world.people.set('hr-gone', person('hr-gone', { roles: ['hr'], active: false }));
    world.cases.set(CASE, { ...world.cases.get(CASE)!, escalatedAt: new Date('2026-02-01T00:00:00Z') });
    const task = taskOf({ caseId: CASE, subjectId: 'ann' });
    await appealEscalate.run(task, fakePorts(world));
    await appealEscalate.run(task, fakePorts(world));
    expect(world.cases.get(CASE)!.escalatedAt).toEqual(new Date('2026-02-01T00:00:00Z'));
    expect([...world.notifications.values()].map((n) => [n.recipientId, n.kind])).toEqual([['hr1', 'appeal.escalated'], ['cc1', 'appeal.escalated']]);
  });
});

describe('appeal.notify', () => {
  test('a rejected appeal tells the triage\'s reasons and the rating at filing, and closes the case', async () => {
    const world = appealWorld({ status: 'rejected', triage: { decision: 'reject', reasons: 'late', by: 'hr1', at: NOW, taskId: 't' } });
    expect(await appealNotify.run(taskOf({ caseId: CASE }), fakePorts(world))).toEqual({});
    expect([...world.notifications.values()]).toEqual([{ recipientId: 'ann', caseId: CASE, kind: 'appeal.rejected', params: { reasons: 'late', rating: 'C' } }]);
    expect(world.cases.get(CASE)!.status).toBe('closed');
  });

  test('an upheld appeal tells the new rating', async () => {
    const world = appealWorld({ status: 'upheld', decision: { outcome: 'upheld', ratingBefore: 'C', ratingAfter: 'B', reasons: 'moved', by: 'p', at: NOW, taskId: 't' } });
    await appealNotify.run(taskOf({ caseId: CASE }), fakePorts(world));
    expect([...world.notifications.values()].map((n) => [n.kind, n.params.rating])).toEqual([['appeal.upheld', 'B']]);
  });

  test('an unknown appeal fails', async () => {
    await expect(appealNotify.run(taskOf({ caseId: 'nope' }), fakePorts(appealWorld()))).rejects.toThrow('appeal nope not found');
  });
});
