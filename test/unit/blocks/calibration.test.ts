import calibrationPolicyFile from '../../../policies/calibration.json';
import type { Score } from '../../../src/db/models/score';
import { EngineError } from '../../../src/platform/engine-client';
import { CALIBRATION } from '../../../src/worker/blocks/calibration';
import { emptyWorld, fakePorts, NOW, person, reviewCase, submission, taskOf, type World } from './fakes';

const { calibrationGather, calibrationCheck, calibrationDecide, calibrationApply, calibrationNotify } = CALIBRATION;

const CYCLE = '2026';
const CASE = '2026:desk:calibration';
const CAL = '2026:desk';

function final(subjectId: string, rating: string, score: number, step: Score['step'] = 'final'): Score {
  return {
    _id: `${CYCLE}:${subjectId}:${step}`, cycle: CYCLE, subjectId, step, caseId: `${CYCLE}:${subjectId}`, score, rating,
    explanation: {} as Score['explanation'], sourceSubmissionTaskId: 't', computedAt: NOW, deliveries: 1,
  };
}

// The desk (head: hd) has three finalized reviews — ann B 3.6, bob C 3.0, cal A 4.5 — and dan's,
// still running. Three people are fewer than the policy's 10: the curve (10/20/40/20/10 ± 5) is advisory.
function desk(): World {
  const world = emptyWorld();
  world.policies.set('calibration@1', calibrationPolicyFile.body);
  world.units.set('desk', { _id: 'desk', name: { en: 'Desk', 'zh-CN': '交易台' }, businessLine: 'front', headId: 'hd' });
  world.cases.set(CASE, reviewCase({ _id: CASE, cycle: CYCLE, subjectId: 'desk', processKey: 'calibration', policyVersions: { calibration: 1 } }));
  for (const [id, status] of [['hd', 'finalized'], ['ann', 'finalized'], ['bob', 'finalized'], ['cal', 'finalized'], ['dan', 'running']] as const) {
    world.people.set(id, person(id, { unitId: 'desk' }));
    world.cases.set(`${CYCLE}:${id}`, reviewCase({ _id: `${CYCLE}:${id}`, cycle: CYCLE, subjectId: id, status, processInstanceId: `pi-${id}` }));
  }
  world.scores.set(`${CYCLE}:ann:final`, final('ann', 'B', 3.6));
  world.scores.set(`${CYCLE}:bob:final`, final('bob', 'C', 3.0));
  world.scores.set(`${CYCLE}:cal:final`, final('cal', 'A', 4.5));
  world.scores.set(`${CYCLE}:hd:final`, final('hd', 'A', 4.8));
  return world;
}

const task = (fields: Record<string, unknown> = {}) => taskOf({ caseId: CASE, ...fields });

async function gathered(): Promise<World> {
  const world = desk();
  await calibrationGather.run(task(), fakePorts(world));
  return world;
}

async function judged(changes: unknown[]): Promise<World> {
  const world = await gathered();
  world.submissions.set('meet-1', submission('meet-1', 'calibration-meeting', { changes, meetingNotes: 'Q4 meeting' }, 'hd'));
  await calibrationCheck.run(task({ calibrationMeetingSubmissionId: 'meet-1' }), fakePorts(world));
  return world;
}

async function approved(): Promise<World> {
  const world = await judged([{ personId: 'cal', toRating: 'B', reason: 'one strong quarter' }]);
  world.submissions.set('hrbp-1', submission('hrbp-1', 'calibration-approval', { decision: 'approve' }, 'hrbp'));
  await calibrationDecide.run(task({ calibrationApprovalSubmissionId: 'hrbp-1' }), fakePorts(world));
  return world;
}

describe('calibration.gather', () => {
  test('collects the three finalized reviews (not the head\'s, not dan\'s running one) against the curve', async () => {
    const world = desk();
    expect(await calibrationGather.run(task(), fakePorts(world))).toEqual({ groupSize: 3, curveBinding: false });
    expect(world.calibrations.get(CAL)).toEqual(expect.objectContaining({
      status: 'meeting', policy: { key: 'calibration', version: 1 }, rounds: [], final: [],
      people: [{ personId: 'ann', score: 3.6, proposedRating: 'B' }, { personId: 'bob', score: 3.0, proposedRating: 'C' }, { personId: 'cal', score: 4.5, proposedRating: 'A' }],
    }));
    expect(world.audit.map((e) => e.action)).toEqual(['calibration.gathered']);
  });

  test('a redelivery finds the calibration and changes nothing', async () => {
    const world = await gathered();
    world.scores.set(`${CYCLE}:ann:final`, final('ann', 'E', 1.0));
    expect(await calibrationGather.run(task(), fakePorts(world))).toEqual({ groupSize: 3, curveBinding: false });
    expect(world.calibrations.get(CAL)!.people[0]).toEqual({ personId: 'ann', score: 3.6, proposedRating: 'B' });
    expect(world.audit).toHaveLength(1);
  });
});

