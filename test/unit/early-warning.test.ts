import { detectWarnings, previousQuarter, watchedMetrics, type EarlyWarningRule } from '../../src/domain/early-warning';
import policy from '../../policies/early-warning.json';

const rule = policy.body.rules[0] as EarlyWarningRule;
const q = (period: string, salesMinor: number, complaintsCount: number, highRiskSharePercent = 10) => ({ period, values: { salesMinor, complaintsCount, highRiskSharePercent } });

describe('previousQuarter', () => {
  it('steps back a quarter, across a year end, and knows only quarters', () => {
    expect(['2026-Q2', '2026-Q1', '2027-Q1', '2026-H1'].map(previousQuarter)).toEqual(['2026-Q1', '2025-Q4', '2026-Q4', null]);
  });
});

describe('the shipped rule: sales up more than 50 % while complaints rise or the high-risk share doubles', () => {
  it('is what the policy file says', () => {
    expect(rule).toMatchObject({ key: 'sales-jump-with-risk', lead: { metric: 'salesMinor', minGrowthPercent: 50 } });
    expect(watchedMetrics(policy.body as { currency: string; rules: EarlyWarningRule[] })).toEqual(new Set(['salesMinor', 'complaintsCount', 'highRiskSharePercent']));
  });

  it('warns when sales jump 70 % and complaints rise from 1 to 3, with both figures as evidence', () => {
    expect(detectWarnings(rule, [q('2026-Q1', 2_000_000, 1), q('2026-Q2', 3_400_000, 3)])).toEqual([{
      rule: 'sales-jump-with-risk', period: '2026-Q2', previousPeriod: '2026-Q1',
      evidence: [
        { metric: 'salesMinor', previous: 2_000_000, current: 3_400_000, growthPercent: 70, role: 'lead' },
        { metric: 'complaintsCount', previous: 1, current: 3, growthPercent: 200, role: 'alongside' },
      ],
    }]);
  });

  it('does not warn at 45 % however complaints rise (a near miss)', () => {
    expect(detectWarnings(rule, [q('2026-Q1', 2_000_000, 1), q('2026-Q2', 2_900_000, 4)])).toEqual([]);
  });

  it('warns on a doubled high-risk share with flat complaints, and not on a jump that nothing goes with', () => {
    expect(detectWarnings(rule, [q('2026-Q1', 2_000_000, 2, 10), q('2026-Q2', 3_400_000, 2, 20)])[0]!.evidence.map((e) => e.metric)).toEqual(['salesMinor', 'highRiskSharePercent']);
    expect(detectWarnings(rule, [q('2026-Q1', 2_000_000, 2, 10), q('2026-Q2', 3_400_000, 2, 19)])).toEqual([]);
  });

  it('compares only consecutive quarters, and a lead from zero is not a growth it can measure', () => {
    expect(detectWarnings(rule, [q('2026-Q1', 2_000_000, 1), q('2026-Q3', 9_000_000, 5)])).toEqual([]);
    expect(detectWarnings(rule, [q('2026-Q1', 0, 1), q('2026-Q2', 9_000_000, 5)])).toEqual([]);
    expect(detectWarnings(rule, [q('2025-Q4', 1_000_000, 0), q('2026-Q1', 1_600_000, 1), q('2026-Q2', 1_700_000, 9)]).map((w) => w.period)).toEqual(['2026-Q1']);
  });
});
