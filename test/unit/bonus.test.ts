import { allocateBonus, BonusInputError, unitPool, type BonusPerson, type BonusPolicy } from '../../src/domain/bonus';
import { riskCoefficient, type RiskAdjustmentPolicy } from '../../src/domain/risk-adjustment';
import bonusPolicyFile from '../../policies/bonus.json';
import riskPolicyFile from '../../policies/risk-adjustment.json';

// Shipped policy: A 1.5, B 1.2, C 1.0, D 0.5, E 0 × fixed pay; variable ≤ 3 × fixed; compliance
// reductions and cap excess are retained by the institution.
const policy = bonusPolicyFile.body as BonusPolicy;
const ref = { key: 'bonus', version: 1 };
const awards = (result: ReturnType<typeof allocateBonus>) => Object.fromEntries(result.people.map((p) => [p.personId, p.awardMinor]));

describe('unitPool', () => {
  it('scales the base pool by the unit coefficient from risk adjustment', () => {
    // the lending branch of the risk-adjustment example: coefficient 1.06
    // ¥1,000,000.00 = 100,000,000 fen × 1.06 = 106,000,000 fen
    const risk = riskCoefficient({
      revenueMinor: 500_000_000, costsMinor: 200_000_000, expectedLossMinor: 30_000_000, economicCapitalMinor: 1_500_000_000,
      loans: { totalMinor: 10_000_000_000, nonPerformingMinor: 180_000_000, overdueMinor: 250_000_000 },
    }, riskPolicyFile.body as RiskAdjustmentPolicy, { key: 'risk-adjustment', version: 3 });
    const pool = unitPool(100_000_000, risk);
    expect(pool.poolMinor).toBe(106_000_000);
    expect(pool.policy).toEqual({ key: 'risk-adjustment', version: 3 });
  });

  it('rounds the pool down to the minor unit', () => {
    // 333,333 × 1.0457 = 333,333 + 15,233.3181 = 348,566.3181 → 348,566
    expect(unitPool(333_333, { coefficient: 1.0457, policy: { key: 'risk-adjustment', version: 1 } }).poolMinor).toBe(348_566);
  });
});

