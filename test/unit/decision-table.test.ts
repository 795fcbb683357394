import { entriesOverlap, lintDecisionTable, parseUnaryTests, type DecisionTable } from '../../src/domain/decision-table';

const overlap = (a: string, b: string) => entriesOverlap(parseUnaryTests(a), parseUnaryTests(b));

describe('parseUnaryTests and entriesOverlap: the common FEEL unary tests', () => {
  it('reads "-" and an empty entry as anything, which overlaps everything', () => {
    expect(parseUnaryTests('-')).toEqual({ kind: 'any' });
    expect(parseUnaryTests('  ')).toEqual({ kind: 'any' });
    expect(overlap('-', '"CNY"')).toBe('yes');
    expect(overlap('', 'date("2026-01-01")')).toBe('yes');
  });

  it('compares strings and lists of them, and their negation', () => {
    expect(overlap('"CNY"', '"EUR"')).toBe('no');
    expect(overlap('"CNY","EUR"', '"EUR"')).toBe('yes');
    expect(overlap('not("CNY","EUR")', '"EUR"')).toBe('no');
    expect(overlap('not("CNY","EUR")', '"HKD"')).toBe('yes');
    expect(overlap('not("CNY")', 'not("EUR")')).toBe('yes'); // "HKD" is in neither list
    expect(overlap('"a \\"quoted\\" name"', '"a \\"quoted\\" name"')).toBe('yes');
  });

  it('compares numbers, comparisons and ranges: the bounds decide', () => {
    expect(overlap('< 5', '>= 5')).toBe('no');
    expect(overlap('<= 5', '>= 5')).toBe('yes'); // 5 itself
    expect(overlap('> 50000000', '> 200000000')).toBe('yes');
    expect(overlap('[1..5]', '(5..10]')).toBe('no');
    expect(overlap('[1..5]', '[5..10]')).toBe('yes');
    expect(overlap(']1..5[', '5')).toBe('no');
    expect(overlap('[1..5)', '[5..10]')).toBe('no');
    expect(overlap('3, [10..20]', '> 15')).toBe('yes');
    expect(overlap('not([1..5])', '3')).toBe('no');
    expect(overlap('not([1..5])', '5.5')).toBe('yes');
    expect(overlap('not(< 5)', '< 5')).toBe('no');
  });

  it('compares booleans', () => {
    expect(overlap('true', 'false')).toBe('no');
    expect(overlap('true', 'true')).toBe('yes');
    expect(overlap('not(true)', 'false')).toBe('yes');
  });

  it('cannot tell for entries it does not read, and says why', () => {
    expect(parseUnaryTests('date("2026-01-01")')).toMatchObject({ kind: 'unknown' });
    expect(parseUnaryTests('> limit')).toMatchObject({ kind: 'unknown' });
    expect(overlap('> limit', '< 5')).toBe('unknown');
    expect(overlap('"CNY"', '5')).toBe('unknown'); // different kinds: the column type check catches that
  });

  it('refuses text that is no unary test at all', () => {
    expect(() => parseUnaryTests('"CNY')).toThrow(/never closed/);
    expect(() => parseUnaryTests('[1..')).toThrow();
    expect(() => parseUnaryTests('"a",')).toThrow(/empty test/);
  });
});

/** A table with a currency and an amount column, and one output. */
function table(hitPolicy: string, rules: Array<[string, string, string]>): DecisionTable {
  return {
    hitPolicy, aggregation: null,
    inputs: [{ id: 'c', label: 'Currency', expression: 'currency', typeRef: 'string' }, { id: 'a', label: 'Amount', expression: 'amountMinor', typeRef: 'number' }],
    outputs: [{ id: 'o', name: 'approver', label: 'Approver', typeRef: 'string' }],
    rules: rules.map(([currency, amount, approver], i) => ({ id: `r${i + 1}`, inputEntries: [currency, amount], outputEntries: [approver] })),
  };
}

describe('lintDecisionTable', () => {
  it('accepts a UNIQUE table whose rules split the inputs', () => {
    const report = lintDecisionTable(table('UNIQUE', [['"CNY"', '<= 500', '"head"'], ['"CNY"', '> 500', '"hr"'], ['not("CNY")', '-', '"hr"']]));
    expect(report).toEqual({ errors: [], warnings: [] });
  });

  it('refuses a UNIQUE table where two rules match one input (¥500 matches both)', () => {
    const report = lintDecisionTable(table('UNIQUE', [['"CNY"', '<= 500', '"head"'], ['"CNY","EUR"', '>= 500', '"hr"']]));
    expect(report.errors).toEqual([expect.objectContaining({ code: 'overlap', elementId: 'r2', message: expect.stringContaining('rules 1 (r1) and 2 (r2) both match') })]);
  });

  it('lets ANY overlap with the same outputs and refuses it with different ones', () => {
    expect(lintDecisionTable(table('ANY', [['"CNY"', '> 5', '"hr"'], ['"CNY"', '> 10', '"hr"']])).errors).toEqual([]);
    expect(lintDecisionTable(table('ANY', [['"CNY"', '> 5', '"hr"'], ['"CNY"', '> 10', '"risk"']])).errors).toEqual([expect.objectContaining({ code: 'overlap' })]);
  });

  it('warns, and does not refuse, when an overlap depends on an entry it cannot read', () => {
    const report = lintDecisionTable(table('UNIQUE', [['"CNY"', '> limit', '"hr"'], ['"CNY"', '< 5', '"head"']]));
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([expect.objectContaining({ code: 'overlap-unknown', message: expect.stringContaining('Amount') })]);
  });

  it('does not check overlaps for hit policies that allow them', () => {
    for (const policy of ['FIRST', 'COLLECT', 'RULE ORDER']) expect(lintDecisionTable(table(policy, [['-', '-', '"a"'], ['-', '-', '"b"']])).errors).toEqual([]);
  });

  it('refuses entries of the wrong type, broken FEEL, a wrong shape and an unknown hit policy', () => {
    const wrong = lintDecisionTable(table('UNIQUE', [['5', '"CNY"', '"a"'], ['"CNY', '-', '"b"']]));
    expect(wrong.errors.map((e) => e.code)).toEqual(['entry-type', 'entry-type', 'feel']);
    const shape = table('SOMETIMES', [['-', '-', '"a"']]);
    shape.rules[0]!.inputEntries.pop();
    shape.outputs.push({ id: 'o2', name: 'approver', label: '', typeRef: 'string' });
    expect(lintDecisionTable(shape).errors.map((e) => e.code)).toEqual(['hit-policy', 'output-duplicate', 'rule-shape']);
  });
});
