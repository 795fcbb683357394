import {
  kpiAchievement, kpiActual, kpisRollUp, meanRollUp, personGoalProgress, strategyMapProblems, themeCodeOf, themeRollUp, unitGoalRollUp, weightedMean, withHiddenGoals,
  type StrategyMapPolicy,
} from '../../src/domain/strategy-map';
import { validatePolicyBody } from '../../src/domain/policy-validation';
import policy from '../../policies/strategy-map.json';
import catalogue from '../../policies/metric-catalogue.json';

const shipped = policy.body as unknown as StrategyMapPolicy;

describe('a key indicator: actual against target', () => {
  it('higher is better: actual ÷ target, at most 100 %', () => {
    expect(kpiAchievement({ target: 200, better: 'higher' }, 150)).toBe(75);
    expect(kpiAchievement({ target: 200, better: 'higher' }, 260)).toBe(100);
    expect(kpiAchievement({ target: 3, better: 'higher' }, 1)).toBe(33.3);
  });

  it('lower is better: 100 % at or under the target, else target ÷ actual', () => {
    expect(kpiAchievement({ target: 1.5, better: 'lower' }, 1.2)).toBe(100);
    expect(kpiAchievement({ target: 1.5, better: 'lower' }, 2)).toBe(75);
    expect(kpiAchievement({ target: 0, better: 'lower' }, 3)).toBe(0);
    expect(kpiAchievement({ target: 0, better: 'lower' }, 0)).toBe(100);
  });

  it('has no achievement before a figure is imported (not 0 %)', () => {
    expect(kpiAchievement({ target: 10, better: 'higher' }, null)).toBeNull();
  });

  it('adds up or averages the units that reported, ignoring those that did not', () => {
    expect(kpiActual({ aggregate: 'sum' }, [100, null, 50])).toBe(150);
    expect(kpiActual({ aggregate: 'mean' }, [90, null, 100])).toBe(95);
    expect(kpiActual({ aggregate: 'sum' }, [null, null])).toBeNull();
  });
});

describe('a person goal: the latest check-in', () => {
  it('takes the latest check-in that gave a percentage, whatever order they come in', () => {
    expect(personGoalProgress([{ at: '2026-09-01', percent: 70 }, { at: '2026-07-01', percent: 40 }, { at: '2026-10-01' }])).toBe(70);
    expect(personGoalProgress([])).toBeNull();
  });
});

describe('the worked example of src/domain/strategy-map.ts', () => {
  const deposits = unitGoalRollUp([{ id: 'liu', weight: 60, percent: 50 }, { id: 'chen', weight: 40, percent: 80 }]);
  const kpis = kpisRollUp([
    { key: 'wealth-sales', weight: 50, percent: kpiAchievement({ target: 2_500_000_000, better: 'higher' }, 2_000_000_000) },
    { key: 'npl', weight: 50, percent: kpiAchievement({ target: 1.5, better: 'lower' }, 2) },
  ]);
  const goals = meanRollUp('unitGoal', [{ id: 'deposits', percent: deposits.percent }, { id: 'aum', percent: 40 }]);

  it('a unit goal is the weighted mean of its people\'s goals: (60 × 50 + 40 × 80) / 100 = 62 %', () => {
    expect(deposits).toEqual({
      percent: 62, rule: 'weighted-mean',
      parts: [{ kind: 'personGoal', id: 'liu', percent: 50, weight: 60 }, { kind: 'personGoal', id: 'chen', percent: 80, weight: 40 }],
    });
  });

  it('the theme\'s indicators: 80 % and 75 % at 50/50 make 77.5 %', () => {
    expect(kpis.parts.map((p) => p.percent)).toEqual([80, 75]);
    expect(kpis.percent).toBe(77.5);
  });

  it('the theme: 50 % × 77.5 + 50 % × mean(62, 40) = 64.3 %, with both sides as its parts', () => {
    const theme = themeRollUp({ kpiSharePercent: 50, goalSharePercent: 50 }, kpis, goals);
    expect(goals.percent).toBe(51);
    expect(theme.percent).toBe(64.3);
    expect(theme.parts).toEqual([
      { kind: 'kpis', id: 'kpis', percent: 77.5, weight: 50 },
      { kind: 'unitGoals', id: 'unitGoals', percent: 51, weight: 50 },
    ]);
  });

  it('a side with no figure gives its share to the other; with neither, no progress yet', () => {
    const none = kpisRollUp([{ key: 'x', weight: 1, percent: null }]);
    const onlyGoals = themeRollUp({ kpiSharePercent: 70, goalSharePercent: 30 }, none, goals);
    expect(onlyGoals.percent).toBe(51);
    expect(onlyGoals.parts[0]).toMatchObject({ kind: 'kpis', weight: 0 });
    expect(themeRollUp({ kpiSharePercent: 50, goalSharePercent: 50 }, none, meanRollUp('unitGoal', [])).percent).toBeNull();
  });
});

