import { checkDeferralPack, deferralSchedule, DeferralInputError, DeferralPolicyError, variablePayCap, type DeferralAward, type DeferralPack } from '../../src/domain/deferral';
import cnBankFile from '../../policies/deferral-cn-bank.json';
import cnFundFile from '../../policies/deferral-cn-fund.json';
import cnInsurerFile from '../../policies/deferral-cn-insurer.json';
import euFile from '../../policies/deferral-eu-crd5.json';
import ukFile from '../../policies/deferral-uk.json';

const cnBank = cnBankFile.body as unknown as DeferralPack;
const cnInsurer = cnInsurerFile.body as unknown as DeferralPack;
const cnFund = cnFundFile.body as unknown as DeferralPack;
const eu = euFile.body as unknown as DeferralPack;
const uk = ukFile.body as unknown as DeferralPack;
const ref = (key: string) => ({ key, version: 1 });

const award = (overrides: Partial<DeferralAward>): DeferralAward => ({
  awardId: 'AW-2026-001', amountMinor: 100_000_000, currency: 'CNY', roleCategory: 'seniorManagement', awardDate: '2026-03-31', ...overrides,
});
const amounts = (s: ReturnType<typeof deferralSchedule>) => s.tranches.map((t) => t.amountMinor);
const total = (s: ReturnType<typeof deferralSchedule>) => s.upfront.amountMinor + amounts(s).reduce((a, b) => a + b, 0);

describe('the shipped packs', () => {
  it('all pass their own regulatory minimums', () => {
    for (const pack of [cnBank, cnInsurer, cnFund, eu, uk]) expect(() => checkDeferralPack(pack)).not.toThrow();
  });
});

describe('China, commercial banks (CBRC 2010 guideline)', () => {
  it('defers 40 % of a senior manager\'s award over 3 equal yearly tranches, remainder in the last', () => {
    // ¥1,000,000.01 = 100,000,001 fen; 40 % = 40,000,000.4 → rounded up to 40,000,001 (never below 40 %)
    // upfront 100,000,001 − 40,000,001 = 60,000,000
    // tranches floor(40,000,001 / 3) = 13,333,333 twice, the last 40,000,001 − 26,666,666 = 13,333,335
    const s = deferralSchedule(award({ amountMinor: 100_000_001 }), cnBank, ref('deferral-cn-bank'));
    expect(s.ruleId).toBe('senior-and-risk-roles');
    expect(s.deferredMinor).toBe(40_000_001);
    expect(s.upfront).toEqual({ trancheId: 'AW-2026-001/T0', index: 0, vestingDate: '2026-03-31', amountMinor: 60_000_000 });
    expect(s.tranches).toEqual([
      { trancheId: 'AW-2026-001/T1', index: 1, vestingDate: '2027-03-31', amountMinor: 13_333_333 },
      { trancheId: 'AW-2026-001/T2', index: 2, vestingDate: '2028-03-31', amountMinor: 13_333_333 },
      { trancheId: 'AW-2026-001/T3', index: 3, vestingDate: '2029-03-31', amountMinor: 13_333_335 },
    ]);
    expect(total(s)).toBe(100_000_001);
    expect(s.policy).toEqual(ref('deferral-cn-bank'));
  });

  it('defers 60 % for a principal executive (the guideline asks for more than 50 %, 60 % where possible)', () => {
    // ¥2,000,000 = 200,000,000 fen → 120,000,000 deferred in 3 × 40,000,000; 80,000,000 upfront
    const s = deferralSchedule(award({ amountMinor: 200_000_000, roleCategory: 'principalExecutive' }), cnBank, ref('deferral-cn-bank'));
    expect(s.ruleId).toBe('principal-executive');
    expect(s.upfront.amountMinor).toBe(80_000_000);
    expect(amounts(s)).toEqual([40_000_000, 40_000_000, 40_000_000]);
  });

  it('pays other staff in full up front, and refuses a role no rule names', () => {
    const s = deferralSchedule(award({ roleCategory: 'otherStaff' }), cnBank, ref('deferral-cn-bank'));
    expect(s.deferredMinor).toBe(0);
    expect(s.tranches).toEqual([]);
    expect(() => deferralSchedule(award({ roleCategory: 'trader' }), cnBank, ref('deferral-cn-bank'))).toThrow(DeferralInputError);
  });

  it('vests an award made on 29 February on 28 February in common years', () => {
    const s = deferralSchedule(award({ awardDate: '2028-02-29' }), cnBank, ref('deferral-cn-bank'));
    expect(s.tranches.map((t) => t.vestingDate)).toEqual(['2029-02-28', '2030-02-28', '2031-02-28']);
  });

  it('refuses an edited pack that undercuts the guideline', () => {
    const edit = (rule: string, change: object): DeferralPack => ({ ...cnBank, rules: cnBank.rules.map((r) => (r.id === rule ? { ...r, ...change } : r)) });
    // exactly 50 % is not "more than 50 %"
    expect(() => deferralSchedule(award({ roleCategory: 'principalExecutive' }), edit('principal-executive', { bands: [{ fromMinor: 0, deferPercent: 50, minimumPercent: 50, minimumExclusive: true }] }), ref('x')))
      .toThrow(/more than 50%/);
    expect(() => checkDeferralPack(edit('senior-and-risk-roles', { bands: [{ fromMinor: 0, deferPercent: 35, minimumPercent: 40 }] }))).toThrow(DeferralPolicyError);
    // two tranches end in year 2: the guideline wants at least 3 years
    expect(() => checkDeferralPack(edit('senior-and-risk-roles', { tranches: 2 }))).toThrow(/year 3/);
  });
});

