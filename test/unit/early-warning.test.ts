import { detectWarnings, findRule, previousQuarter, rulesFor, watchedMetrics, type EarlyWarningPolicy, type EarlyWarningRule } from '../../src/domain/early-warning';
import policy from '../../policies/early-warning.json';
import { validatePolicyBody } from '../../src/domain/policy-validation';
import { renderMail } from '../../src/platform/mail/render-mail';

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

describe('the shipped unit rules: the same shape, over a unit\'s own figures', () => {
  const body = policy.body as EarlyWarningPolicy;
  const [sales, lending] = rulesFor(body, 'unit');
  const u = (period: string, values: Record<string, number>) => ({ period, values });

  it('are kept apart from the person rules, and watch their own figures', () => {
    expect(rulesFor(body, 'unit').map((r) => r.key)).toEqual(['unit-sales-jump-with-complaints', 'unit-lending-jump-with-arrears']);
    expect(rulesFor(body, 'person').map((r) => r.key)).toEqual(['sales-jump-with-risk']);
    expect(watchedMetrics(body, 'unit')).toEqual(new Set(['salesMinor', 'complaintsCount', 'highRiskSharePercent', 'loansTotalMinor', 'loansOverdueMinor', 'loansNonPerformingMinor']));
    expect(findRule(body, 'unit-lending-jump-with-arrears')).toMatchObject({ scope: 'unit' });
    expect(findRule(body, 'sales-jump-with-risk')).toMatchObject({ scope: 'person' });
    expect(rulesFor({ currency: 'CNY', rules: [] }, 'unit')).toEqual([]); // a policy from before unit rules
  });

  it('warn when a unit\'s sales grow 40 % while its complaints grow 60 %; not at 28 % (a near miss)', () => {
    expect(detectWarnings(sales!, [u('2026-Q1', { salesMinor: 100, complaintsCount: 10 }), u('2026-Q2', { salesMinor: 140, complaintsCount: 16 })])[0]!.evidence.map((e) => [e.metric, e.growthPercent]))
      .toEqual([['salesMinor', 40], ['complaintsCount', 60]]);
    expect(detectWarnings(sales!, [u('2026-Q1', { salesMinor: 100, complaintsCount: 10 }), u('2026-Q2', { salesMinor: 128, complaintsCount: 20 })])).toEqual([]);
  });

  it('warn when loans grow 35 % while overdue loans double; not when arrears grow by less than half', () => {
    expect(detectWarnings(lending!, [u('2026-Q1', { loansTotalMinor: 1000, loansOverdueMinor: 10 }), u('2026-Q2', { loansTotalMinor: 1350, loansOverdueMinor: 20 })])).toHaveLength(1);
    expect(detectWarnings(lending!, [u('2026-Q1', { loansTotalMinor: 1000, loansOverdueMinor: 10 }), u('2026-Q2', { loansTotalMinor: 1350, loansOverdueMinor: 15 })])).toEqual([]);
  });
});

describe('the policy editor refuses an early-warning policy the detector could not apply', () => {
  const body = () => JSON.parse(JSON.stringify(policy.body)) as EarlyWarningPolicy;
  it('accepts the shipped policy, and one from before unit rules', () => {
    expect(validatePolicyBody('early-warning', body(), body())).toEqual([]);
    const { unitRules: _dropped, ...personOnly } = body();
    expect(validatePolicyBody('early-warning', personOnly)).toEqual([]);
  });
  it('names a key used twice across people and units, a missing condition and a ratio below 1', () => {
    const edited = body();
    edited.unitRules![0]!.key = 'sales-jump-with-risk';
    edited.unitRules![1]!.alongside[0] = { metric: 'loansOverdueMinor' };
    edited.rules[0]!.alongside[1]!.minRatio = 0.5;
    expect(validatePolicyBody('early-warning', edited).map((p) => p.field)).toEqual(['rules[0].alongside[1].minRatio', 'unitRules[0].key', 'unitRules[1].alongside[0]']);
  });
});

describe('the mail that tells the manager and the risk officers of a warning', () => {
  const params = { period: '2026-Q2', subjectEn: 'Li Na', subjectZh: '李娜', ruleEn: 'Sales up more than 50 %', ruleZh: '销售额环比增长超过 50%' };
  it('names the person, the quarter and the rule in the reader\'s language, links to the warnings, and carries no figure', () => {
    const zh = renderMail({ kind: 'risk-warning.raised', params, link: 'https://hr.bank.example/risk-warnings', readerName: '王经理', locale: 'zh-CN' });
    expect(zh.subject).toBe('风险行为预警：李娜，2026-Q2');
    expect(zh.text).toContain('李娜 在 2026-Q2 触发风险行为预警：销售额环比增长超过 50%');
    expect(zh.text).toContain('https://hr.bank.example/risk-warnings');
    const en = renderMail({ kind: 'risk-warning.raised', params, link: 'https://hr.bank.example/risk-warnings', readerName: 'Manager Wang', locale: 'en' });
    expect(en.subject).toBe('Early warning: Li Na, 2026-Q2');
    expect(en.text).toContain('raised on Li Na for 2026-Q2: Sales up more than 50 %');
    expect(en.text).not.toMatch(/\{\{|李娜|¥/);
  });
});
