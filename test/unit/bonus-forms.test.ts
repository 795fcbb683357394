import { validateSubmission } from '../../src/server/forms/validate-submission';
import approvalForm from '../../forms/bonus-approval.json';
import shippedRevisionForm from '../../forms/bonus-revision.json';
import { withOptions } from '../../src/server/forms/option-sources';

const problems = (result: ReturnType<typeof validateSubmission>) => Object.fromEntries(result.problems.map((p) => [p.field, p.code]));

describe('bonus approval form', () => {
  it('accepts an approval without a comment, and a return with one', () => {
    expect(validateSubmission(approvalForm, { decision: 'approve' }).ok).toBe(true);
    expect(validateSubmission(approvalForm, { decision: 'return', comment: 'Risk pool too high' })).toMatchObject({ ok: true, data: { decision: 'return', comment: 'Risk pool too high' } });
  });

  it('requires a comment to return the round, and refuses a decision that is not offered', () => {
    expect(problems(validateSubmission(approvalForm, { decision: 'return' }))).toEqual({ comment: 'custom' });
    expect(problems(validateSubmission(approvalForm, { decision: 'return', comment: '   ' }))).toEqual({ comment: 'custom' });
    expect(problems(validateSubmission(approvalForm, { decision: 'maybe' }))).toEqual({ decision: 'onlyAvailableItems' });
    expect(problems(validateSubmission(approvalForm, {}))).toEqual({ decision: 'required' });
  });
});

describe('bonus revision form', () => {
  // As the server serves and validates it: the person is one of the round's people (option source round-people).
  const revisionForm = withOptions(shippedRevisionForm, { 'round-people': ['E0012', 'E0013', 'E1'].map((id) => ({ value: id, label: `Person ${id}` })) });

  it('chooses the person among the round\'s people', () => {
    expect(problems(validateSubmission(revisionForm, { overrides: [{ personId: 'E9999', amountMinor: 5, reason: 'r' }] }))).toEqual({ 'overrides[0].personId': 'onlyAvailableItems' });
  });

  it('accepts rows with an amount or a rating and a reason', () => {
    const data = { overrides: [{ personId: 'E0012', amountMinor: 500_000, reason: 'Closed the syndicated loan' }, { personId: 'E0013', rating: 'B', reason: 'Calibrated up' }] };
    expect(validateSubmission(revisionForm, data)).toMatchObject({ ok: true, data });
  });

  it('names the field of the row that is wrong: a missing reason, a rating not offered', () => {
    expect(problems(validateSubmission(revisionForm, { overrides: [{ personId: 'E1', amountMinor: 5 }] }))).toEqual({ 'overrides[0].reason': 'required' });
    expect(problems(validateSubmission(revisionForm, { overrides: [{ personId: 'E1', rating: 'Z', reason: 'r' }] }))).toEqual({ 'overrides[0].rating': 'onlyAvailableItems' });
  });

  it('refuses what Form.io would silently coerce or drop inside a grid', () => {
    expect(problems(validateSubmission(revisionForm, { overrides: 'E1' }))).toEqual({ overrides: 'type' });
    expect(problems(validateSubmission(revisionForm, { overrides: ['E1'] }))).toEqual({ 'overrides[0]': 'type' });
    expect(problems(validateSubmission(revisionForm, { overrides: [{ personId: 'E1', amountMinor: 'lots', reason: 'r', $where: 1 }] })))
      .toEqual({ 'overrides[0].amountMinor': 'type', 'overrides[0].$where': 'unknown' });
    expect(problems(validateSubmission(revisionForm, { overrides: [{ personId: 'E1', amountMinor: 1.5, reason: 'r' }] }))).toEqual({ 'overrides[0].amountMinor': 'integer' });
  });
});
