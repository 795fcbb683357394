import type { Cast } from './cast';

/**
 * The figures a bonus round needs, sent as the bank's systems would send them, each by the person
 * whose job it is: HR the business figures and payroll, the risk officer the risk figures, a
 * compliance officer the breaches. Imports are idempotent: sending them again changes nothing.
 */
const M = 100; // minor units per yuan

/** Per unit: business figures (HR) and risk figures (risk officer), in yuan. */
const UNIT_FIGURES: Record<string, { business: Record<string, number>; risk: Record<string, number> }> = {
  // RAROC (420 − 180 − 40) / 1,500 = 13.3 %, above the 12 % hurdle; NPL 1.2 %, overdue 2 %: within limits.
  CB: {
    business: { bonusPoolBaseMinor: 9_000_000, revenueMinor: 420_000_000, costsMinor: 180_000_000 },
    risk: { expectedLossMinor: 40_000_000, economicCapitalMinor: 1_500_000_000, loansTotalMinor: 5_000_000_000, loansNonPerformingMinor: 60_000_000, loansOverdueMinor: 100_000_000 },
  },
  // A middle-office unit charged out at cost plus: RAROC exactly at the hurdle, no loan book.
  RISK: {
    business: { bonusPoolBaseMinor: 1_500_000, revenueMinor: 60_000_000, costsMinor: 30_000_000 },
    risk: { expectedLossMinor: 0, economicCapitalMinor: 250_000_000 },
  },
};

/** Fixed pay in yuan, pay grade and the role category the deferral rules read, by user name. */
const PAY: Record<string, [number, string, string]> = {
  'cb.rm01': [1_200_000, 'G4', 'keyRiskRole'], 'cb.rm02': [1_000_000, 'G4', 'keyRiskRole'], 'cb.rm03': [900_000, 'G3', 'keyRiskRole'],
  'cb.rm04': [800_000, 'G3', 'otherStaff'], 'cb.rm05': [720_000, 'G3', 'otherStaff'], 'cb.rm06': [680_000, 'G2', 'otherStaff'],
  'cb.rm07': [650_000, 'G2', 'otherStaff'], 'cb.rm08': [620_000, 'G2', 'otherStaff'], 'cb.rm09': [600_000, 'G2', 'otherStaff'],
  'cb.rm10': [560_000, 'G2', 'otherStaff'],
  'risk.officer': [820_000, 'G3', 'keyRiskRole'],
};
const DEFAULT_PAY: Record<string, [number, string, string]> = { RISK: [560_000, 'G2', 'otherStaff'], WM: [640_000, 'G2', 'otherStaff'] };

export async function importBonusInputs(cast: Cast, cycle: string): Promise<void> {
  const [hr, riskOfficer, complianceOfficer] = await Promise.all([cast.as('hr'), cast.as('risk.officer'), cast.as('cmp.officer3')]);
  const rows = (kind: 'business' | 'risk') => Object.entries(UNIT_FIGURES).flatMap(([unitId, figures]) =>
    Object.entries(figures[kind]).map(([key, yuan]) => ({ cycle, scope: { type: 'unit', id: unitId }, key, value: yuan * M })));
  await hr.mustPost('/api/metrics', { source: { system: 'general-ledger', reference: `GL-${cycle}.xlsx` }, records: rows('business') });
  await riskOfficer.mustPost('/api/metrics', { source: { system: 'risk-datamart', reference: `RAROC-${cycle}` }, records: rows('risk') });

  const paid = ['CB', 'RISK', 'WM'].flatMap((unitId) => cast.membersOf(unitId));
  await hr.mustPost('/api/compensation', {
    source: { system: 'payroll', reference: `pay-${cycle}.csv` },
    records: paid.map((p) => {
      const [yuan, payGrade, roleCategory] = PAY[p.username] ?? DEFAULT_PAY[p.unitId]!;
      return { personId: p._id, currency: 'CNY', fixedPayMinor: yuan * M, payGrade, roleCategory };
    }),
  });

  // One confirmed major breach (rating at best C, half the bonus) and one still under investigation (ignored).
  await complianceOfficer.mustPost('/api/compliance-events', {
    source: { system: 'cmp-case' },
    records: [
      { personId: cast.person('cb.rm07')._id, cycle, date: '2026-05-12', severity: 'major', confirmed: true, reference: `${cycle}-CMP-014`, description: 'Loan file approved with the borrower’s related-party exposure left out' },
      { personId: cast.person('cb.rm05')._id, cycle, date: '2026-06-03', severity: 'minor', confirmed: false, reference: `${cycle}-CMP-021`, description: 'Client complaint about fee disclosure, under investigation' },
    ],
  });
}

