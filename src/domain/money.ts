/**
 * Exact arithmetic for money in integer minor units (cents, fen, pence) and for the decimal numbers
 * policies are written in (percentages, multipliers, coefficients). Amounts never pass through a
 * floating-point multiplication: a policy number such as 1.2 or 12.5 is read as the exact fraction
 * its decimal text says (12/10, 125/10) and the products are taken in BigInt.
 */

export class MoneyInputError extends Error {
  override readonly name = 'MoneyInputError';
}

type ErrorFactory = new (message: string) => Error;

/** An amount in minor units: a safe integer, ≥ 0 unless negatives are allowed (a unit's net revenue can be a loss). */
export function assertMinorUnits(value: unknown, label: string, ErrorClass: ErrorFactory = MoneyInputError, allowNegative = false): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new ErrorClass(`${label} must be a whole number of minor units (e.g. cents), got ${String(value)}`);
  }
  if (!allowNegative && value < 0) throw new ErrorClass(`${label} must not be negative, got ${value}`);
}

export function assertFiniteNumber(value: unknown, label: string, ErrorClass: ErrorFactory = MoneyInputError): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ErrorClass(`${label} must be a finite number, got ${String(value)}`);
}

/** A decimal number as the exact integer `units` over 10^scale: 1.2 → 12 / 10¹, 12.5 → 125 / 10¹, 40 → 40 / 10⁰. */
export interface ScaledDecimal {
  units: bigint;
  scale: number;
}

export function toScaled(value: number): ScaledDecimal {
  if (!Number.isFinite(value)) throw new MoneyInputError(`not a finite number: ${value}`);
  // The shortest text that round-trips is the number the policy author wrote.
  const text = value.toString();
  const [mantissa = '0', exponentText] = text.split('e');
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  const negative = mantissa.startsWith('-');
  const digits = negative ? mantissa.slice(1) : mantissa;
  const [whole = '0', fraction = ''] = digits.split('.');
  let units = BigInt(whole + fraction);
  let scale = fraction.length - exponent;
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { units: negative ? -units : units, scale };
}

/** Several decimals over one common scale, so they can be compared and summed exactly. */
export function toCommonScale(values: readonly number[]): { units: bigint[]; scale: number } {
  // Policy numbers repeat (five rating multipliers over 50,000 people): convert each distinct value once.
  const distinct = new Map<number, ScaledDecimal>();
  for (const value of values) if (!distinct.has(value)) distinct.set(value, toScaled(value));
  const scale = [...distinct.values()].reduce((max, s) => Math.max(max, s.scale), 0);
  const units = new Map([...distinct].map(([value, s]) => [value, s.units * pow10(scale - s.scale)]));
  return { units: values.map((value) => units.get(value) ?? 0n), scale };
}

export function pow10(scale: number): bigint {
  return 10n ** BigInt(scale);
}

/** a / b rounded down (towards −∞) or up (towards +∞); b > 0. */
export function divide(a: bigint, b: bigint, rounding: 'floor' | 'ceil'): bigint {
  if (b <= 0n) throw new MoneyInputError('division by a non-positive number');
  const q = a / b; // truncates towards zero
  const r = a % b;
  if (r === 0n) return q;
  if (rounding === 'floor') return a < 0n ? q - 1n : q;
  return a > 0n ? q + 1n : q;
}

/** amount × decimal, in whole minor units, rounded as asked. 1001 × 0.5 floor → 500. */
export function multiplyMinor(amountMinor: number, factor: number, rounding: 'floor' | 'ceil'): number {
  const { units, scale } = toScaled(factor);
  return Number(divide(BigInt(amountMinor) * units, pow10(scale), rounding));
}

/** amount × percent / 100, in whole minor units, rounded as asked. 1001 × 40% ceil → 401. */
export function percentOfMinor(amountMinor: number, percent: number, rounding: 'floor' | 'ceil'): number {
  const { units, scale } = toScaled(percent);
  return Number(divide(BigInt(amountMinor) * units, 100n * pow10(scale), rounding));
}

/**
 * Splits `total` minor units in proportion to `weights` so that the parts are whole and sum to `total`
 * exactly (largest-remainder, or Hamilton, method): every part gets the floor of its exact quota, and the
 * units left over go one each to the parts with the largest remainders. Equal remainders go to the earlier
 * index, so callers decide ties by the order they pass (e.g. people sorted by id, curve bands best first).
 * A zero weight never receives anything.
 */
export function largestRemainder(total: number | bigint, weights: readonly bigint[]): number[] {
  const whole = BigInt(total);
  if (whole < 0n) throw new MoneyInputError(`cannot split a negative total ${whole}`);
  if (weights.some((w) => w < 0n)) throw new MoneyInputError('weights must not be negative');
  const weightSum = weights.reduce((sum, w) => sum + w, 0n);
  if (weightSum === 0n) {
    if (whole === 0n) return weights.map(() => 0);
    throw new MoneyInputError(`cannot split ${whole} when every weight is zero`);
  }
  const parts = weights.map((w) => (whole * w) / weightSum);
  const remainders = weights.map((w, index) => ({ index, remainder: (whole * w) % weightSum }));
  let leftover = Number(whole - parts.reduce((sum, p) => sum + p, 0n));
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of remainders) {
    if (leftover === 0) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    leftover -= 1;
  }
  return parts.map(Number);
}

/** Rounds a displayed ratio; never used on amounts. */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round((value + Math.sign(value) * Number.EPSILON) * factor) / factor;
}

export function sumMinor(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0);
}
