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
  test('the policy editor\'s, the modeler\'s lint, an adjustment event\'s and a request\'s shape problems read in Chinese', () => {
    expect(errorText('weights total 90, must be 100', 'zh-CN')).toBe('权重合计 90，必须为 100');
    expect(errorText('must be a list, got a group of fields', 'zh-CN')).toBe('必须是列表，实际是一组字段');
    expect(errorText('is required', 'zh-CN')).toBe('必填');
    expect(errorText('Task_1: Element is not connected', 'zh-CN')).toBe('Task_1：元素未连接');
    expect(errorText('Task_1: the form reads a, b, which nothing before this step produces (a form field with processVariable, a building block, a decision\'s result or a start variable)', 'zh-CN'))
      .toBe('Task_1：the form 读取了 a, b，但此步骤之前没有任何环节产生它（带 processVariable 的表单字段、构建块、决策结果或启动变量）');
    expect(errorText('E0002 has no award for cycle 2026-H1', 'zh-CN')).toBe('E0002 在周期 2026-H1 没有奖金');
    expect(errorText('at least everything left of the award is required for this kind of event and responsibility (CBIRC art. 5); leave extent out to take the minimum', 'zh-CN'))
      .toBe('此类事件与责任至少须追扣奖金剩余的全部（CBIRC art. 5）；不填幅度即按最低值');
    expect(errorText('reason must be text', 'zh-CN')).toBe('reason 必须是文本');
    expect(errorText('personId is required', 'zh-CN')).toBe('personId 为必填项');
  });

  test('a varying part the thrower words in each language (a person\'s name) is taken in the reader\'s', () => {
    const words = { name: { en: 'Li Na', 'zh-CN': '李娜' } };
    expect(errorText('someone else claimed this task first: Li Na has it now', 'zh-CN', words)).toBe('此待办已被他人先行认领，现由 李娜 处理');
  });
});
