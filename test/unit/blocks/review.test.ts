import scoringPolicyFile from '../../../policies/scoring.json';
import { REVIEW } from '../../../src/worker/blocks/review';
import { emptyWorld, fakePorts, NOW, person, reviewCase, submission, taskOf, type World } from './fakes';

const { reviewScore, reviewFinalize, reviewPublish, reviewRemind, reviewChoosePeers, reviewAggregate360, goalsRecord } = REVIEW;

/** A front-office trader (business weighs half) in a running review pinned to scoring v1. */
function traderWorld(): World {
  const world = emptyWorld();
  world.policies.set('scoring@1', scoringPolicyFile.body);
  world.units.set('desk', { _id: 'desk', name: { en: 'Desk', 'zh-CN': '交易台' }, businessLine: 'front', headId: 'head' });
  world.people.set('ann', person('ann', { unitId: 'desk', managerId: 'mia' }));
  world.cases.set('2026:ann', reviewCase({ _id: '2026:ann', cycle: '2026', subjectId: 'ann' }));
  return world;
}

describe('review.score and review.finalize: an assessment becomes a score with its explanation', () => {
  // 0.5×5 + 0.2×3 + 0.15×4 + 0.15×4 = 4.3 → B in the front office
  const ratings = { businessRating: 5, riskRating: 3, complianceRating: 4, behaviourRating: 4 };

  test('the self-assessment is scored with the pinned policy and stored as the "self" step', async () => {
    const world = traderWorld();
    world.submissions.set('t-self', submission('t-self', 'self-assessment', ratings, 'ann'));
    const task = taskOf({ caseId: '2026:ann', selfAssessmentSubmissionId: 't-self' });
    expect(await reviewScore.run(task, fakePorts(world))).toEqual({ selfScore: 4.3, selfRating: 'B' });
    expect(world.scores.get('2026:ann:self')).toEqual(expect.objectContaining({ score: 4.3, rating: 'B', step: 'self', sourceSubmissionTaskId: 't-self', computedAt: NOW, deliveries: 1 }));
    expect(world.audit.map((e) => e.action)).toEqual(['score.computed']);
  });

  test('a second delivery overwrites the same score: one record, counted twice', async () => {
    const world = traderWorld();
    world.submissions.set('t-mgr', submission('t-mgr', 'manager-assessment', ratings, 'mia'));
    const task = taskOf({ caseId: '2026:ann', managerAssessmentSubmissionId: 't-mgr' });
    const ports = fakePorts(world);
    expect(await reviewFinalize.run(task, ports)).toEqual({ finalScore: 4.3, finalRating: 'B' });
    expect(await reviewFinalize.run(task, ports)).toEqual({ finalScore: 4.3, finalRating: 'B' });
    expect([...world.scores.keys()]).toEqual(['2026:ann:final']);
    expect(world.scores.get('2026:ann:final')!.deliveries).toBe(2);
    expect(world.cases.get('2026:ann')!.status).toBe('finalized');
  });

  test('no submission behind the variable is a technical failure, and nothing is written', async () => {
    const world = traderWorld();
    await expect(reviewScore.run(taskOf({ caseId: '2026:ann', selfAssessmentSubmissionId: 'gone' }), fakePorts(world))).rejects.toThrow('no self-assessment submission');
    expect(world.scores.size).toBe(0);
  });

  test('a case pinned to a policy version the store lacks fails, naming the version', async () => {
    const world = traderWorld();
    world.cases.set('2026:ann', reviewCase({ _id: '2026:ann', cycle: '2026', subjectId: 'ann', policyVersions: { scoring: 7 } }));
    world.submissions.set('t-self', submission('t-self', 'self-assessment', ratings));
    await expect(reviewScore.run(taskOf({ caseId: '2026:ann', selfAssessmentSubmissionId: 't-self' }), fakePorts(world))).rejects.toThrow('scoring policy version 7 not found');
  });
});