describe('calibration.check', () => {
  test('cal A → B with a reason is accepted as round 1; the curve is advisory for three people', async () => {
    const world = await gathered();
    world.submissions.set('meet-1', submission('meet-1', 'calibration-meeting', { changes: [{ personId: 'cal', toRating: 'B', reason: 'one strong quarter' }] }, 'hd'));
    expect(await calibrationCheck.run(task({ calibrationMeetingSubmissionId: 'meet-1' }), fakePorts(world))).toEqual({ meetingAccepted: true, meetingRound: 1 });
    const stored = world.calibrations.get(CAL)!;
    expect(stored.status).toBe('approval');
    expect(stored.rounds).toEqual([expect.objectContaining({ round: 1, taskId: 'meet-1', submittedBy: 'hd', accepted: true, curveAdvisory: true, problems: [], judgedAt: NOW })]);
    expect(stored.rounds[0]!.finalRatings.find((f) => f.personId === 'cal')).toEqual({ personId: 'cal', fromRating: 'A', toRating: 'B', reason: 'one strong quarter' });
  });

  test('a change without a reason sends the meeting back with the problem', async () => {
    const world = await judged([{ personId: 'bob', toRating: 'B', reason: '' }]);
    const stored = world.calibrations.get(CAL)!;
    expect(stored.status).toBe('meeting');
    expect(stored.rounds[0]).toEqual(expect.objectContaining({ accepted: false, problems: [expect.objectContaining({ code: 'missing-reason', personId: 'bob' })] }));
  });

  test('bob\'s rating moved to D since the gathering (an appeal): the round is stale and D becomes his proposal', async () => {
    const world = await gathered();
    world.scores.set(`${CYCLE}:bob:appeal`, final('bob', 'D', 2.2, 'appeal'));
    world.submissions.set('meet-1', submission('meet-1', 'calibration-meeting', { changes: [] }, 'hd'));
    expect(await calibrationCheck.run(task({ calibrationMeetingSubmissionId: 'meet-1' }), fakePorts(world))).toEqual({ meetingAccepted: false, meetingRound: 1 });
    const stored = world.calibrations.get(CAL)!;
    expect(stored.rounds[0]!.problems).toEqual([expect.objectContaining({ code: 'stale', personId: 'bob' })]);
    expect(stored.people.find((p) => p.personId === 'bob')).toEqual({ personId: 'bob', score: 2.2, proposedRating: 'D' });
  });

  test('a redelivery answers from the round it judged', async () => {
    const world = await judged([{ personId: 'cal', toRating: 'B', reason: 'one strong quarter' }]);
    expect(await calibrationCheck.run(task({ calibrationMeetingSubmissionId: 'meet-1' }), fakePorts(world))).toEqual({ meetingAccepted: true, meetingRound: 1 });
    expect(world.calibrations.get(CAL)!.rounds).toHaveLength(1);
  });
});

describe('calibration.decide', () => {
  test('the HRBP approves: every person\'s final rating with their score, decided by the meeting', async () => {
    const world = await approved();
    const stored = world.calibrations.get(CAL)!;
    expect(stored.status).toBe('approved');
    expect(stored.final).toEqual([
      { personId: 'ann', fromRating: 'B', toRating: 'B', reason: '', score: 3.6, decidedBy: 'hd' },
      { personId: 'bob', fromRating: 'C', toRating: 'C', reason: '', score: 3.0, decidedBy: 'hd' },
      { personId: 'cal', fromRating: 'A', toRating: 'B', reason: 'one strong quarter', score: 4.5, decidedBy: 'hd' },
    ]);
    expect(world.audit.at(-1)).toEqual(expect.objectContaining({ actor: 'hrbp', action: 'calibration.approved' }));
  });

  test('a return sends the meeting back with the comment, and fixes nothing', async () => {
    const world = await judged([{ personId: 'cal', toRating: 'B', reason: 'one strong quarter' }]);
    world.submissions.set('hrbp-1', submission('hrbp-1', 'calibration-approval', { decision: 'return', comment: ' talk to risk first ' }, 'hrbp'));
    expect(await calibrationDecide.run(task({ calibrationApprovalSubmissionId: 'hrbp-1' }), fakePorts(world))).toEqual({ hrbpDecision: 'return' });
    const stored = world.calibrations.get(CAL)!;
    expect(stored).toEqual(expect.objectContaining({ status: 'meeting', final: [] }));
    expect(stored.rounds[0]!.hrbpDecision).toEqual({ decision: 'return', comment: 'talk to risk first', by: 'hrbp', at: NOW, taskId: 'hrbp-1' });
  });

  test('nothing accepted to decide on is a technical failure', async () => {
    const world = await judged([{ personId: 'bob', toRating: 'B', reason: '' }]);
    world.submissions.set('hrbp-1', submission('hrbp-1', 'calibration-approval', { decision: 'approve' }, 'hrbp'));
    await expect(calibrationDecide.run(task({ calibrationApprovalSubmissionId: 'hrbp-1' }), fakePorts(world))).rejects.toThrow(`calibration ${CAL} has no accepted round to decide on`);
  });
});

