import catalogueFile from '../../policies/development-catalogue.json';
import { catalogueProblems, isCalendarDay, meetingGaps, planItemsFromMeeting, plansByUnit, shareDone, suggestedTrainings, type DevelopmentCatalogue } from '../../src/domain/development-plan';
import { validatePolicyBody } from '../../src/domain/policy-validation';

const catalogue = catalogueFile.body as DevelopmentCatalogue;

test('the worked example: two commitments become items numbered in order, with owners and due dates', () => {
  const items = planItemsFromMeeting('2026-H1', 'E0101', {
    commitments: [
      { what: ' Complaint handling course ', kind: 'training', owner: 'E0101', dueDate: '2026-09-30' },
      { what: 'Lead the Q4 client event', kind: 'stretch', owner: 'M0001', dueDate: '2026-12-31' },
    ],
  });
  expect(items).toEqual([
    { _id: '2026-H1:E0101:1', index: 1, what: 'Complaint handling course', kind: 'training', ownerId: 'E0101', dueDate: '2026-09-30', status: 'not-started' },
    { _id: '2026-H1:E0101:2', index: 2, what: 'Lead the Q4 client event', kind: 'stretch', ownerId: 'M0001', dueDate: '2026-12-31', status: 'not-started' },
  ]);
});

test('a meeting without commitments has no items; a commitment of an unknown kind or a day that does not exist is a fault', () => {
  expect(planItemsFromMeeting('c', 'p', {})).toEqual([]);
  expect(() => planItemsFromMeeting('c', 'p', { commitments: [{ what: 'x', kind: 'holiday', owner: 'p', dueDate: '2026-01-01' }] })).toThrow('holiday');
  expect(() => planItemsFromMeeting('c', 'p', { commitments: [{ what: 'x', kind: 'other', owner: 'p', dueDate: '2026-02-29' }] })).toThrow('2026-02-29');
  expect(isCalendarDay('2028-02-29')).toBe(true);
  expect(isCalendarDay('2026-13-01')).toBe(false);
});

test('gaps keep their causes and categories; empty rows are dropped', () => {
  expect(meetingGaps({ gaps: [{ gap: 'Credit memos', cause: 'No template', category: 'credit-analysis' }, { gap: ' ' }] }))
    .toEqual([{ gap: 'Credit memos', cause: 'No template', category: 'credit-analysis' }]);
});

test('trainings are suggested from the gaps\' categories, once each, in the reader\'s language', () => {
  const gaps = [{ category: 'client-communication' }, { category: 'client-communication' }, { category: 'credit-analysis' }, { category: 'retired-category' }];
  expect(suggestedTrainings(gaps, catalogue, 'en').map((t) => `${t.title} (${t.forCategory})`)).toEqual([
    'Consultative selling and needs analysis (Client communication)',
    'Handling complaints and objections (Client communication)',
    'Reading corporate financial statements (Credit analysis)',
    'Writing a credit memo (Credit analysis)',
  ]);
  expect(suggestedTrainings([{ category: 'credit-analysis' }], catalogue, 'zh-CN').map((t) => t.title)).toEqual(['企业财务报表分析', '授信调查报告撰写']);
  expect(suggestedTrainings([{ category: 'other' }], catalogue, 'en')).toEqual([]);
});

test('share done: 3 items, 1 done, 1 in progress → 33 %; none → 0 %', () => {
  expect(shareDone([{ status: 'done' }, { status: 'in-progress' }, { status: 'not-started' }])).toEqual({ items: 3, done: 1, inProgress: 1, notStarted: 1, percentDone: 33 });
  expect(shareDone([])).toMatchObject({ items: 0, percentDone: 0 });
});

test('plans by unit: CB with two people and three items, two done → 67 %; units in order', () => {
  expect(plansByUnit([
    { unitId: 'WM', personId: 'W1', status: 'not-started' },
    { unitId: 'CB', personId: 'A', status: 'done' },
    { unitId: 'CB', personId: 'A', status: 'in-progress' },
    { unitId: 'CB', personId: 'B', status: 'done' },
  ])).toEqual([
    { unitId: 'CB', people: 2, items: 3, done: 2, inProgress: 1, notStarted: 0, percentDone: 67 },
    { unitId: 'WM', people: 1, items: 1, done: 0, inProgress: 0, notStarted: 1, percentDone: 0 },
  ]);
});

test('the shipped catalogue is one the rules read, and the policy editor refuses a broken one field by field', () => {
  expect(catalogueProblems(catalogue)).toEqual([]);
  expect(validatePolicyBody('development-catalogue', catalogue, catalogue)).toEqual([]);
  const broken = { ...catalogue, categories: [{ key: 'Bad Key', label: { en: 'x' }, trainings: [{ key: 't' }] }] };
  expect(catalogueProblems(broken).map((p) => p.field)).toEqual(['categories[0].key', 'categories[0].label', 'categories[0].trainings[0]']);
});
