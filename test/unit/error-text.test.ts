import { errorText, problemsWithText } from '../../src/server/error-text';

describe('the server\'s refusals in the reader\'s language', () => {
  test('a message with varying parts reads in Chinese, a varying word the server uses translated too', () => {
    expect(errorText('someone else claimed this task first', 'zh-CN')).toBe('此待办已被他人先行认领');
    expect(errorText('the appeal window closed on 2026-10-31', 'zh-CN')).toBe('申诉期已于 2026-10-31 截止');
    expect(errorText('task not found', 'zh-CN')).toBe('未找到该待办');
    expect(errorText('another change to this goal change is under way; try again in a moment', 'zh-CN')).toBe('该目标调整正在被另一项操作修改，请稍后重试');
    expect(errorText('no org unit NOPE', 'zh-CN')).toBe('机构 NOPE 不存在');
  });

  test('in English the message is the reader\'s already; a message without words in Chinese is left as it is', () => {
    expect(errorText('someone else claimed this task first', 'en')).toBeUndefined();
    expect(errorText('no org unit by this id that you may calibrate', 'zh-CN')).toBeUndefined();
    expect(errorText('a sentence nobody translated', 'zh-CN')).toBeUndefined();
  });

  test('a problem the server worded already keeps its text; the others get one where there are words', () => {
    const problems = [
      { field: 'goals', code: 'total', message: 'Weight (%) must total 100; the rows total 90', text: '权重（%）合计必须为 100，目前合计为 90。' },
      { field: 'text', code: 'required', message: 'write a comment' },
      { field: 'x', code: 'y', message: 'untranslated' },
    ];
    expect(problemsWithText(problems, 'zh-CN')).toEqual([problems[0], { ...problems[1], text: '请填写意见' }, problems[2]]);
  });
});
