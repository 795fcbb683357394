import { isJobTitle, jobTitleIn } from '../../src/domain/job-title';

describe('a job title in the reader\'s language', () => {
  test('a title in both languages reads in each', () => {
    const title = { en: 'Relationship Manager', 'zh-CN': '客户经理' };
    expect(jobTitleIn(title, 'zh-CN')).toBe('客户经理');
    expect(jobTitleIn(title, 'en')).toBe('Relationship Manager');
  });

  test('a title stored as one string before titles had two languages still reads, the same in both', () => {
    expect(jobTitleIn('Relationship Manager', 'zh-CN')).toBe('Relationship Manager');
    expect(jobTitleIn('Relationship Manager', 'en')).toBe('Relationship Manager');
    expect(jobTitleIn(undefined, 'en')).toBe('');
  });

  test('a person record holds a non-empty string or both languages, nothing else', () => {
    expect(isJobTitle('Auditor')).toBe(true);
    expect(isJobTitle({ en: 'Auditor', 'zh-CN': '审计师' })).toBe(true);
    expect(isJobTitle({ en: 'Auditor' })).toBe(false);
    expect(isJobTitle({ en: 'Auditor', 'zh-CN': '审计师', fr: 'Auditeur' })).toBe(false);
    expect(isJobTitle('  ')).toBe(false);
    expect(isJobTitle(42)).toBe(false);
  });
});