describe('what is counted', () => {
  it('leaves goals without a check-in out of the mean instead of counting them as 0 %', () => {
    expect(weightedMean([{ kind: 'personGoal', id: 'a', weight: 50, percent: 80 }, { kind: 'personGoal', id: 'b', weight: 50, percent: null }])).toBe(80);
  });

  it('counts a unit goal below as one whole plan (weight 100) beside the people\'s goals', () => {
    const rollUp = unitGoalRollUp([{ id: 'p', weight: 50, percent: 20 }], [{ id: 'below', percent: 80 }]);
    expect(rollUp.percent).toBe(60); // (50 × 20 + 100 × 80) / 150
    expect(rollUp.parts[1]).toEqual({ kind: 'unitGoal', id: 'below', percent: 80, weight: 100 });
  });

  it('tells a reader who may not see some goals only their number, weight and mean, and the result stays the same', () => {
    const rollUp = unitGoalRollUp([{ id: 'mine', weight: 60, percent: 50 }, { id: 'x', weight: 40, percent: 80 }, { id: 'y', weight: 60, percent: 20 }]);
    const told = withHiddenGoals(rollUp, (id) => id === 'mine');
    expect(told.percent).toBe(rollUp.percent);
    expect(told.parts).toEqual([
      { kind: 'personGoal', id: 'mine', percent: 50, weight: 60 },
      { kind: 'hidden', id: 'hidden', count: 2, weight: 100, percent: 44 },
    ]);
    expect(withHiddenGoals(rollUp, () => true)).toBe(rollUp);
  });

  it('finds a unit goal\'s theme at the top of its parent chain, and survives a loop', () => {
    const goals = new Map([
      ['C:EXEC:S1', { code: 'S1' }],
      ['C:CB:G1', { code: 'G1', parentId: 'C:EXEC:S1' }],
      ['C:CB-T:G9', { code: 'G9', parentId: 'C:CB:G1' }],
      ['L1', { code: 'L1', parentId: 'L2' }], ['L2', { code: 'L2', parentId: 'L1' }],
    ]);
    expect(themeCodeOf('C:CB-T:G9', goals)).toBe('S1');
    expect(themeCodeOf('nothing', goals)).toBeNull();
    expect(themeCodeOf('L1', goals)).toBe('L2');
  });
});

describe('the shipped strategy-map policy', () => {
  it('names the board\'s themes in both languages, the strategic goals S1–S4 of every cycle and green finance', () => {
    expect(shipped.themes.map((t) => [t.code, t.title['zh-CN']])).toEqual([['S1', '零售转型'], ['S2', '稳健风控'], ['S3', '风险合规'], ['S4', '客户至上'], ['S5', '绿色金融']]);
  });

  it('feeds every indicator from a metric the catalogue imports for units', () => {
    const unitMetrics = new Set(catalogue.body.metrics.filter((m) => m.scopes.includes('unit')).map((m) => m.key));
    expect(shipped.themes.flatMap((t) => t.kpis).filter((k) => !unitMetrics.has(k.metric))).toEqual([]);
  });

  it('is valid, and an edit that breaks it is refused field by field', () => {
    expect(validatePolicyBody('strategy-map', policy.body, policy.body)).toEqual([]);
    const broken = JSON.parse(JSON.stringify(policy.body)) as { rollUp: Record<string, number>; themes: Array<Record<string, unknown> & { kpis: Array<Record<string, unknown>> }> };
    broken.rollUp.goalSharePercent = 60;
    broken.themes[1]!.code = 'S1';
    broken.themes[0]!.kpis[0]!.better = 'more';
    broken.themes[0]!.kpis[1]!.units = [];
    (broken.themes[2]!.title as Record<string, string>)['zh-CN'] = '';
    expect(strategyMapProblems(broken).map((p) => p.field)).toEqual([
      'rollUp.goalSharePercent', 'themes[0].kpis[0].better', 'themes[0].kpis[1].units', 'themes[1].code', 'themes[2].title.zh-CN',
    ]);
  });
});