describe('China, insurers (CIRC 2012 guideline)', () => {
  it('defers at least 50 % for the chair and the general manager', () => {
    // ¥1,500,000 = 150,000,000 fen → 75,000,000 deferred, 3 × 25,000,000
    const s = deferralSchedule(award({ amountMinor: 150_000_000, roleCategory: 'chairOrGeneralManager' }), cnInsurer, ref('deferral-cn-insurer'));
    expect(s.upfront.amountMinor).toBe(75_000_000);
    expect(amounts(s)).toEqual([25_000_000, 25_000_000, 25_000_000]);
  });

  it('defers 40 % for directors, supervisors, senior managers and key roles', () => {
    const s = deferralSchedule(award({ amountMinor: 30_000_000, roleCategory: 'supervisor' }), cnInsurer, ref('deferral-cn-insurer'));
    expect(s.deferredMinor).toBe(12_000_000);
    expect(amounts(s)).toEqual([4_000_000, 4_000_000, 4_000_000]);
  });

  // Art. 13: "支付期限原则上不少于三年。支付期限为三年的，不延期部分在绩效考核结果确定当年支付，延期部分于考核
  // 结果确定的下两个年度同期平均支付". The three years count the award year: upfront now, the deferred part
  // in equal halves on the first and second anniversaries is the shortest schedule the guideline allows.
  const editInsurer = (id: string, change: Record<string, unknown>): DeferralPack => ({ ...cnInsurer, rules: cnInsurer.rules.map((r) => (r.id === id ? { ...r, ...change } : r)) });
  it('refuses a deferred part paid in one lump, though the guideline pays it evenly over the next two years', () => {
    // One tranche on the second anniversary ends in year 2 like the shortest allowed schedule, but is not
    // "下两个年度同期平均支付": refused, for both rules that defer.
    expect(() => checkDeferralPack(editInsurer('chair-and-general-manager', { tranches: 1, firstVestingYear: 2 }))).toThrow(/1 yearly instalment, but the regulation requires at least 2/);
    expect(() => checkDeferralPack(editInsurer('directors-senior-and-key-roles', { tranches: 1, firstVestingYear: 2 }))).toThrow(DeferralPolicyError);
    // Nor may the schedule end before the second anniversary.
    expect(() => checkDeferralPack(editInsurer('chair-and-general-manager', { tranches: 1, firstVestingYear: 1 }))).toThrow(DeferralPolicyError);
  });

  it('accepts the three-year term the guideline spells out: upfront in the award year, two equal halves after', () => {
    // ¥1,000,000 for the chair: 50 % deferred = ¥500,000 in 2 × ¥250,000 on 2027-03-31 and 2028-03-31.
    const pack = editInsurer('chair-and-general-manager', { tranches: 2 });
    const s = deferralSchedule(award({ amountMinor: 100_000_000, roleCategory: 'chairOrGeneralManager' }), pack, ref('deferral-cn-insurer'));
    expect(s.upfront).toMatchObject({ amountMinor: 50_000_000, vestingDate: '2026-03-31' });
    expect(s.tranches.map((t) => [t.vestingDate, t.amountMinor])).toEqual([['2027-03-31', 25_000_000], ['2028-03-31', 25_000_000]]);
  });
});

