import { AppealInputError, appealWindow, ratingAfterDecision } from '../../src/domain/appeal';

const ratings = ['A', 'B', 'C', 'D', 'E'];

describe('appeal window', () => {
  it('is open from publication through the last day of the window', () => {
    expect(appealWindow('2026-12-01', '2026-12-01', { windowDays: 15 })).toEqual({ open: true, closesOn: '2026-12-16' });
    expect(appealWindow('2026-12-01', '2026-12-16', { windowDays: 15 }).open).toBe(true);
  });

  it('is closed the day after, and before publication', () => {
    expect(appealWindow('2026-12-01', '2026-12-17', { windowDays: 15 }).open).toBe(false);
    expect(appealWindow('2026-12-01', '2026-11-30', { windowDays: 15 }).open).toBe(false);
  });

  it('crosses month and year ends by the calendar', () => {
    expect(appealWindow('2026-12-20', '2027-01-04', { windowDays: 15 })).toEqual({ open: true, closesOn: '2027-01-04' });
    expect(appealWindow('2028-02-20', '2028-03-01', { windowDays: 10 }).closesOn).toBe('2028-03-01');
  });

  it('refuses a window that is not a whole number of days', () => {
    expect(() => appealWindow('2026-12-01', '2026-12-02', { windowDays: 1.5 })).toThrow(AppealInputError);
  });
});

describe('rating after the panel decides', () => {
  it('keeps the rating when the appeal is dismissed', () => {
    expect(ratingAfterDecision({ outcome: 'dismissed', currentRating: 'C', newRating: 'B' }, ratings)).toBe('C');
  });

  it('sets the panel\'s rating when upheld', () => {
    expect(ratingAfterDecision({ outcome: 'upheld', currentRating: 'C', newRating: 'B' }, ratings)).toBe('B');
  });

  it('refuses an upheld appeal without a different, known rating', () => {
    expect(() => ratingAfterDecision({ outcome: 'upheld', currentRating: 'C' }, ratings)).toThrow(/names a new rating/);
    expect(() => ratingAfterDecision({ outcome: 'upheld', currentRating: 'C', newRating: 'C' }, ratings)).toThrow(/changes the rating/);
    expect(() => ratingAfterDecision({ outcome: 'upheld', currentRating: 'C', newRating: 'S' }, ratings)).toThrow(AppealInputError);
  });
});
