import { variablePayCap, type DeferralPack } from '../../src/domain/deferral';
import { allocateBonus, type BonusPolicy } from '../../src/domain/bonus';
import { approvalFor, approvalProblems, capNotice, unitParents, type VariablePayApproval } from '../../src/domain/variable-pay-approval';
import { validatePolicyBody } from '../../src/domain/policy-validation';
import euFile from '../../policies/deferral-eu-crd5.json';
import cnBankFile from '../../policies/deferral-cn-bank.json';
import approvalsFile from '../../policies/variable-pay-approvals.json';

const eu = euFile.body as unknown as DeferralPack;
const cnBank = cnBankFile.body as unknown as DeferralPack;
const euRef = { key: 'deferral-eu-crd5', version: 1 };

const agm: VariablePayApproval = {
  id: 'AGM-2026-R7', scope: { kind: 'institution' }, roleCategories: ['keyRiskRole'], packs: ['deferral-eu-crd5'], maxPercentOfFixed: 150,
  approvedBy: 'Annual general meeting 2026, resolution 7 (84 % of votes cast)', approvedOn: '2026-04-28', validFrom: '2026-01-01', validTo: '2027-12-31',
};
const tradingDesk: VariablePayApproval = { ...agm, id: 'AGM-2026-R8', scope: { kind: 'unit', unitId: 'MKT' }, maxPercentOfFixed: 200 };
const oneTrader: VariablePayApproval = { ...agm, id: 'EGM-2026-R2', scope: { kind: 'person', personId: 'E-7' }, roleCategories: undefined, maxPercentOfFixed: 180, approvedOn: '2026-09-01' };
const approvals = { approvals: [agm, tradingDesk, oneTrader] };
const subject = { personId: 'E-1', unitId: 'CB', roleCategory: 'keyRiskRole', pack: 'deferral-eu-crd5', onDate: '2027-03-31' };

describe('which shareholder approval holds for an award', () => {
  it('takes the most specific approval: the person before the unit before the institution', () => {
    expect(approvalFor(approvals, subject)?.id).toBe('AGM-2026-R7');
    expect(approvalFor(approvals, { ...subject, unitId: 'MKT' })?.id).toBe('AGM-2026-R8');
    expect(approvalFor(approvals, { ...subject, unitId: 'MKT', personId: 'E-7' })?.id).toBe('EGM-2026-R2');
  });

  it('covers a business line: a unit\'s approval holds for its sub-units, the nearest unit first', () => {
    const markets = { ...agm, id: 'AGM-2026-R9', scope: { kind: 'unit' as const, unitId: 'MARKETS' }, maxPercentOfFixed: 170 };
    const lines = { approvals: [agm, markets, tradingDesk] };
    expect(approvalFor(lines, { ...subject, unitId: 'FX-DESK', parentUnitIds: ['MARKETS', 'HQ'] })?.id).toBe('AGM-2026-R9');
    expect(approvalFor(lines, { ...subject, unitId: 'MKT', parentUnitIds: ['MARKETS', 'HQ'] })?.id).toBe('AGM-2026-R8');
    expect(approvalFor(lines, { ...subject, unitId: 'CB', parentUnitIds: ['HQ'] })?.id).toBe('AGM-2026-R7');
    const chart = [{ _id: 'HQ' }, { _id: 'MARKETS', parentId: 'HQ' }, { _id: 'FX-DESK', parentId: 'MARKETS' }, { _id: 'LOOP-A', parentId: 'LOOP-B' }, { _id: 'LOOP-B', parentId: 'LOOP-A' }];
    expect(unitParents('FX-DESK', chart)).toEqual(['MARKETS', 'HQ']);
    expect(unitParents('HQ', chart)).toEqual([]);
    expect(unitParents('LOOP-A', chart)).toEqual(['LOOP-B']);
  });

  it('holds only for its packs, role categories and dates', () => {
    expect(approvalFor(approvals, { ...subject, pack: 'deferral-cn-bank' })).toBeNull();
    expect(approvalFor(approvals, { ...subject, roleCategory: 'otherStaff' })).toBeNull();
    expect(approvalFor(approvals, { ...subject, onDate: '2028-01-01' })).toBeNull();
    expect(approvalFor(approvals, { ...subject, onDate: '2025-12-31' })).toBeNull();
    expect(approvalFor(null, subject)).toBeNull();
  });

  it('refuses an approval without who approved it and when, or outside 100–1000 %, by field', () => {
    const bad = { approvals: [{ ...agm, approvedBy: ' ', approvedOn: '28/04/2026', maxPercentOfFixed: 90 }, { ...agm, scope: { kind: 'unit' } }] } as never;
    expect(approvalProblems(bad).map((p) => p.field)).toEqual(['approvals[0].maxPercentOfFixed', 'approvals[0].approvedBy', 'approvals[0].approvedOn', 'approvals[1].id', 'approvals[1].scope.unitId']);
    expect(validatePolicyBody('variable-pay-approvals', approvalsFile.body, approvalsFile.body)).toEqual([]);
    expect(validatePolicyBody('variable-pay-approvals', { ...approvalsFile.body, approvals: [agm] }, approvalsFile.body)).toEqual([]);
  });
});

