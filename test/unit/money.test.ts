import { divide, largestRemainder, multiplyMinor, MoneyInputError, percentOfMinor, toCommonScale, toScaled, assertMinorUnits } from '../../src/domain/money';

describe('toScaled: a policy number read as the decimal its author wrote', () => {
  it('keeps 1.2, 12.5, 40 and 1e-7 exact', () => {
    expect(toScaled(1.2)).toEqual({ units: 12n, scale: 1 });
    expect(toScaled(12.5)).toEqual({ units: 125n, scale: 1 });
    expect(toScaled(40)).toEqual({ units: 40n, scale: 0 });
    expect(toScaled(1e-7)).toEqual({ units: 1n, scale: 7 });
    expect(toScaled(-0.03)).toEqual({ units: -3n, scale: 2 });
  });

  it('puts several decimals over one scale: 33.3 + 33.3 + 33.4 is exactly 100', () => {
    // In floating point 33.3 + 33.3 + 33.4 is 100.00000000000001; in tenths it is 333 + 333 + 334 = 1000.
    const { units, scale } = toCommonScale([33.3, 33.3, 33.4]);
    expect(scale).toBe(1);
    expect(units.reduce((s, u) => s + u, 0n)).toBe(1000n);
  });
});

describe('amounts times decimals', () => {
  it('avoids the floating-point trap: 100 × 0.29 is 29, not 28', () => {
    // 100 * 0.29 === 28.999999999999996 in floating point; floor would give 28.
    expect(multiplyMinor(100, 0.29, 'floor')).toBe(29);
  });

  it('rounds the way it is told', () => {
    expect(multiplyMinor(1001, 0.5, 'floor')).toBe(500); // 500.5 down
    expect(percentOfMinor(1001, 40, 'ceil')).toBe(401); // 400.4 up
    expect(percentOfMinor(1001, 40, 'floor')).toBe(400);
    expect(divide(-7n, 2n, 'floor')).toBe(-4n);
    expect(divide(-7n, 2n, 'ceil')).toBe(-3n);
  });

  it('refuses fractions of a cent and negative amounts', () => {
    expect(() => assertMinorUnits(10.5, 'pool')).toThrow(MoneyInputError);
    expect(() => assertMinorUnits(-1, 'pool')).toThrow(/must not be negative/);
    expect(() => assertMinorUnits(-1, 'net revenue', MoneyInputError, true)).not.toThrow();
  });
});

describe('largestRemainder', () => {
  it('splits 7 people over a 10/20/40/20/10 curve so the counts sum to 7', () => {
    // quotas 0.7, 1.4, 2.8, 1.4, 0.7 → floors 0, 1, 2, 1, 0 (sum 4); 3 left over go to the largest
    // remainders: .8 (third), .7 (first), .7 (fifth) → 1, 1, 3, 1, 1
    expect(largestRemainder(7, [10n, 20n, 40n, 20n, 10n])).toEqual([1, 1, 3, 1, 1]);
  });

  it('gives a tie to the earlier index', () => {
    // 100 / 3 = 33.33 each → 33, 33, 33 and one unit left → the first
    expect(largestRemainder(100, [1n, 1n, 1n])).toEqual([34, 33, 33]);
  });

  it('never gives anything to a zero weight', () => {
    // 5 × 1/2 = 2.5 for the two non-zero weights → 2, 2, one left → the earlier of the tie
    expect(largestRemainder(5, [0n, 1n, 1n])).toEqual([0, 3, 2]);
  });

  it('refuses to split a positive total when every weight is zero', () => {
    expect(largestRemainder(0, [0n, 0n])).toEqual([0, 0]);
    expect(() => largestRemainder(1, [0n, 0n])).toThrow(MoneyInputError);
  });
});
