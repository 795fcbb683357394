import { riskCoefficient, RiskAdjustmentInputError, type RiskAdjustmentPolicy } from '../../src/domain/risk-adjustment';
import riskPolicyFile from '../../policies/risk-adjustment.json';

// Shipped policy: hurdle 12 %, +0.02 per point above it, −0.03 per point below it; NPL limit 1.5 % at
// −0.2 per point above; overdue limit 3 % at −0.1 per point above; floor 0.5, ceiling 1.3; 4 decimals.
const policy = riskPolicyFile.body as RiskAdjustmentPolicy;
const ref = { key: 'risk-adjustment', version: 1 };

describe('riskCoefficient', () => {
  it('rewards a lending branch above the hurdle and takes off for NPLs above the limit', () => {
    // Amounts in fen. Risk-adjusted return = 500,000,000 − 200,000,000 − 30,000,000 = 270,000,000
    // RAROC = 270,000,000 / 1,500,000,000 = 18 % → 6 points above the 12 % hurdle × 0.02 = +0.12
    // NPL = 180,000,000 / 10,000,000,000 = 1.8 % → 0.3 points above 1.5 % × 0.2 = −0.06
    // overdue = 250,000,000 / 10,000,000,000 = 2.5 % → under the 3 % limit → 0
    // coefficient = 1 + 0.12 − 0.06 − 0 = 1.06
    const result = riskCoefficient({
      revenueMinor: 500_000_000, costsMinor: 200_000_000, expectedLossMinor: 30_000_000, economicCapitalMinor: 1_500_000_000,
      loans: { totalMinor: 10_000_000_000, nonPerformingMinor: 180_000_000, overdueMinor: 250_000_000 },
    }, policy, ref);
    expect(result.rarocPercent).toBe(18);
    expect(result.aboveHurdle).toBe(true);
    expect(result.nplRatioPercent).toBe(1.8);
    expect(result.overdueRatioPercent).toBe(2.5);
    expect(result.steps.map((s) => [s.step, s.result])).toEqual([
      ['risk-adjusted return', 270_000_000],
      ['raroc', 18],
      ['raroc against hurdle', 0.12],
      ['npl penalty', 0.06],
      ['overdue penalty', 0],
      ['raw coefficient', 1.06],
      ['bounded coefficient', 1.06],
    ]);
    expect(result.coefficient).toBe(1.06);
    expect(result.bound).toBeNull();
    expect(result.policy).toEqual(ref);
  });

  it('penalises a trading desk below the hurdle more steeply, and skips the loan tests it has no loans for', () => {
    // 300,000,000 − 200,000,000 − 40,000,000 = 60,000,000; / 1,000,000,000 = 6 %
    // 6 − 12 = −6 points × 0.03 = −0.18 → coefficient 0.82
    const result = riskCoefficient({ revenueMinor: 300_000_000, costsMinor: 200_000_000, expectedLossMinor: 40_000_000, economicCapitalMinor: 1_000_000_000 }, policy, ref);
    expect(result.rarocPercent).toBe(6);
    expect(result.aboveHurdle).toBe(false);
    expect(result.nplRatioPercent).toBeNull();
    expect(result.steps.find((s) => s.step === 'npl penalty')?.formula).toMatch(/not applicable/);
    expect(result.coefficient).toBe(0.82);
  });

  it('holds a loss-making unit at the floor', () => {
    // 100 − 200 − 50 = −150 (millions of fen); / 1,000 = −15 %; −15 − 12 = −27 points × 0.03 = −0.81
    // raw = 1 − 0.81 = 0.19 → floor 0.5
    const result = riskCoefficient({ revenueMinor: 100_000_000, costsMinor: 200_000_000, expectedLossMinor: 50_000_000, economicCapitalMinor: 1_000_000_000 }, policy, ref);
    expect(result.rarocPercent).toBe(-15);
    expect(result.rawCoefficient).toBe(0.19);
    expect(result.coefficient).toBe(0.5);
    expect(result.bound).toBe('floor');
  });

  it('holds an exceptional year at the ceiling', () => {
    // 600 − 200 − 100 = 300; / 1,000 = 30 %; 18 points × 0.02 = +0.36 → raw 1.36 → ceiling 1.3
    const result = riskCoefficient({ revenueMinor: 600, costsMinor: 200, expectedLossMinor: 100, economicCapitalMinor: 1000 }, policy, ref);
    expect(result.rawCoefficient).toBe(1.36);
    expect(result.coefficient).toBe(1.3);
    expect(result.bound).toBe('ceiling');
  });

  it('rounds the coefficient to the policy decimals and keeps the raw value', () => {
    // 100 / 700 = 14.285714 %; 2.285714 points × 0.02 = 0.045714 → raw 1.045714 → 1.0457
    const result = riskCoefficient({ revenueMinor: 100, costsMinor: 0, expectedLossMinor: 0, economicCapitalMinor: 700 }, policy, ref);
    expect(result.rarocPercent).toBe(14.285714);
    expect(result.rawCoefficient).toBe(1.045714);
    expect(result.coefficient).toBe(1.0457);
  });

  it('refuses input it cannot compute with', () => {
    const base = { revenueMinor: 100, costsMinor: 0, expectedLossMinor: 0, economicCapitalMinor: 700 };
    expect(() => riskCoefficient({ ...base, economicCapitalMinor: 0 }, policy, ref)).toThrow(RiskAdjustmentInputError);
    expect(() => riskCoefficient({ ...base, costsMinor: -5 }, policy, ref)).toThrow(/costs must not be negative/);
    expect(() => riskCoefficient({ ...base, revenueMinor: 10.5 }, policy, ref)).toThrow(/whole number of minor units/);
    expect(() => riskCoefficient({ ...base, loans: { totalMinor: 100, nonPerformingMinor: 101, overdueMinor: 0 } }, policy, ref)).toThrow(/exceed total loans/);
    expect(() => riskCoefficient(base, { ...policy, bounds: { floor: 1.2, ceiling: 0.8 } }, ref)).toThrow(/above its ceiling/);
    expect(() => riskCoefficient(base, policy, { key: 'risk-adjustment', version: 0 })).toThrow(RiskAdjustmentInputError);
  });
});
