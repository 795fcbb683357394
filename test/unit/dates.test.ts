import { addYears, compareIsoDates, DateInputError, isCalendarDate, parseIsoDate } from '../../src/domain/dates';

describe('dates', () => {
  it('moves an award date to its anniversaries', () => {
    expect(addYears('2026-03-31', 1)).toBe('2027-03-31');
    expect(addYears('2026-03-31', 4)).toBe('2030-03-31');
  });

  it('turns 29 February into 28 February in a common year, and keeps it in a leap year', () => {
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
    expect(addYears('2028-02-29', 4)).toBe('2032-02-29');
  });

  it('refuses text that is not a calendar date', () => {
    expect(() => parseIsoDate('2026-02-30')).toThrow(DateInputError);
    expect(() => parseIsoDate('2026-3-1')).toThrow(/YYYY-MM-DD/);
    expect(() => parseIsoDate(20260301)).toThrow(DateInputError);
  });

  it('tells a calendar date from text that only looks like one', () => {
    expect(['2028-02-29', '2026-12-31'].map(isCalendarDate)).toEqual([true, true]);
    expect(['2026-02-29', '2026-13-01', '2026-04-31', '2026-3-1', '', 20260301].map(isCalendarDate)).toEqual([false, false, false, false, false, false]);
  });

  it('compares dates', () => {
    expect(compareIsoDates('2026-01-01', '2026-12-31')).toBeLessThan(0);
    expect(compareIsoDates('2026-12-31', '2026-12-31')).toBe(0);
  });
});
