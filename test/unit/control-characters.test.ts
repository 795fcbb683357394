import { controlCharacterProblems } from '../../src/server/security/control-characters';

describe('control characters at the boundary', () => {
  it('lets text through, tabs and line breaks included, Chinese and emoji too', () => {
    expect(controlCharacterProblems({ comment: '第一行\n\tsecond line\r\n🙂', rows: [{ note: 'fine' }] })).toEqual([]);
  });

  it('names each value holding NUL, BEL, ESC, a C1 control or a bidi override', () => {
    const problems = controlCharacterProblems({ comment: 'a\u0000b', rows: [{ note: 'exe.\u202Egpj' }], bell: '\u0007', c1: '\u0085', isolate: '\u2066x' });
    expect(problems.map((p) => [p.field, p.message.match(/U\+[0-9A-F]{4}/)![0]]).sort()).toEqual([
      ['bell', 'U+0007'], ['c1', 'U+0085'], ['comment', 'U+0000'], ['isolate', 'U+2066'], ['rows[0].note', 'U+202E'],
    ]);
  });

  it('refuses a field name holding one', () => {
    expect(controlCharacterProblems({ 'a\u0000': 1 })).toEqual([expect.objectContaining({ code: 'control-character', field: 'body' })]);
  });
});