describe('review.publish: the standing rating reaches the employee', () => {
  test('calibrated stands over final; the employee is told once, even on a redelivery', async () => {
    const world = traderWorld();
    const score = { cycle: '2026', subjectId: 'ann', caseId: '2026:ann', score: 4.3, explanation: {} as never, sourceSubmissionTaskId: 't', computedAt: NOW, deliveries: 1 };
    world.scores.set('2026:ann:final', { ...score, _id: '2026:ann:final', step: 'final', rating: 'B' });
    world.scores.set('2026:ann:calibrated', { ...score, _id: '2026:ann:calibrated', step: 'calibrated', rating: 'C' });
    const ports = fakePorts(world);
    expect(await reviewPublish.run(taskOf({ caseId: '2026:ann' }), ports)).toEqual({ publishedRating: 'C' });
    expect(await reviewPublish.run(taskOf({ caseId: '2026:ann' }), ports)).toEqual({ publishedRating: 'C' });
    expect(world.cases.get('2026:ann')).toEqual(expect.objectContaining({ status: 'published', publishedAt: NOW }));
    expect([...world.notifications.values()]).toEqual([{ recipientId: 'ann', caseId: '2026:ann', kind: 'review.published', params: { rating: 'C' } }]);
    expect(world.audit.map((e) => e.action)).toEqual(['review.published']);
  });

  test('a delivery that died after publishing, before its audit entry: the redelivery writes it, naming the status published from', async () => {
    const world = traderWorld();
    const score = { cycle: '2026', subjectId: 'ann', caseId: '2026:ann', score: 4.3, explanation: {} as never, sourceSubmissionTaskId: 't', computedAt: NOW, deliveries: 1 };
    world.scores.set('2026:ann:final', { ...score, _id: '2026:ann:final', step: 'final', rating: 'B' });
    // What the dead delivery left: the case published (from "finalized"), no entry.
    world.cases.set('2026:ann', { ...world.cases.get('2026:ann')!, status: 'published', publishedAt: NOW, publishedFrom: 'finalized' });
    expect(await reviewPublish.run(taskOf({ caseId: '2026:ann' }), fakePorts(world))).toEqual({ publishedRating: 'B' });
    expect(world.audit).toEqual([expect.objectContaining({ action: 'review.published', before: { status: 'finalized' }, after: { status: 'published', rating: 'B' } })]);
  });

  test('a review without a final score cannot be published', async () => {
    await expect(reviewPublish.run(taskOf({ caseId: '2026:ann' }), fakePorts(traderWorld()))).rejects.toThrow('has no rating to publish');
  });
});

describe('review.remind: one reminder per firing of the timer', () => {
  test('the third firing sends reminder 3; the same firing delivered again sends nothing new', async () => {
    const world = emptyWorld();
    const task = taskOf({ caseId: '2026:ann', subjectId: 'ann', cycle: '2026', checkInRemindersSent: 2 });
    expect(await reviewRemind.run(task, fakePorts(world))).toEqual({ checkInRemindersSent: 3 });
    expect(await reviewRemind.run(task, fakePorts(world))).toEqual({ checkInRemindersSent: 3 });
    expect([...world.notifications.values()]).toEqual([{ recipientId: 'ann', caseId: '2026:ann', kind: 'review.check-in-reminder.3', params: { reminder: 3, cycle: '2026' } }]);
  });

  test('without a subject it fails instead of telling nobody', async () => {
    await expect(reviewRemind.run(taskOf({ caseId: '2026:ann', cycle: '2026' }), fakePorts(emptyWorld()))).rejects.toThrow('process variable subjectId is missing');
  });
});

describe('review.choose-peers: the 360 multi-instance gets its list', () => {
  test('a peer named twice is asked once and the employee is never their own peer', async () => {
    const world = emptyWorld();
    world.submissions.set('t-peers', submission('t-peers', 'choose-peers', { peers: [{ peerId: 'bo' }, { peerId: 'ann' }, { peerId: 'cy' }, { peerId: 'bo' }] }));
    expect(await reviewChoosePeers.run(taskOf({ subjectId: 'ann', choosePeersSubmissionId: 't-peers' }), fakePorts(world))).toEqual({ peerIds: 'bo,cy', peerCount: 2 });
  });

  test('no peers chosen gives 0, which skips the 360', async () => {
    const world = emptyWorld();
    world.submissions.set('t-peers', submission('t-peers', 'choose-peers', { peers: [] }));
    expect(await reviewChoosePeers.run(taskOf({ subjectId: 'ann', choosePeersSubmissionId: 't-peers' }), fakePorts(world))).toEqual({ peerIds: '', peerCount: 0 });
  });

  test('the variable naming the submission must be set', async () => {
    await expect(reviewChoosePeers.run(taskOf({ subjectId: 'ann' }), fakePorts(emptyWorld()))).rejects.toThrow('process variable choosePeersSubmissionId is missing');
  });
});