describe('allocateBonus', () => {
  const team: BonusPerson[] = [
    { id: 'p1', rating: 'A', fixedPayMinor: 1_000_000 },
    { id: 'p2', rating: 'B', fixedPayMinor: 1_000_000 },
    { id: 'p3', rating: 'C', fixedPayMinor: 800_000 },
    { id: 'p4', rating: 'D', fixedPayMinor: 600_000 },
    { id: 'p5', rating: 'E', fixedPayMinor: 500_000 },
  ];

  it('fills the pool to the cent by largest remainder', () => {
    // weights: 1.5 × 1,000,000 = 1,500,000; 1.2 × 1,000,000 = 1,200,000; 800,000; 0.5 × 600,000 = 300,000; 0 → Σ 3,800,000
    // 1,000,000 × 1.5/3.8 = 394,736.84 → 394,736   × 1.2/3.8 = 315,789.47 → 315,789
    //             × 0.8/3.8 = 210,526.32 → 210,526   × 0.3/3.8 =  78,947.37 →  78,947   → 999,998
    // the 2 left go to the largest remainders .84 (p1) and .47 (p2)
    const result = allocateBonus(1_000_000, team, policy, ref);
    expect(awards(result)).toEqual({ p1: 394_737, p2: 315_790, p3: 210_526, p4: 78_947, p5: 0 });
    expect(result.allocatedMinor).toBe(1_000_000);
    expect(result.people[0]?.steps.map((s) => s.step)).toEqual(['weight', 'entitlement', 'compliance', 'cap']);
    expect(result.policy).toEqual(ref);
  });

  describe('a compliance multiplier (p2 capped from B to C by a major breach, bonus × 0.5)', () => {
    const withBreach = team.map((p) => (p.id === 'p2' ? { ...p, rating: 'C', complianceMultiplier: 0.5 } : p));

    it('retains the amount taken off (shipped policy)', () => {
      // weights 1,500,000; 1,000,000; 800,000; 300,000; 0 → Σ 3,600,000
      // 1,000,000 × 15/36 = 416,666.67   × 10/36 = 277,777.78   × 8/36 = 222,222.22   × 3/36 = 83,333.33
      // floors sum to 999,998; +1 to p2 (.78) and p1 (.67) → 416,667; 277,778; 222,222; 83,333
      // p2: floor(277,778 × 0.5) = 138,889 paid, 138,889 retained
      const result = allocateBonus(1_000_000, withBreach, policy, ref);
      expect(awards(result)).toEqual({ p1: 416_667, p2: 138_889, p3: 222_222, p4: 83_333, p5: 0 });
      expect(result.people[1]).toMatchObject({ entitlementMinor: 277_778, complianceRetainedMinor: 138_889 });
      expect(result.complianceRetainedMinor).toBe(138_889);
      expect(result.allocatedMinor + result.complianceRetainedMinor).toBe(1_000_000);
    });

    it('shares the pool among the others when the policy redistributes', () => {
      // p2's weight becomes 1,000,000 × 0.5 = 500,000 → Σ 3,100,000
      // 1,000,000 × 15/31 = 483,870.97   × 5/31 = 161,290.32   × 8/31 = 258,064.52   × 3/31 = 96,774.19
      // floors sum to 999,998; +1 to p1 (.97) and p3 (.52)
      const result = allocateBonus(1_000_000, withBreach, { ...policy, complianceReduction: 'redistribute' }, ref);
      expect(awards(result)).toEqual({ p1: 483_871, p2: 161_290, p3: 258_065, p4: 96_774, p5: 0 });
      expect(result.complianceRetainedMinor).toBe(0);
      expect(result.allocatedMinor).toBe(1_000_000);
    });

    it('pays nothing after a veto (multiplier 0)', () => {
      const vetoed = team.map((p) => (p.id === 'p1' ? { ...p, rating: 'E', complianceMultiplier: 0 } : p));
      const result = allocateBonus(1_000_000, vetoed, policy, ref);
      expect(awards(result).p1).toBe(0);
    });
  });

  describe('caps: variable ≤ 1 × fixed pay (EU-style)', () => {
    const euPolicy: BonusPolicy = { ...policy, caps: { maxVariableToFixedRatio: 1 } };
    const desk: BonusPerson[] = [
      { id: 'q1', rating: 'A', fixedPayMinor: 200_000 },
      { id: 'q2', rating: 'B', fixedPayMinor: 500_000 },
      { id: 'q3', rating: 'C', fixedPayMinor: 500_000 },
    ];
    // weights 300,000; 600,000; 500,000 → Σ 1,400,000
    // 1,000,000 × 3/14 = 214,285.71   × 6/14 = 428,571.43   × 5/14 = 357,142.86 → floors 999,998
    // +1 to q3 (.86) and q1 (.71) → 214,286; 428,571; 357,143. q1's cap is 200,000 → excess 14,286

    it('retains the excess over a cap (shipped choice)', () => {
      const result = allocateBonus(1_000_000, desk, euPolicy, ref);
      expect(awards(result)).toEqual({ q1: 200_000, q2: 428_571, q3: 357_143 });
      expect(result.people[0]).toMatchObject({ capMinor: 200_000, capSource: 'ratio', capExcessMinor: 14_286 });
      expect(result.capRetainedMinor).toBe(14_286);
      expect(result.allocatedMinor + result.capRetainedMinor).toBe(1_000_000);
    });

    it('shares the excess among people below their caps when the policy redistributes', () => {
      // 14,286 over weights 600,000 : 500,000 → 7,792.36 and 6,493.64 → 7,792 + 6,493, +1 to q3 (.64)
      const result = allocateBonus(1_000_000, desk, { ...euPolicy, capExcess: 'redistribute' }, ref);
      expect(awards(result)).toEqual({ q1: 200_000, q2: 428_571 + 7_792, q3: 357_143 + 6_494 });
      expect(result.allocatedMinor).toBe(1_000_000);
      expect(result.redistributionRounds).toBe(1);
    });

    it('retains what nobody can take when redistribution pushes everyone to a cap', () => {
      // s1 A 100,000 (w 150,000), s2 C 290,000 (w 290,000), s3 C 600,000 (w 600,000) → Σ 1,040,000
      // 144,230.77 / 278,846.15 / 576,923.08 → floors 999,999, +1 to s1 → 144,231; 278,846; 576,923
      // s1 over its 100,000 cap by 44,231 → shared 290 : 600 → 14,412.35 / 29,818.65 → 14,412 + 29,819
      // s2 278,846 + 14,412 = 293,258 > 290,000 → 3,258 back; s3 576,923 + 29,819 = 606,742 > 600,000 → 6,742 back
      // nobody is below a cap any more: 3,258 + 6,742 = 10,000 retained
      const result = allocateBonus(1_000_000, [
        { id: 's1', rating: 'A', fixedPayMinor: 100_000 },
        { id: 's2', rating: 'C', fixedPayMinor: 290_000 },
        { id: 's3', rating: 'C', fixedPayMinor: 600_000 },
      ], { ...euPolicy, capExcess: 'redistribute' }, ref);
      expect(awards(result)).toEqual({ s1: 100_000, s2: 290_000, s3: 600_000 });
      expect(result.people.map((p) => p.redistributedMinor)).toEqual([0, 11_154, 23_077]);
      expect(result.capRetainedMinor).toBe(10_000);
    });

    it('counts variable pay already awarded against the ratio cap, and takes an absolute cap when it is lower', () => {
      // q1: 1 × 200,000 − 50,000 already paid = 150,000; q2: absolute cap 100,000 < 1 × 500,000
      const result = allocateBonus(1_000_000, desk.map((p) => (p.id === 'q1' ? { ...p, otherVariableMinor: 50_000 } : p.id === 'q2' ? { ...p, capMinor: 100_000 } : p)), euPolicy, ref);
      expect(result.people.map((p) => [p.capMinor, p.capSource])).toEqual([[150_000, 'ratio'], [100_000, 'absolute'], [500_000, 'ratio']]);
      expect(awards(result)).toEqual({ q1: 150_000, q2: 100_000, q3: 357_143 });
    });
  });

  it('weights by pay-grade factor when the policy says so', () => {
    // t1 A in G3: 1.5 × 1.3 = 1.95; t2 C in G2: 1.0 × 1.0 = 1; t3 D in G2: 0.5 → Σ 3.45
    // 10,000 × 1.95/3.45 = 5,652.17   × 1/3.45 = 2,898.55   × 0.5/3.45 = 1,449.28 → floors 9,999, +1 to t2 (.55)
    const gradePolicy: BonusPolicy = { ...policy, payBasis: 'payGrade', caps: { maxVariableToFixedRatio: null } };
    const result = allocateBonus(10_000, [
      { id: 't1', rating: 'A', payGrade: 'G3' },
      { id: 't2', rating: 'C', payGrade: 'G2' },
      { id: 't3', rating: 'D', payGrade: 'G2' },
    ], gradePolicy, ref);
    expect(awards(result)).toEqual({ t1: 5_652, t2: 2_899, t3: 1_449 });
    expect(result.people[0]?.weight).toBeCloseTo(1.95, 10);
  });

  it('leaves the pool unallocated when nobody has a weight', () => {
    const result = allocateBonus(50_000, [{ id: 'e1', rating: 'E', fixedPayMinor: 100_000 }], policy, ref);
    expect(result.unallocatedMinor).toBe(50_000);
    expect(result.allocatedMinor).toBe(0);
  });

  it('does not depend on the order people are passed in', () => {
    const forwards = allocateBonus(1_000_001, team, policy, ref);
    const backwards = allocateBonus(1_000_001, [...team].reverse(), policy, ref);
    expect(awards(backwards)).toEqual(awards(forwards));
  });

  it('accounts for every cent of the pool in a large unit', () => {
    const ratings = ['A', 'B', 'C', 'C', 'D', 'E'];
    let seed = 42;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648);
    const many: BonusPerson[] = Array.from({ length: 2_000 }, (_, i) => ({
      id: `e${String(i).padStart(5, '0')}`,
      rating: ratings[next() % ratings.length] ?? 'C',
      fixedPayMinor: 5_000_000 + (next() % 50_000_000),
      complianceMultiplier: next() % 50 === 0 ? 0.5 : 1,
    }));
    for (const modes of [{ complianceReduction: 'retain', capExcess: 'retain' }, { complianceReduction: 'redistribute', capExcess: 'redistribute' }] as const) {
      const result = allocateBonus(987_654_321_01, many, { ...policy, caps: { maxVariableToFixedRatio: 1 }, ...modes }, ref);
      const paid = result.people.reduce((s, p) => s + p.awardMinor, 0);
      expect(paid + result.complianceRetainedMinor + result.capRetainedMinor + result.unallocatedMinor).toBe(987_654_321_01);
      expect(result.people.every((p) => p.capMinor === null || p.awardMinor <= p.capMinor)).toBe(true);
    }
  });

  it('refuses bad input', () => {
    expect(() => allocateBonus(-1, team, policy, ref)).toThrow(BonusInputError);
    expect(() => allocateBonus(100, [{ id: 'x', rating: 'A+', fixedPayMinor: 1 }], policy, ref)).toThrow(/no multiplier/);
    expect(() => allocateBonus(100, [{ id: 'x', rating: 'A' }], policy, ref)).toThrow(/fixed pay/);
    expect(() => allocateBonus(100, [{ id: 'x', rating: 'A', fixedPayMinor: 1, complianceMultiplier: 1.5 }], policy, ref)).toThrow(/between 0 and 1/);
    expect(() => allocateBonus(100, [{ id: 'x', rating: 'A', fixedPayMinor: 1 }, { id: 'x', rating: 'B', fixedPayMinor: 1 }], policy, ref)).toThrow(/unique/);
  });
});
