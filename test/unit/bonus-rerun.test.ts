import { allocateBonus, allocateWithOverrides, allocationBasis, BonusInputError, rerunPersonAward, type BonusPerson, type BonusPolicy } from '../../src/domain/bonus';
import bonusPolicyFile from '../../policies/bonus.json';

// Shipped policy: A 1.5, B 1.2, C 1.0, D 0.5, E 0 × fixed pay; variable ≤ 3 × fixed; retained reductions.
const policy = bonusPolicyFile.body as unknown as BonusPolicy;
const ref = { key: 'bonus', version: 1 };
const team: BonusPerson[] = [
  { id: 'p1', rating: 'A', fixedPayMinor: 1_000_000 },
  { id: 'p2', rating: 'B', fixedPayMinor: 1_000_000 },
  { id: 'p3', rating: 'C', fixedPayMinor: 800_000 },
];
const p3 = team[2]!;

describe('allocationBasis', () => {
  it('keeps Σ weights exactly: 1.5 × 1,000,000 + 1.2 × 1,000,000 + 1.0 × 800,000 = 3,500,000', () => {
    expect(allocationBasis(3_500_000, team, policy)).toEqual({ poolMinor: 3_500_000, weightSumUnits: '35000000', weightScale: 1 });
  });
});

describe('rerunPersonAward', () => {
  const basis = allocationBasis(3_500_000, team, policy);

  it('gives the same award as the round when the rating did not change', () => {
    const round = allocateBonus(3_500_000, team, policy, ref);
    expect(rerunPersonAward(basis, p3, policy, ref).awardMinor).toBe(round.people.find((p) => p.personId === 'p3')!.awardMinor);
    expect(rerunPersonAward(basis, p3, policy, ref).awardMinor).toBe(800_000);
  });

  it('an upheld appeal C → B: weight 1.2 × 800,000 = 960,000; 3,500,000 × 960,000 / 3,500,000 = 960,000', () => {
    const rerun = rerunPersonAward(basis, { ...p3, rating: 'B' }, policy, ref);
    expect(rerun).toMatchObject({ rating: 'B', weight: 960_000, entitlementMinor: 960_000, awardMinor: 960_000, capMinor: 2_400_000, capSource: 'ratio' });
    expect(rerun.steps.map((s) => s.step)).toEqual(['weight', 'entitlement', 'compliance', 'cap']);
  });

  it('rounds down: pool 1,000,001 → 1,000,001 × 800,000 / 3,500,000 = 228,571.66 → 228,571', () => {
    expect(rerunPersonAward(allocationBasis(1_000_001, team, policy), p3, policy, ref).entitlementMinor).toBe(228_571);
  });

  it('applies the compliance multiplier and the cap as the round does', () => {
    // a major breach halves: 1,200,000 × 0.5 = 600,000, the other 600,000 retained
    const halved = rerunPersonAward(basis, { ...team[1]!, complianceMultiplier: 0.5 }, policy, ref);
    expect(halved).toMatchObject({ entitlementMinor: 1_200_000, complianceRetainedMinor: 600_000, awardMinor: 600_000 });
    // rated A now: 1.5 × 800,000 = 1,200,000, but the pack caps this person at 900,000
    const capped = rerunPersonAward(basis, { ...p3, rating: 'A', capMinor: 900_000 }, policy, ref);
    expect(capped).toMatchObject({ entitlementMinor: 1_200_000, capMinor: 900_000, capSource: 'absolute', capExcessMinor: 300_000, awardMinor: 900_000 });
  });

  it('refuses a basis nobody shared by', () => {
    expect(() => rerunPersonAward({ poolMinor: 100, weightSumUnits: '0', weightScale: 0 }, p3, policy, ref)).toThrow(BonusInputError);
  });
});

describe('allocateWithOverrides', () => {
  it('takes the override off the pool first and shares the rest by weight', () => {
    // p1 set to 1,000,000; 2,500,000 left for p2 (1,200,000) and p3 (800,000): 1,500,000 and 1,000,000
    const result = allocateWithOverrides(3_500_000, team, [{ personId: 'p1', amountMinor: 1_000_000, reason: 'Deal closed after the review' }], policy, ref);
    expect(Object.fromEntries(result.people.map((p) => [p.personId, p.awardMinor]))).toEqual({ p1: 1_000_000, p2: 1_500_000, p3: 1_000_000 });
    expect(result).toMatchObject({ allocatedMinor: 3_500_000, overriddenMinor: 1_000_000, basis: { poolMinor: 2_500_000, weightSumUnits: '20000000', weightScale: 1 } });
    expect(result.people[0]!.steps[0]).toMatchObject({ step: 'override', result: 1_000_000, note: 'Deal closed after the review' });
  });

  it('cannot undo a veto: an overridden amount still passes compliance, and what it takes is retained', () => {
    const vetoed = team.map((p) => (p.id === 'p1' ? { ...p, complianceMultiplier: 0 } : p));
    const result = allocateWithOverrides(3_500_000, vetoed, [{ personId: 'p1', amountMinor: 1_000_000, reason: 'x' }], policy, ref);
    expect(result.people.find((p) => p.personId === 'p1')).toMatchObject({ awardMinor: 0, complianceRetainedMinor: 1_000_000 });
    expect(result.allocatedMinor + result.complianceRetainedMinor + result.capRetainedMinor + result.unallocatedMinor).toBe(3_500_000);
  });

  it('refuses overrides beyond the pool, for someone not in the round, twice for one person, or without a reason', () => {
    const o = (personId: string, amountMinor: number, reason = 'r') => ({ personId, amountMinor, reason });
    expect(() => allocateWithOverrides(3_500_000, team, [o('p1', 2_000_000), o('p2', 1_500_001)], policy, ref)).toThrow(/more than the pool/);
    expect(() => allocateWithOverrides(3_500_000, team, [o('p9', 1)], policy, ref)).toThrow(/not in this round/);
    expect(() => allocateWithOverrides(3_500_000, team, [o('p1', 1), o('p1', 2)], policy, ref)).toThrow(/twice/);
    expect(() => allocateWithOverrides(3_500_000, team, [o('p1', 1, ' ')], policy, ref)).toThrow(/reason/);
  });
});