describe('calibration.apply', () => {
  test('writes each calibrated score and releases each waiting review with its rating', async () => {
    const world = await approved();
    for (const id of ['ann', 'bob', 'cal']) world.waitingForMessage.add(`ratingCalibrated:${CYCLE}:${id}`);
    expect(await calibrationApply.run(task(), fakePorts(world))).toEqual({ calibratedCount: 3 });
    expect(world.scores.get(`${CYCLE}:cal:calibrated`)).toEqual(expect.objectContaining({
      rating: 'B', score: 4.5, caseId: `${CYCLE}:cal`, sourceSubmissionTaskId: 'meet-1',
      explanation: expect.objectContaining({ kind: 'calibration', fromRating: 'A', toRating: 'B', decisionRef: CAL }),
    }));
    expect(world.messages).toEqual(expect.arrayContaining([{ messageName: 'ratingCalibrated', businessKey: `${CYCLE}:cal`, variables: { calibratedRating: 'B' } }]));
    expect(world.calibrations.get(CAL)!.status).toBe('applied');
  });

  test('a redelivery: the released reviews count as done, nothing is audited twice', async () => {
    const world = await approved();
    for (const id of ['ann', 'bob', 'cal']) world.waitingForMessage.add(`ratingCalibrated:${CYCLE}:${id}`);
    await calibrationApply.run(task(), fakePorts(world));
    // The engine kept the history: each review passed its wait.
    for (const id of ['ann', 'bob', 'cal']) world.activityPasses.set(`pi-${id}:awaitCalibration`, [{ endTime: '2026-03-01T09:00:01Z' }]);
    expect(await calibrationApply.run(task(), fakePorts(world))).toEqual({ calibratedCount: 3 });
    expect(world.audit.filter((e) => e.action === 'rating.calibrated')).toHaveLength(3);
    expect(world.scores.get(`${CYCLE}:cal:calibrated`)!.deliveries).toBe(2);
  });

  test('a review that has not reached its wait yet is retried, naming it', async () => {
    const world = await approved();
    world.waitingForMessage.add(`ratingCalibrated:${CYCLE}:ann`);
    world.waitingForMessage.add(`ratingCalibrated:${CYCLE}:bob`);
    await expect(calibrationApply.run(task(), fakePorts(world))).rejects.toThrow(`review ${CYCLE}:cal is not waiting for its calibration yet`);
  });

  test('an engine failure other than "nobody waits" is not taken for done', async () => {
    const world = await approved();
    const ports = fakePorts(world);
    ports.engine = { ...ports.engine, correlateMessage: async () => { throw new EngineError(500, undefined, 'engine down'); } };
    await expect(calibrationApply.run(task(), ports)).rejects.toThrow('engine down');
  });
});

describe('calibration.notify', () => {
  test('tells each person their rating and the head how many changed; the case is calibrated', async () => {
    const world = await approved();
    expect(await calibrationNotify.run(task({ unitHeadId: 'hd' }), fakePorts(world))).toEqual({ notifiedCount: 4 });
    expect(world.notifications.get(`${CASE}:calibration.applied:cal`)!.params).toEqual({ cycle: CYCLE, rating: 'B', fromRating: 'A', changed: true });
    expect(world.notifications.get(`${CASE}:calibration.completed:hd`)!.params).toEqual({ cycle: CYCLE, unitId: 'desk', people: 3, changed: 1 });
    expect(world.cases.get(CASE)!.status).toBe('calibrated');
    expect(world.calibrations.get(CAL)!.status).toBe('calibrated');
  });

  test('a redelivery adds no notification and no audit entry', async () => {
    const world = await approved();
    await calibrationNotify.run(task({ unitHeadId: 'hd' }), fakePorts(world));
    const before = { notifications: world.notifications.size, audit: world.audit.length };
    await calibrationNotify.run(task({ unitHeadId: 'hd' }), fakePorts(world));
    expect({ notifications: world.notifications.size, audit: world.audit.length }).toEqual(before);
  });
});
