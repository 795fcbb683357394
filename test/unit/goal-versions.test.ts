import { agreedOn, changeWindow, diffGoalSets, goalRowsOf, goalSetVersionId, proposalChangesNothing, versionInForce, type GoalRow } from '../../src/domain/goal-versions';
import { whyLines } from '../../src/domain/my-result';
import type { ScoreExplanation } from '../../src/domain/scoring';

const goal = (title: string, weight: number, extra: Partial<GoalRow> = {}): GoalRow => ({ title, kind: 'KPI', dimension: 'business', weight, target: 'more', unitGoalId: 'C1:U:G1', ...extra });

describe('the version in force', () => {
  test('is the highest version, whatever the order read', () => {
    expect(versionInForce([{ version: 2 }, { version: 3 }, { version: 1 }])).toEqual({ version: 3 });
    expect(versionInForce([])).toBeNull();
  });

  test('versions are named by cycle, person and number, and dated by their UTC day', () => {
    expect(goalSetVersionId('2026-H2', 'ann', 2)).toBe('2026-H2:ann:goals-v2');
    expect(agreedOn({ agreedAt: new Date('2026-08-14T23:30:00Z') })).toBe('2026-08-14');
  });
});

describe('the change window: after goal agreement, before the self-assessment', () => {
  test('open while the review runs with goals agreed and no self-assessment scored', () => {
    expect(changeWindow({ status: 'running' }, true, false)).toEqual({ open: true });
  });

  test('closed before the goals are agreed, after the self-assessment, after the review, and without a review', () => {
    expect(changeWindow({ status: 'running' }, false, false)).toMatchObject({ open: false, code: 'goals-not-agreed' });
    expect(changeWindow({ status: 'running' }, true, true)).toMatchObject({ open: false, code: 'assessment-begun' });
    expect(changeWindow({ status: 'finalized' }, true, false)).toMatchObject({ open: false, code: 'review-over' });
    expect(changeWindow(null, true, false)).toMatchObject({ open: false, code: 'no-review' });
  });
});

describe('old and new goals side by side', () => {
  test('by position: a weight changed, one kept, one added', () => {
    const rows = diffGoalSets([goal('Sell', 60), goal('Hedge', 40)], [goal('Sell', 50), goal('Hedge', 40), goal('Train', 10)]);
    expect(rows.map((r) => [r.change, r.fields])).toEqual([['changed', ['weight']], ['unchanged', []], ['added', []]]);
    expect(rows[2]!.before).toBeNull();
  });

  test('a goal only in the old set is dropped', () => {
    const rows = diffGoalSets([goal('Sell', 60), goal('Hedge', 40)], [goal('Sell', 100)]);
    expect(rows.map((r) => r.change)).toEqual(['changed', 'dropped']);
    expect(rows[1]!.after).toBeNull();
  });

  test('the same goals again change nothing; a new target does', () => {
    expect(proposalChangesNothing([goal('Sell', 100)], [goal('Sell', 100)])).toBe(true);
    expect(proposalChangesNothing([goal('Sell', 100)], [goal('Sell', 100, { target: '+12%' })])).toBe(false);
    expect(proposalChangesNothing([goal('Sell', 100)], [goal('Sell', 60), goal('Hedge', 40)])).toBe(false);
  });

  test('a submission becomes goal rows with the goal fields only, trimmed', () => {
    expect(goalRowsOf({ goals: [{ title: ' Sell ', kind: 'OKR', dimension: 'risk', weight: 100, target: ' +5% ', unitGoalId: 'G', extra: 1 }], reason: 'x' }))
      .toEqual([{ title: 'Sell', kind: 'OKR', dimension: 'risk', weight: 100, target: '+5%', unitGoalId: 'G' }]);
  });
});

describe('the explanation names the goal version assessed', () => {
  const final: ScoreExplanation = {
    formula: 'f', businessLine: 'front', steps: [{ dimension: 'business', rating: 4, weight: 1, contribution: 4 }], rawScore: 4, score: 4, rating: 'B',
    band: { rating: 'B', minScore: 3.5 }, policy: { key: 'scoring', version: 1 },
  };
  const t = (key: string) => ({ 'me.why.goals': 'goals as agreed on {date}, version {version} ({count} goals)' }[key] ?? key);

  test('first line: the version in force when the manager assessed', () => {
    expect(whyLines({ ...final, goals: { version: 2, agreedOn: '2026-08-14', goalCount: 3 } }, [], t)[0]).toBe('goals as agreed on 2026-08-14, version 2 (3 goals)');
  });

  test('a score from before goals had versions says nothing of them', () => {
    expect(whyLines(final, [], t)[0]).toBe('me.why.formula');
  });
});