describe('China, fund management companies (AMAC 2022 guideline)', () => {
  const fund = (overrides: Partial<DeferralAward>) => deferralSchedule(award(overrides), cnFund, ref('deferral-cn-fund'));

  it('defers 40 % of a fund manager\'s award over 3 equal years and asks 30 % of it invested in the company\'s funds', () => {
    // ¥1,000,000 = 100,000,000 fen: 40,000,000 deferred in 3 × 13,333,333 (+1 in the last); 30,000,000 to invest.
    const s = fund({ amountMinor: 100_000_000, roleCategory: 'fundManager' });
    expect(s.upfront.amountMinor).toBe(60_000_000);
    expect(amounts(s)).toEqual([13_333_333, 13_333_333, 13_333_334]);
    expect(s.tranches.map((t) => t.vestingDate)).toEqual(['2027-03-31', '2028-03-31', '2029-03-31']);
    expect(s.coInvestment).toMatchObject({ ruleId: 'fund-managers', percent: 30, requiredMinor: 30_000_000, funds: 'institutionFundsOwnFirst', equityMinimumPercent: null });
  });

  it('asks executives and heads of main business departments to invest 20 %, at least half of it in equity funds', () => {
    // ¥850,000.01 = 85,000,001 fen: 20 % = 17,000,000.2 → rounded up to 17,000,001 (never below the share).
    const s = fund({ amountMinor: 85_000_001, roleCategory: 'departmentHead' });
    expect(s.coInvestment).toMatchObject({ ruleId: 'executives', requiredMinor: 17_000_001, funds: 'institutionFunds', equityMinimumPercent: 50 });
    expect(s.deferredMinor).toBe(34_000_001);
    expect(fund({ roleCategory: 'seniorManagement' }).coInvestment).toMatchObject({ ruleId: 'executives', percent: 20 });
  });

  it('asks nothing of other key staff beyond deferral, and nothing of other staff', () => {
    const key = fund({ amountMinor: 10_000_000, roleCategory: 'keyStaff' });
    expect(key.deferredMinor).toBe(4_000_000);
    expect(key.coInvestment).toBeNull();
    expect(fund({ roleCategory: 'otherStaff' })).toMatchObject({ deferredMinor: 0, coInvestment: null });
  });

  it('refuses an edited pack that defers or invests less than the guideline', () => {
    const editRule = (id: string, change: Record<string, unknown>): DeferralPack => ({ ...cnFund, rules: cnFund.rules.map((r) => (r.id === id ? { ...r, ...change } : r)) });
    const editCo = (id: string, change: Record<string, unknown>): DeferralPack => ({ ...cnFund, coInvestment: cnFund.coInvestment!.map((c) => (c.id === id ? { ...c, ...change } : c)) });
    expect(() => checkDeferralPack(editRule('fund-manager', { bands: [{ fromMinor: 0, deferPercent: 30, minimumPercent: 40 }] }))).toThrow(/at least 40%/);
    expect(() => checkDeferralPack(editRule('fund-manager', { tranches: 2 }))).toThrow(/year 3/);
    expect(() => checkDeferralPack(editCo('fund-managers', { percent: 25 }))).toThrow(/invests 25%, but the regulation requires at least 30%/);
    expect(() => checkDeferralPack(editCo('executives', { roles: ['seniorManagement', 'chairman'] }))).toThrow(/in no deferral rule/);
  });
});