/**
 * Two quarters of the wealth advisers' selling, for the early-warning rules (policies/early-warning.json)
 * to be seen working on the demo bank: wm.adviser03's sales jump 62.5 % while the share of high-risk
 * products sold more than doubles (a warning), wm.adviser06's rise 48 % with more complaints (a near
 * miss: under the 50 % the rule asks). Everyone else grows a little, without a warning.
 * The units are watched as a whole too (the policy's unitRules): WM's own sales grow 40 % while its
 * complaints go from 6 to 10 (a unit warning), CB's loans grow 28 % while its overdue loans double
 * (a near miss: under the 30 % the lending rule asks).
 */
const SALES_YUAN: Record<string, [number, number]> = { 'wm.adviser03': [1_200_000, 1_950_000], 'wm.adviser06': [1_000_000, 1_480_000] };
const COMPLAINTS: Record<string, [number, number]> = { 'wm.adviser06': [1, 3] };
const HIGH_RISK_SHARE: Record<string, [number, number]> = { 'wm.adviser03': [12, 26] };

/** Each unit's own figures for 2026-Q1 and Q2, by who imports them (the catalogue's import roles). */
const UNIT_QUARTERS: Record<'hr' | 'cmp.officer3' | 'risk.officer', Array<[string, string, [number, number]]>> = {
  hr: [['WM', 'salesMinor', [100_000_000 * M, 140_000_000 * M]]],
  'cmp.officer3': [['WM', 'complaintsCount', [6, 10]]],
  'risk.officer': [['CB', 'loansTotalMinor', [5_000_000_000 * M, 6_400_000_000 * M]], ['CB', 'loansOverdueMinor', [50_000_000 * M, 100_000_000 * M]]],
};

export async function importSellingHistory(cast: Cast): Promise<void> {
  const [hr, riskOfficer, complianceOfficer] = await Promise.all([cast.as('hr'), cast.as('risk.officer'), cast.as('cmp.officer3')]);
  const advisers = cast.membersOf('WM').filter((p) => p.username.startsWith('wm.adviser'));
  const quarters = (key: string, values: (username: string) => [number, number]) => advisers.flatMap((p) => {
    const [q1, q2] = values(p.username);
    return [{ cycle: '2026-Q1', scope: { type: 'person', id: p._id }, key, value: q1 }, { cycle: '2026-Q2', scope: { type: 'person', id: p._id }, key, value: q2 }];
  });
  await hr.mustPost('/api/metrics', { source: { system: 'wealth-crm', reference: 'sales-2026-H1.xlsx' }, records: quarters('salesMinor', (u) => (SALES_YUAN[u] ?? [900_000, 990_000]).map((yuan) => yuan * M) as [number, number]) });
  await riskOfficer.mustPost('/api/metrics', { source: { system: 'product-risk', reference: 'high-risk-share-2026-H1' }, records: quarters('highRiskSharePercent', (u) => HIGH_RISK_SHARE[u] ?? [10, 11]) });
  await complianceOfficer.mustPost('/api/metrics', { source: { system: 'complaints-desk', reference: 'complaints-2026-H1' }, records: quarters('complaintsCount', (u) => COMPLAINTS[u] ?? [0, 0]) });
  for (const [username, figures] of Object.entries(UNIT_QUARTERS)) {
    await (await cast.as(username)).mustPost('/api/metrics', {
      source: { system: 'unit-datamart', reference: `unit-quarters-2026-H1-${username}` },
      records: figures.flatMap(([unitId, key, [q1, q2]]) => [{ cycle: '2026-Q1', scope: { type: 'unit', id: unitId }, key, value: q1 }, { cycle: '2026-Q2', scope: { type: 'unit', id: unitId }, key, value: q2 }]),
    });
  }
}
