import { caseIdFor } from '../../src/db/models/review-case';
import { CYCLE_ID, ENGINE_ID, ENGINE_IDS_IN_TEXT, isPersonId, PERSON_ID, REVIEW_CASE_ID, UNIT_ID, versionId } from '../../src/domain/ids';

describe('ids and their patterns', () => {
  it('takes person ids as the org chart and the bank\'s files write them, dots included', () => {
    expect(['E0001', 'T-role-person-x1', 'j.doe', 'a_b'].map(isPersonId)).toEqual([true, true, true, true]);
    expect(['.hidden', '-x', 'j doe', 'j/doe', '', 'x'.repeat(81), 42].map(isPersonId)).toEqual([false, false, false, false, false, false, false]);
    expect(PERSON_ID.test('x'.repeat(80))).toBe(true);
  });

  it('keeps cycles and units to letters, digits, - and _', () => {
    expect([CYCLE_ID.test('2026-H2'), CYCLE_ID.test('2026.H2'), CYCLE_ID.test('x'.repeat(41))]).toEqual([true, false, false]);
    expect([UNIT_ID.test('OPS'), UNIT_ID.test('T-unit-1'), UNIT_ID.test('ops/1')]).toEqual([true, true, false]);
  });

  it('reads a review case id as caseIdFor writes it, for a dotted person too', () => {
    expect(caseIdFor('performance-review', '2026-H2', 'j.doe')).toBe('2026-H2:j.doe');
    expect(['2026-H2:j.doe', '2026-H2:E0001', caseIdFor('performance-review', '2026', 'T-17')].map((id) => REVIEW_CASE_ID.test(id))).toEqual([true, true, true]);
    // Another flow's case (it names the flow), a cycle with a dot, a person id starting with one.
    expect([caseIdFor('appeal', '2026', 'j.doe'), '2026.H2:j.doe', '2026:.doe', '2026:', 'j.doe'].map((id) => REVIEW_CASE_ID.test(id))).toEqual([false, false, false, false, false]);
  });

  it('knows an engine id, alone or inside a path', () => {
    const id = '3f2b8c1e-0a4d-11f1-9c2e-0242ac120002';
    expect([ENGINE_ID.test(id), ENGINE_ID.test(id.toUpperCase()), ENGINE_ID.test(`${id}x`), ENGINE_ID.test('42')]).toEqual([true, true, false, false]);
    expect(`/task/${id}/variables/${id}`.replace(ENGINE_IDS_IN_TEXT, ':id')).toBe('/task/:id/variables/:id');
  });

  it('names a version by its key and number', () => {
    expect(versionId('review-form', 3)).toBe('review-form@3');
  });
});
