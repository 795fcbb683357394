import { bandStanding, countWord, fillTemplate, limitKind, standingText, type StandingTemplates } from '../../src/domain/calibration-standing';
import en from '../../templates/i18n/en/calibration.json';
import zh from '../../templates/i18n/zh-CN/calibration.json';

const templatesOf = (t: Record<string, string>): StandingTemplates => ({
  over: t['calibration.standing.over']!, under: t['calibration.standing.under']!, within: t['calibration.standing.within']!,
  unreachable: t['calibration.standing.unreachable']!, advisory: t['calibration.standing.advisory']!,
  limitExactly: t['calibration.limit.exactly']!, limitAtMost: t['calibration.limit.atMost']!, limitAtLeast: t['calibration.limit.atLeast']!,
  limitBetween: t['calibration.limit.between']!, numberWords: t['calibration.numberWords']!,
});
const EN = templatesOf(en);
const ZH = templatesOf(zh);

// The shipped curve (A 10 %, B 20 %, C 40 %, ±5 points) for ten people allows exactly A 1, B 2, C 4.
const a = (count: number, min = 1, max = 1) => ({ band: 'A', actualCount: count, allowedMin: min, allowedMax: max, targetCount: 1, targetPercent: 10 });

describe('bandStanding', () => {
  it('counts the people to move out of a band over its limit, or into one under it', () => {
    expect(bandStanding(a(2), 10)).toMatchObject({ state: 'over', by: 1, limit: 'exactly' });
    expect(bandStanding(a(0), 10)).toMatchObject({ state: 'under', by: 1 });
    expect(bandStanding(a(1), 10)).toMatchObject({ state: 'within', by: 0 });
  });

  it('says when no whole number of people fits the tolerance (a small group), rather than showing a range that excludes the target', () => {
    // 3 people, 10 % ± 5: ceil(0.15) = 1 … floor(0.45) = 0.
    expect(bandStanding(a(0, 1, 0), 3)).toMatchObject({ state: 'unreachable', by: 0, limit: 'none' });
  });

  it('names the limit as people read it', () => {
    expect(limitKind(1, 1, 10)).toBe('exactly');
    expect(limitKind(0, 2, 10)).toBe('atMost');
    expect(limitKind(3, 20, 20)).toBe('atLeast');
    expect(limitKind(2, 4, 20)).toBe('between');
  });
});

describe('standingText', () => {
  it('tells a band in the reader\'s language, with the count to move', () => {
    expect(standingText(bandStanding(a(2), 10), true, EN)).toBe('A: 2 of at most 1 — one too many');
    expect(standingText(bandStanding(a(0), 10), true, EN)).toBe('A: 0 of at least 1 — one too few');
    expect(standingText(bandStanding(a(1), 10), true, EN)).toBe('A: 1 — within the limit (exactly 1)');
    expect(standingText(bandStanding(a(2), 10), true, ZH)).toBe('A：2 人，最多 1 人——多 1 人');
    expect(standingText(bandStanding(a(1, 0, 3), 20), true, ZH)).toBe('A：1 人——在允许范围内（最多 3 人）');
  });

  it('gives no verdict where the curve is only advisory (a group below the minimum size)', () => {
    expect(standingText(bandStanding(a(3, 1, 0), 3), false, EN)).toBe('A: 3 (the curve suggests about 1)');
  });
});

describe('fillTemplate and countWord', () => {
  it('replaces the longest placeholder name first and leaves unknown ones', () => {
    expect(fillTemplate('%countWord/%count/%other', { count: 2, countWord: 'two' })).toBe('two/2/%other');
  });
  it('writes a count as a word where the language has one, else as digits', () => {
    expect(countWord(1, ['none', 'one'])).toBe('one');
    expect(countWord(12, ['none', 'one'])).toBe('12');
    expect(countWord(1, [])).toBe('1');
  });
});
