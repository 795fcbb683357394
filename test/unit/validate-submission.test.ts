import { validateSubmission } from '../../src/server/forms/validate-submission';
import selfAssessment from '../../forms/self-assessment.json';

const valid = { businessRating: 4, riskRating: 3, complianceRating: 5, behaviourRating: 4, achievements: 'Closed the Q3 syndicated loan' };

describe('validateSubmission against forms/self-assessment.json', () => {
  it('accepts a complete submission and keeps its values', () => {
    const result = validateSubmission(selfAssessment, valid);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.data).toMatchObject(valid);
  });

  it('names every missing required field', () => {
    const result = validateSubmission(selfAssessment, { businessRating: 4 });
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => [p.field, p.code]).sort()).toEqual([
      ['achievements', 'required'], ['behaviourRating', 'required'], ['complianceRating', 'required'], ['riskRating', 'required'],
    ]);
  });

  it('reports out-of-range ratings, wrong types, fractions and unknown keys in one answer', () => {
    const result = validateSubmission(selfAssessment, { ...valid, businessRating: 7, riskRating: 'high', complianceRating: 2.5, achievements: 42, $where: 'sleep(1000)' });
    const byField = Object.fromEntries(result.problems.map((p) => [p.field, p.code]));
    expect(byField).toEqual({ businessRating: 'max', riskRating: 'type', complianceRating: 'integer', achievements: 'type', $where: 'unknown' });
    expect(result.data).toEqual({});
  });

  it('refuses an operator object where a text is expected', () => {
    const result = validateSubmission(selfAssessment, { ...valid, achievements: { $gt: '' } });
    expect(result.problems).toEqual([expect.objectContaining({ field: 'achievements', code: 'type' })]);
  });

  it('refuses data that is not an object', () => {
    expect(validateSubmission(selfAssessment, ['x']).problems[0]).toMatchObject({ field: 'data', code: 'type' });
    expect(validateSubmission(selfAssessment, undefined).ok).toBe(false);
  });

  describe('a grid of rows (datagrid)', () => {
    const grid = { components: [{ type: 'datagrid', key: 'changes', label: 'Rating changes', input: true, components: [
      { type: 'textfield', key: 'personId', label: 'Employee id', input: true, validate: { required: true } },
      { type: 'textarea', key: 'reason', label: 'Reason', input: true, validate: { required: true } },
    ] }] };

    it('checks each row\'s fields by their path', () => {
      const result = validateSubmission(grid, { changes: [{ personId: 'E1', reason: 'r' }, { personId: { $gt: '' }, reason: '', extra: 1 }] });
      expect(result.problems.map((p) => [p.field, p.code])).toEqual([['changes[1].personId', 'type'], ['changes[1].extra', 'unknown']]);
    });

    it('refuses a grid that is not a list of rows, which Form.io would quietly empty', () => {
      for (const changes of ['text', { a: 1 }, [1, 2]]) {
        expect(validateSubmission(grid, { changes }).problems).toEqual([expect.objectContaining({ field: 'changes', code: 'type' })]);
      }
    });

    it('takes an absent grid as no rows, not as one empty row with required fields', () => {
      expect(validateSubmission(grid, {})).toEqual({ ok: true, problems: [], data: { changes: [] } });
      expect(validateSubmission(grid, { changes: [{ personId: 'E1' }] }).problems).toEqual([expect.objectContaining({ field: 'changes[0].reason', code: 'required' })]);
    });
  });
});