describe('an award above the cap: cut, and said so', () => {
  const policy: BonusPolicy = { ratingMultipliers: { A: 1 }, payBasis: 'fixedPay', caps: { maxVariableToFixedRatio: 3 }, complianceReduction: 'retain', capExcess: 'retain' };
  const bonusRef = { key: 'bonus', version: 1 };
  // One person, fixed pay €100,000 = 10,000,000 cents, a €250,000 pool.
  const allocate = (capMinor: number) => allocateBonus(25_000_000, [{ id: 'E-1', rating: 'A', fixedPayMinor: 10_000_000, roleCategory: 'keyRiskRole', capMinor }], policy, bonusRef).people[0]!;

  it('with the shareholders\' 200 %: the award is €200,000, cut from €250,000 at the approved maximum', () => {
    const approval = { ...tradingDesk };
    const cap = variablePayCap({ fixedPayMinor: 10_000_000, roleCategory: 'materialRiskTaker', approval }, eu, euRef);
    expect(cap.capMinor).toBe(20_000_000);
    const person = allocate(cap.capMinor!);
    expect(person.awardMinor).toBe(20_000_000);
    expect(capNotice(person, cap)).toEqual({ reason: 'approved-maximum', beforeCapMinor: 25_000_000, afterCapMinor: 20_000_000, capMinor: 20_000_000, percentOfFixed: 200, maxWithApprovalPercent: 200 });
  });

  it('without an approval: €100,000, and the round says it needs shareholder approval to pay more', () => {
    const cap = variablePayCap({ fixedPayMinor: 10_000_000, roleCategory: 'materialRiskTaker' }, eu, euRef);
    const person = allocate(cap.capMinor!);
    expect(person.awardMinor).toBe(10_000_000);
    expect(capNotice(person, cap)).toMatchObject({ reason: 'needs-shareholder-approval', beforeCapMinor: 25_000_000, afterCapMinor: 10_000_000, percentOfFixed: 100, maxWithApprovalPercent: 200 });
  });

  it('under a CN pack, 3 × basic pay is the regulation\'s last word; under the bonus policy\'s own ratio, the policy\'s', () => {
    const cap = variablePayCap({ fixedPayMinor: 5_000_000, roleCategory: 'principalExecutive' }, cnBank, { key: 'deferral-cn-bank', version: 1 });
    expect(capNotice(allocate(cap.capMinor!), cap)).toMatchObject({ reason: 'regulatory-maximum', beforeCapMinor: 25_000_000, afterCapMinor: 15_000_000 });
    const noPackCap = variablePayCap({ fixedPayMinor: 5_000_000, roleCategory: 'otherStaff' }, cnBank, { key: 'deferral-cn-bank', version: 1 });
    const person = allocateBonus(25_000_000, [{ id: 'E-1', rating: 'A', fixedPayMinor: 5_000_000 }], policy, bonusRef).people[0]!;
    expect(capNotice(person, noPackCap)).toMatchObject({ reason: 'policy-cap', beforeCapMinor: 25_000_000, afterCapMinor: 15_000_000 });
  });

  it('says nothing of an award below its cap', () => {
    const cap = variablePayCap({ fixedPayMinor: 30_000_000, roleCategory: 'materialRiskTaker' }, eu, euRef);
    expect(capNotice(allocate(cap.capMinor!), cap)).toBeNull();
  });
});