describe('review.aggregate-360: the peers\' answers become one summary', () => {
  test('the mean per dimension over the peers who rated it; a redelivery writes the same summary', async () => {
    const world = traderWorld();
    world.finishedTasks.set('pi-9:peerFeedback', [{ id: 'p1' }, { id: 'p2' }]);
    world.submissions.set('p1', submission('p1', 'peer-feedback', { businessRating: 4, riskRating: 3 }));
    world.submissions.set('p2', submission('p2', 'peer-feedback', { businessRating: 5 }));
    const task = taskOf({ caseId: '2026:ann' }, 'pi-9');
    expect(await reviewAggregate360.run(task, fakePorts(world))).toEqual({ peerFeedbackRespondents: 2 });
    expect(await reviewAggregate360.run(task, fakePorts(world))).toEqual({ peerFeedbackRespondents: 2 });
    const summary = world.peerSummaries.get('2026:ann:360')!;
    expect(summary.aggregate.dimensions.business).toEqual({ mean: 4.5, count: 2 });
    expect(summary.aggregate.dimensions.risk).toEqual({ mean: 3, count: 1 });
    expect(summary.aggregate.dimensions.compliance).toEqual({ mean: null, count: 0 });
    expect(summary.sourceSubmissionTaskIds).toEqual(['p1', 'p2']);
    expect(world.peerSummaries.size).toBe(1);
  });

  test('a peer task whose submission is missing fails, counting the missing ones', async () => {
    const world = traderWorld();
    world.finishedTasks.set('pi-9:peerFeedback', [{ id: 'p1' }, { id: 'lost' }]);
    world.submissions.set('p1', submission('p1', 'peer-feedback', { businessRating: 4 }));
    await expect(reviewAggregate360.run(taskOf({ caseId: '2026:ann' }, 'pi-9'), fakePorts(world))).rejects.toThrow('1 peer feedback submissions not found');
    expect(world.peerSummaries.size).toBe(0);
  });
});

describe('goals.record: approved goals are stored, linked to unit goals', () => {
  const goal = (title: string) => ({ title, kind: 'KPI', dimension: 'business', weight: 50, target: 'more', unitGoalId: '2026:desk:G1' });

  test('approved: each goal stored by position; a later recording with fewer goals removes the extra one', async () => {
    const world = traderWorld();
    world.submissions.set('t-set', submission('t-set', 'goal-setting', { goals: [goal('Sell'), goal('Hedge'), goal('Train')] }, 'ann'));
    world.submissions.set('t-ok', submission('t-ok', 'goal-approval', { decision: 'approve' }, 'mia'));
    const task = { caseId: '2026:ann', goalSettingSubmissionId: 't-set', goalApprovalSubmissionId: 't-ok' };
    expect(await goalsRecord.run(taskOf(task), fakePorts(world))).toEqual({ goalsApproved: true, goalCount: 3 });
    expect(world.goals.get('2026:ann:goal-2')).toEqual(expect.objectContaining({ title: 'Hedge', index: 2, approvedBy: 'mia', unitGoalId: '2026:desk:G1' }));

    world.submissions.set('t-set2', submission('t-set2', 'goal-setting', { goals: [goal('Sell'), goal('Hedge')] }, 'ann'));
    expect(await goalsRecord.run(taskOf({ ...task, goalSettingSubmissionId: 't-set2' }), fakePorts(world))).toEqual({ goalsApproved: true, goalCount: 2 });
    expect([...world.goals.keys()].sort()).toEqual(['2026:ann:goal-1', '2026:ann:goal-2']);
  });

  test('returned: nothing is stored and the gateway reads goalsApproved false', async () => {
    const world = traderWorld();
    world.submissions.set('t-no', submission('t-no', 'goal-approval', { decision: 'return', comment: 'too vague' }, 'mia'));
    expect(await goalsRecord.run(taskOf({ caseId: '2026:ann', goalApprovalSubmissionId: 't-no' }), fakePorts(world))).toEqual({ goalsApproved: false, goalCount: 0 });
    expect(world.goals.size).toBe(0);
    expect(world.audit).toEqual([expect.objectContaining({ action: 'goals.returned', details: { approvalTaskId: 't-no', comment: 'too vague' } })]);
  });

  test('an approved proposal without goals is refused', async () => {
    const world = traderWorld();
    world.submissions.set('t-set', submission('t-set', 'goal-setting', { goals: [] }));
    world.submissions.set('t-ok', submission('t-ok', 'goal-approval', { decision: 'approve' }));
    await expect(goalsRecord.run(taskOf({ caseId: '2026:ann', goalSettingSubmissionId: 't-set', goalApprovalSubmissionId: 't-ok' }), fakePorts(world))).rejects.toThrow('has 0 goals');
  });
});