describe('EU, CRD V', () => {
  const euAward = (overrides: Partial<DeferralAward>) => award({ currency: 'EUR', roleCategory: 'materialRiskTaker', ...overrides });

  it('defers 40 % over 4 years below the particularly high amount', () => {
    // €400,000 = 40,000,000 cents → 16,000,000 deferred, 4 × 4,000,000; upfront 24,000,000
    const s = deferralSchedule(euAward({ amountMinor: 40_000_000 }), eu, ref('deferral-eu-crd5'));
    expect(s.upfront.amountMinor).toBe(24_000_000);
    expect(amounts(s)).toEqual([4_000_000, 4_000_000, 4_000_000, 4_000_000]);
    expect(s.tranches.map((t) => t.vestingDate)).toEqual(['2027-03-31', '2028-03-31', '2029-03-31', '2030-03-31']);
  });

  it('defers 60 % of the whole award from the particularly high amount (€500,000 in this pack)', () => {
    // €800,000 = 80,000,000 cents ≥ 50,000,000 → 60 % of all of it = 48,000,000, 4 × 12,000,000
    const s = deferralSchedule(euAward({ amountMinor: 80_000_000 }), eu, ref('deferral-eu-crd5'));
    expect(s.deferredMinor).toBe(48_000_000);
    expect(s.effectiveDeferPercent).toBe(60);
    expect(amounts(s)).toEqual([12_000_000, 12_000_000, 12_000_000, 12_000_000]);
    // the management body of a significant institution defers over 5 years: 5 × 9,600,000
    const board = deferralSchedule(euAward({ amountMinor: 80_000_000, roleCategory: 'managementBody' }), eu, ref('deferral-eu-crd5'));
    expect(amounts(board)).toEqual([9_600_000, 9_600_000, 9_600_000, 9_600_000, 9_600_000]);
  });

  it('exempts a small award (≤ €50,000 and ≤ one third of total pay) when total pay is known', () => {
    // €40,000 of €150,000 total: 40,000 ≤ 50,000 and 40,000 × 3 = 120,000 ≤ 150,000 → exempt
    const exempt = deferralSchedule(euAward({ amountMinor: 4_000_000, totalRemunerationMinor: 15_000_000 }), eu, ref('deferral-eu-crd5'));
    expect(exempt.exempt).toBe(true);
    expect(exempt.ruleId).toBe('exemption');
    expect(exempt.upfront.amountMinor).toBe(4_000_000);
    // €40,000 of €100,000: 120,000 > 100,000 → not exempt → 40 % = 1,600,000 in 4 × 400,000
    const notExempt = deferralSchedule(euAward({ amountMinor: 4_000_000, totalRemunerationMinor: 10_000_000 }), eu, ref('deferral-eu-crd5'));
    expect(notExempt.exempt).toBe(false);
    expect(amounts(notExempt)).toEqual([400_000, 400_000, 400_000, 400_000]);
  });

  it('will not compare an award in another currency with euro thresholds', () => {
    expect(() => deferralSchedule(euAward({ currency: 'USD' }), eu, ref('deferral-eu-crd5'))).toThrow(/convert the award first/);
  });

  it('caps variable pay at 100 % of fixed, 200 % with shareholder approval', () => {
    expect(variablePayCap({ fixedPayMinor: 20_000_000, roleCategory: 'materialRiskTaker' }, eu, ref('deferral-eu-crd5')).capMinor).toBe(20_000_000);
    expect(variablePayCap({ fixedPayMinor: 20_000_000, roleCategory: 'materialRiskTaker', shareholderApproved: true }, eu, ref('deferral-eu-crd5')).capMinor).toBe(40_000_000);
  });

  it('applies an approved ratio as approved, never above the directive\'s 200 % nor below its 100 %', () => {
    const approval = (maxPercentOfFixed: number) => ({ id: 'AGM-2026-R7', maxPercentOfFixed, approvedBy: 'Annual general meeting 2026, resolution 7', approvedOn: '2026-04-28' });
    // Fixed pay €100,000 = 10,000,000 cents, approved 200 %: cap €200,000.
    const at200 = variablePayCap({ fixedPayMinor: 10_000_000, roleCategory: 'materialRiskTaker', approval: approval(200) }, eu, ref('deferral-eu-crd5'));
    expect(at200).toMatchObject({ capMinor: 20_000_000, percentOfFixed: 200, maxWithApprovalPercent: 200, approval: { id: 'AGM-2026-R7', approvedOn: '2026-04-28' } });
    expect(at200.steps[0]!.values).toMatchObject({ approvedBy: 'Annual general meeting 2026, resolution 7', packPercent: 100 });
    // 150 % approved: €150,000. 250 % "approved": the directive's ceiling, €200,000.
    expect(variablePayCap({ fixedPayMinor: 10_000_000, roleCategory: 'materialRiskTaker', approval: approval(150) }, eu, ref('deferral-eu-crd5')).capMinor).toBe(15_000_000);
    expect(variablePayCap({ fixedPayMinor: 10_000_000, roleCategory: 'materialRiskTaker', approval: approval(250) }, eu, ref('deferral-eu-crd5')).capMinor).toBe(20_000_000);
    // A CN pack has no higher ratio with approval: the approval changes nothing and says so.
    const cn = variablePayCap({ fixedPayMinor: 10_000_000, roleCategory: 'principalExecutive', approval: approval(200) }, cnBank, ref('deferral-cn-bank'));
    expect(cn).toMatchObject({ capMinor: 30_000_000, percentOfFixed: 300, approval: null, maxWithApprovalPercent: null });
    expect(cn.steps[0]!.note).toMatch(/does not apply/);
  });
});

