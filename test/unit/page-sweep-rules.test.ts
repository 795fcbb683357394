import { codesIn, englishIn, withoutListedCodes } from '../support/page-sweep-rules';

// The page sweep's judges on worked examples: what counts as a raw code and as English on a Chinese page.
const CODES = ['in-approval', 'major-cap', 'approval-x', 'hrbp', 'hr'];

test('a listed code is found as a whole word, the longest first; E-numbers outside the audit log and long unformatted numbers too', () => {
  expect(codesIn('状态：in-approval', CODES, false)).toEqual(['in-approval']);
  expect(codesIn('合规：major-cap · E0002', CODES, false)).toEqual(['major-cap', 'E0002']);
  expect(codesIn('合规：major-cap · E0002', CODES, true)).toEqual(['major-cap']);
  // Part of a longer key, a file name or a sentence's "HR" is no code of the list.
  expect(codesIn('not-in-approval.json HR', CODES, false)).toEqual([]);
  expect(codesIn('金额 20000000000 元', CODES, false)).toEqual(['20000000000']);
  expect(codesIn('金额 20,000,000,000 元 · 2026-12-05', CODES, false)).toEqual([]);
});

test('English on a Chinese page: words to translate, outside names, typed texts, e-mail addresses, user names and the allowed brands', () => {
  expect(englishIn('状态：meeting under way', [], [])).toEqual(['meeting', 'under', 'way']);
  expect(englishIn('王芳 · HRBP · KPI · meritflow · BPMN', [], [])).toEqual([]);
  expect(englishIn('评语：Good work on the branch audit', ['Good work on the branch audit'], [])).toEqual([]);
  expect(englishIn('负责人 Launcher test nomination', [], ['Launcher test nomination'])).toEqual([]);
  expect(englishIn('联系 hr@bank.example 或 cb.rm01', [], [])).toEqual([]);
});

test('an owner\'s keys are taken out wherever they stand', () => {
  expect(withoutListedCodes('表单 in-approval-form', CODES)).toBe('表单  -form');
});
