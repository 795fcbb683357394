import scoringPolicyFile from '../../../policies/scoring.json';
import { REVIEW } from '../../../src/worker/blocks/review';
import { emptyWorld, fakePorts, NOW, person, reviewCase, submission, taskOf, type World } from './fakes';

const { goalsRecordChange, reviewFinalize } = REVIEW;
const CHANGE = '2026:ann:change-1:goal-change';
const row = (title: string, weight: number) => ({ title, kind: 'KPI', dimension: 'business', weight, target: 'more', unitGoalId: '2026:desk:G1' });

/** Ann's review runs at its check-in with two agreed goals (version 1, approved by Mia); a change case is open. */
function annWorld(): World {
  const world = emptyWorld();
  world.policies.set('scoring@1', scoringPolicyFile.body);
  world.units.set('desk', { _id: 'desk', name: { en: 'Desk', 'zh-CN': '交易台' }, businessLine: 'front', headId: 'mia' });
  world.people.set('ann', person('ann', { unitId: 'desk', managerId: 'mia' }));
  world.cases.set('2026:ann', reviewCase({ _id: '2026:ann', cycle: '2026', subjectId: 'ann', managerId: 'mia' }));
  world.cases.set(CHANGE, reviewCase({ _id: CHANGE, processKey: 'goal-change', cycle: '2026', subjectId: 'ann', managerId: 'mia' }));
  const agreed = new Date('2026-01-20T10:00:00Z');
  for (const [i, g] of [row('Sell', 60), row('Hedge', 40)].entries()) {
    world.goals.set(`2026:ann:goal-${i + 1}`, {
      _id: `2026:ann:goal-${i + 1}`, cycle: '2026', personId: 'ann', caseId: '2026:ann', index: i + 1, ...g, kind: 'KPI',
      sourceSubmissionTaskId: 't-set', approvalSubmissionTaskId: 't-ok', approvedBy: 'mia', recordedAt: agreed,
    });
  }
  world.openGoalChanges.set('2026:ann', CHANGE);
  world.submissions.set('t-prop', submission('t-prop', 'goal-change', { goals: [row('Sell', 50), row('Hedge', 30), row('Train', 20)], reason: 'New product line' }, 'ann'));
  return world;
}

const decide = (world: World, decision: string, comment?: string) => {
  world.submissions.set('t-dec', submission('t-dec', 'goal-change-decision', { decision, ...(comment ? { comment } : {}) }, 'mia'));
  return taskOf({ caseId: CHANGE, goalChangeSubmissionId: 't-prop', goalChangeDecisionSubmissionId: 't-dec' });
};

describe('goals.record-change: an approved change becomes the next goal-set version', () => {
  test('approved: version 1 is kept as it was, version 2 is in force with who, when and why', async () => {
    const world = annWorld();
    expect(await goalsRecordChange.run(decide(world, 'approve', 'Agreed'), fakePorts(world))).toEqual({ goalChangeOutcome: 'approved', goalSetVersion: 2 });
    const v1 = world.goalSetVersions.get('2026:ann:goals-v1')!;
    expect(v1).toMatchObject({ version: 1, approvedBy: 'mia', reason: null, changeCaseId: null });
    expect(v1.goals.map((g) => [g.title, g.weight])).toEqual([['Sell', 60], ['Hedge', 40]]);
    expect(world.goalSetVersions.get('2026:ann:goals-v2')).toMatchObject({ version: 2, proposedBy: 'ann', approvedBy: 'mia', reason: 'New product line', comment: 'Agreed', changeCaseId: CHANGE, agreedAt: NOW });
    expect([...world.goals.values()].map((g) => [g.title, g.weight])).toEqual([['Sell', 50], ['Hedge', 30], ['Train', 20]]);
    expect(world.openGoalChanges.has('2026:ann')).toBe(false);
    expect(world.cases.get(CHANGE)!.status).toBe('closed');
    expect(world.audit.map((e) => e.action)).toEqual(['goals.change-approved']);
  });

  test('a second delivery writes no third version and leaves the same goals', async () => {
    const world = annWorld();
    const task = decide(world, 'approve');
    await goalsRecordChange.run(task, fakePorts(world));
    expect(await goalsRecordChange.run(task, fakePorts(world))).toEqual({ goalChangeOutcome: 'approved', goalSetVersion: 2 });
    expect([...world.goalSetVersions.keys()].sort()).toEqual(['2026:ann:goals-v1', '2026:ann:goals-v2']);
    expect(world.goals.size).toBe(3);
  });

  test('rejected: nothing is written, version 1 stays in force and the change is closed', async () => {
    const world = annWorld();
    expect(await goalsRecordChange.run(decide(world, 'reject', 'Targets stay'), fakePorts(world))).toEqual({ goalChangeOutcome: 'rejected', goalSetVersion: 1 });
    expect(world.goalSetVersions.size).toBe(0);
    expect([...world.goals.values()].map((g) => g.title)).toEqual(['Sell', 'Hedge']);
    expect(world.openGoalChanges.has('2026:ann')).toBe(false);
    expect(world.audit).toEqual([expect.objectContaining({ action: 'goals.change-rejected', details: expect.objectContaining({ comment: 'Targets stay' }) })]);
  });

  test('sent back: the change stays open for the employee to rework', async () => {
    const world = annWorld();
    expect(await goalsRecordChange.run(decide(world, 'return', 'Keep Hedge at 40'), fakePorts(world))).toEqual({ goalChangeOutcome: 'returned', goalSetVersion: 1 });
    expect(world.openGoalChanges.get('2026:ann')).toBe(CHANGE);
    expect(world.cases.get(CHANGE)!.status).toBe('running');
    expect(world.goalSetVersions.size).toBe(0);
  });

  test('approved after the self-assessment was scored: too late, nothing changes', async () => {
    const world = annWorld();
    world.scores.set('2026:ann:self', { _id: '2026:ann:self' } as never);
    expect(await goalsRecordChange.run(decide(world, 'approve'), fakePorts(world))).toEqual({ goalChangeOutcome: 'too-late', goalSetVersion: 1 });
    expect(world.goalSetVersions.size).toBe(0);
    expect([...world.goals.values()].map((g) => g.weight)).toEqual([60, 40]);
    expect(world.audit.map((e) => e.action)).toEqual(['goals.change-too-late']);
  });
});

describe('review.finalize names the goal version the manager assessed against', () => {
  const ratings = { businessRating: 5, riskRating: 3, complianceRating: 4, behaviourRating: 4 };

  test('after an approved change: version 2 with its date and goal count', async () => {
    const world = annWorld();
    await goalsRecordChange.run(decide(world, 'approve'), fakePorts(world));
    world.submissions.set('t-mgr', submission('t-mgr', 'manager-assessment', ratings, 'mia'));
    await reviewFinalize.run(taskOf({ caseId: '2026:ann', managerAssessmentSubmissionId: 't-mgr' }), fakePorts(world));
    expect(world.scores.get('2026:ann:final')!.explanation).toMatchObject({ goals: { version: 2, agreedOn: '2026-03-01', goalCount: 3 } });
  });

  test('without a change: version 1, agreed when the goals were approved', async () => {
    const world = annWorld();
    world.submissions.set('t-mgr', submission('t-mgr', 'manager-assessment', ratings, 'mia'));
    await reviewFinalize.run(taskOf({ caseId: '2026:ann', managerAssessmentSubmissionId: 't-mgr' }), fakePorts(world));
    expect(world.scores.get('2026:ann:final')!.explanation).toMatchObject({ goals: { version: 1, agreedOn: '2026-01-20', goalCount: 2 } });
  });
});