describe('UK, after PS21/25', () => {
  const ukAward = (overrides: Partial<DeferralAward>) => award({ currency: 'GBP', roleCategory: 'materialRiskTaker', awardDate: '2026-03-01', ...overrides });

  it('defers 40 % of the first £660,000 and 60 % of the rest, over 4 years from year 1', () => {
    // £1,000,000 = 100,000,000 pence: 40 % × 66,000,000 = 26,400,000; 60 % × 34,000,000 = 20,400,000
    // deferred 46,800,000 (46.8 %), 4 × 11,700,000; upfront 53,200,000
    const s = deferralSchedule(ukAward({ amountMinor: 100_000_000 }), uk, ref('deferral-uk'));
    expect(s.deferredMinor).toBe(46_800_000);
    expect(s.effectiveDeferPercent).toBe(46.8);
    expect(s.upfront.amountMinor).toBe(53_200_000);
    expect(amounts(s)).toEqual([11_700_000, 11_700_000, 11_700_000, 11_700_000]);
    expect(s.tranches[0]?.vestingDate).toBe('2027-03-01');
    expect(s.steps.filter((step) => step.step.startsWith('slice')).map((step) => step.result)).toEqual([26_400_000, 20_400_000]);
  });

  it('rounds the deferred amount up to the penny and puts the tranche remainder last', () => {
    // £660,000.01: 26,400,000 + 60 % × 1 = 26,400,000.6 → 26,400,001; tranches 6,600,000 × 3 + 6,600,001
    const s = deferralSchedule(ukAward({ amountMinor: 66_000_001 }), uk, ref('deferral-uk'));
    expect(s.deferredMinor).toBe(26_400_001);
    expect(amounts(s)).toEqual([6_600_000, 6_600_000, 6_600_000, 6_600_001]);
    expect(total(s)).toBe(66_000_001);
  });

  it('treats senior managers the same since PS21/25, and has no bonus cap', () => {
    const s = deferralSchedule(ukAward({ amountMinor: 50_000_000, roleCategory: 'seniorManager' }), uk, ref('deferral-uk'));
    expect(amounts(s)).toEqual([5_000_000, 5_000_000, 5_000_000, 5_000_000]);
    expect(variablePayCap({ fixedPayMinor: 20_000_000, roleCategory: 'seniorManager' }, uk, ref('deferral-uk')).capMinor).toBeNull();
  });

  it('can model the old senior-manager rule as data: 7 years, nothing before year 3', () => {
    const old: DeferralPack = { ...uk, rules: uk.rules.map((r) => (r.id === 'senior-manager' ? { ...r, tranches: 5, firstVestingYear: 3 } : r)) };
    const s = deferralSchedule(ukAward({ amountMinor: 50_000_000, roleCategory: 'seniorManager' }), old, ref('deferral-uk'));
    expect(s.tranches.map((t) => t.vestingDate)).toEqual(['2029-03-01', '2030-03-01', '2031-03-01', '2032-03-01', '2033-03-01']);
  });
});

describe('bad input', () => {
  it('refuses negative or fractional amounts and malformed dates', () => {
    expect(() => deferralSchedule(award({ amountMinor: -1 }), cnBank, ref('x'))).toThrow(DeferralInputError);
    expect(() => deferralSchedule(award({ amountMinor: 1.5 }), cnBank, ref('x'))).toThrow(/minor units/);
    expect(() => deferralSchedule(award({ awardDate: '31/03/2026' }), cnBank, ref('x'))).toThrow(DeferralInputError);
  });
});
