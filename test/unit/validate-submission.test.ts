import { validateSubmission } from '../../src/server/forms/validate-submission';
import selfAssessmentFile from '../../forms/self-assessment.json';
import scoringPolicyFile from '../../policies/scoring.json';
import { expandScoringDimensions } from '../../src/domain/scoring-form';

// The rating fields as the server serves and validates them: expanded from the shipped scoring policy.
const selfAssessment = expandScoringDimensions(selfAssessmentFile, scoringPolicyFile.body);

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
      for (const changes of ['text', { a: 1 }]) {
        expect(validateSubmission(grid, { changes }).problems).toEqual([expect.objectContaining({ field: 'changes', code: 'type' })]);
      }
      expect(validateSubmission(grid, { changes: [{ personId: 'E1', reason: 'r' }, 2] }).problems)
        .toEqual([expect.objectContaining({ field: 'changes[1]', code: 'type' })]);
    });

    it('takes an absent grid as no rows, not as one empty row with required fields', () => {
      expect(validateSubmission(grid, {})).toEqual({ ok: true, problems: [], data: { changes: [] } });
      expect(validateSubmission(grid, { changes: [{ personId: 'E1' }] }).problems).toEqual([expect.objectContaining({ field: 'changes[0].reason', code: 'required' })]);
    });
  });
});

import goalSetting from '../../forms/goal-setting.json';
import goalApproval from '../../forms/goal-approval.json';
import { withOptions } from '../../src/server/forms/option-sources';

describe('validateSubmission with grids, column totals and options filled per case (forms/goal-setting.json)', () => {
  // The unit-goal select is empty in the file; the server fills it for the case before it validates.
  const form = withOptions(goalSetting, { 'unit-goals': [{ value: 'C1:CB:G1', label: 'Grow deposits' }, { value: 'C1:CB:G2', label: 'Lower NPL' }] });
  const goal = (weight: number, unitGoalId = 'C1:CB:G1') => ({ title: 'Deposits', kind: 'KPI', dimension: 'business', weight, target: '+10%', unitGoalId });

  it('accepts goals whose weights total exactly 100, decimals included', () => {
    expect(validateSubmission(form, { goals: [goal(60), goal(40, 'C1:CB:G2')] }).problems).toEqual([]);
    expect(validateSubmission(form, { goals: [goal(33.3), goal(33.3), goal(33.4)] }).ok).toBe(true);
  });

  it('names the grid when the weights do not total 100', () => {
    expect(validateSubmission(form, { goals: [goal(60), goal(30)] }).problems).toEqual([
      { field: 'goals', code: 'total', message: 'Weight (%) must total 100; the rows total 90' },
    ]);
  });

  it('refuses a unit goal that is not among the case\'s options, a wrong kind, and unknown or mistyped cells', () => {
    const result = validateSubmission(form, { goals: [{ ...goal(50), unitGoalId: 'C1:WM:G9', kind: 'KRA' }, { ...goal(50), weight: '50', extra: 1 }] });
    expect(result.problems.map((p) => [p.field, p.code]).sort()).toEqual([['goals[1].extra', 'unknown'], ['goals[1].weight', 'type']]);
    const options = validateSubmission(form, { goals: [{ ...goal(50), unitGoalId: 'C1:WM:G9', kind: 'KRA' }, goal(50)] });
    expect(options.problems.map((p) => [p.field, p.code]).sort()).toEqual([['goals[0].kind', 'onlyAvailableItems'], ['goals[0].unitGoalId', 'onlyAvailableItems']]);
  });

  it('counts rows: none is "required", more than ten is too many, and rows must be objects', () => {
    expect(validateSubmission(form, { goals: [] }).problems).toEqual([expect.objectContaining({ field: 'goals', code: 'required' })]);
    expect(validateSubmission(form, { goals: Array.from({ length: 11 }, () => goal(100 / 11)) }).problems).toEqual([expect.objectContaining({ field: 'goals', code: 'maxLength' })]);
    expect(validateSubmission(form, { goals: ['a'] }).problems).toEqual([expect.objectContaining({ field: 'goals[0]', code: 'type' })]);
  });
});

describe('a field shown only for one answer (forms/goal-approval.json)', () => {
  it('requires the comment when the goals are returned, not when they are approved', () => {
    expect(validateSubmission(goalApproval, { decision: 'approve' }).ok).toBe(true);
    expect(validateSubmission(goalApproval, { decision: 'return' }).problems).toEqual([expect.objectContaining({ field: 'comment', code: 'required' })]);
    expect(validateSubmission(goalApproval, { decision: 'return', comment: 'Add a risk goal' }).ok).toBe(true);
    expect(validateSubmission(goalApproval, { decision: 'maybe' }).problems).toEqual([expect.objectContaining({ field: 'decision', code: 'onlyAvailableItems' })]);
  });
});

