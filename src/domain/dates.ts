/**
 * Calendar dates as ISO text (YYYY-MM-DD), the way they appear in letters and payout schedules. No
 * time zones: an award made on 2026-03-31 vests on 2027-03-31 wherever the reader is.
 */

export class DateInputError extends Error {
  override readonly name = 'DateInputError';
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export function parseIsoDate(text: unknown, label = 'date'): CalendarDate {
  const match = typeof text === 'string' ? ISO_DATE.exec(text) : null;
  if (!match) throw new DateInputError(`${label} must be a date written YYYY-MM-DD, got ${String(text)}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) throw new DateInputError(`${label} ${text} is not a calendar date`);
  return { year, month, day };
}

/** Whether text is a date written YYYY-MM-DD that the calendar has (2026-02-30 is not). */
export function isCalendarDate(text: unknown): text is string {
  try {
    parseIsoDate(text);
    return true;
  } catch (error) {
    if (error instanceof DateInputError) return false;
    throw error;
  }
}

function format({ year, month, day }: CalendarDate): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The same day `years` later; 29 February becomes 28 February in a common year. */
export function addYears(isoDate: string, years: number): string {
  const date = parseIsoDate(isoDate);
  if (!Number.isInteger(years)) throw new DateInputError(`years must be whole, got ${years}`);
  const year = date.year + years;
  return format({ year, month: date.month, day: Math.min(date.day, daysInMonth(year, date.month)) });
}

/** Negative when a is earlier, 0 when equal, positive when later (valid ISO dates compare as text). */
export function compareIsoDates(a: string, b: string): number {
  parseIsoDate(a);
  parseIsoDate(b);
  return a < b ? -1 : a > b ? 1 : 0;
}