describe('containers and choices are held to the form as strictly as grids', () => {
  const schema = { components: [
    { type: 'container', key: 'box', label: 'Box', input: true, components: [{ type: 'textfield', key: 'inner', label: 'Inner', input: true }] },
    { type: 'select', key: 'one', label: 'One', input: true, data: { values: [{ value: 'a', label: 'A' }] } },
    { type: 'radio', key: 'r', label: 'R', input: true, values: [{ value: 'yes', label: 'Yes' }] },
  ] };
  const codes = (input: unknown) => validateSubmission(schema, input).problems.map((p) => `${p.field}:${p.code}`);

  it('refuses a container sent as text, and an unknown field inside one, instead of dropping it', () => {
    expect(codes({ box: 'big' })).toEqual(['box:type']);
    expect(codes({ box: { inner: 'x', extra: 1 } })).toEqual(['box.extra:unknown']);
    expect(validateSubmission(schema, { box: { inner: 'x' } })).toMatchObject({ ok: true, data: { box: { inner: 'x' } } });
  });

  it('refuses a value outside a select\'s or radio\'s own list, even without onlyAvailableItems', () => {
    expect(codes({ one: 'zzz', r: 'maybe' })).toEqual(['one:choice', 'r:choice']);
    expect(validateSubmission(schema, { one: 'a', r: 'yes' }).ok).toBe(true);
  });
});

describe('the reasons in the reader\'s language (FieldProblem.text)', () => {
  const goalForm = {
    components: [{
      type: 'datagrid', key: 'goals', label: 'Goals', input: true,
      components: [
        { type: 'textfield', key: 'title', label: 'Goal', input: true, validate: { required: true } },
        { type: 'number', key: 'weight', label: 'Weight (%)', input: true, mustTotal: 100, validate: { required: true, min: 1, max: 100 } },
      ],
    }],
    translations: { 'zh-CN': { Goal: '目标名称', 'Weight (%)': '权重（%）' } },
  };

  it('words Form.io\'s rules and the server\'s own with the form\'s labels in zh-CN; English stays the message', () => {
    const result = validateSubmission(goalForm, { goals: [{ title: '', weight: 60 }, { title: 'KYC', weight: 130 }] }, 'zh-CN');
    expect(result.problems.map((p) => [p.field, p.code, p.text])).toEqual([
      ['goals[0].title', 'required', '目标名称为必填项'],
      ['goals[1].weight', 'max', '权重（%）不能大于 100。'],
      // 60 + 130 = 190
      ['goals', 'total', '权重（%）合计必须为 100，目前合计为 190。'],
    ]);
    expect(result.problems[2]!.message).toBe('Weight (%) must total 100; the rows total 190');
  });

  it('in English the text is the message; without a locale there is no text', () => {
    const [en] = validateSubmission(goalForm, { goals: [{ title: 'A', weight: 90 }] }, 'en').problems;
    expect(en).toEqual({ field: 'goals', code: 'total', message: 'Weight (%) must total 100; the rows total 90', text: 'Weight (%) must total 100; the rows total 90' });
    expect(validateSubmission(goalForm, { goals: [{ title: 'A', weight: 90 }] }).problems[0]).not.toHaveProperty('text');
  });
});

describe('a grid listing one row per option (rowsFrom: the check-in\'s agreed goals)', () => {
  const checkIn = {
    components: [{
      type: 'datagrid', key: 'progress', label: 'Progress per goal', input: true, rowsFrom: 'person-goals',
      components: [
        { type: 'select', key: 'goalId', label: 'Goal', input: true, optionsFrom: 'person-goals', dataSrc: 'values', data: { values: [{ value: 'g1', label: 'A' }, { value: 'g2', label: 'B' }] }, validate: { required: true, onlyAvailableItems: true } },
        { type: 'number', key: 'percent', label: 'Progress (%)', input: true, validate: { required: true, min: 0, max: 100 } },
      ],
    }],
  };

  it('accepts each agreed goal once, in any order', () => {
    expect(validateSubmission(checkIn, { progress: [{ goalId: 'g2', percent: 10 }, { goalId: 'g1', percent: 50 }] }).problems).toEqual([]);
  });

  it('refuses a goal left out or reported twice', () => {
    for (const progress of [[{ goalId: 'g1', percent: 50 }], [{ goalId: 'g1', percent: 50 }, { goalId: 'g1', percent: 60 }]]) {
      expect(validateSubmission(checkIn, { progress }).problems).toEqual([
        { field: 'progress', code: 'rows', message: 'Progress per goal lists each of its 2 items once, as given' },
      ]);
    }
  });
});
