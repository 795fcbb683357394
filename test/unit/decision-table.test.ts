import { decisionTableElements, entriesOverlap, lintDecisionTable, parseUnaryTests, type DecisionTable } from '../../src/domain/decision-table';
import { diffElements } from '../../src/domain/process-diff';

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
    // The engine evaluates neither PRIORITY nor OUTPUT ORDER; an aggregation needs COLLECT and one output.
    expect(lintDecisionTable(table('PRIORITY', [['-', '-', '"a"']])).errors).toEqual([expect.objectContaining({ code: 'hit-policy', message: expect.stringContaining('UNIQUE, ANY, FIRST, RULE ORDER, COLLECT') })]);
    expect(lintDecisionTable({ ...table('FIRST', [['-', '-', '1']]), aggregation: 'SUM' }).errors.map((e) => e.code)).toEqual(['aggregation']);
    expect(lintDecisionTable({ ...table('COLLECT', [['-', '-', '1']]), aggregation: 'SUM' }).errors).toEqual([]);
  });
});

describe('decisionTableElements: what an owner compares between two versions of a table', () => {
  it('names a changed threshold by its rule and column, and a new rule as added', () => {
    const before = table('FIRST', [['"CNY"', '> 500', '"committee"'], ['-', '-', '"head"']]);
    const after = table('FIRST', [['"CNY"', '> 250', '"committee"'], ['-', '-', '"head"']]);
    after.rules.push({ id: 'r3', inputEntries: ['"EUR"', '> 60'], outputEntries: ['"committee"'] });
    const diff = diffElements(decisionTableElements(before), decisionTableElements(after));
    expect(diff.changed).toEqual([{ id: 'r1', type: 'Rule', name: '', fields: [{ field: 'when Amount', before: '> 500', after: '> 250' }] }]);
    expect(diff.added).toEqual([{ id: 'r3', type: 'Rule', name: '', properties: { row: '3', 'when Currency': '"EUR"', 'when Amount': '> 60', 'then approver': '"committee"' } }]);
    expect(diff.removed).toEqual([]);
  });

  it('sees a hit policy change and a moved rule (the order decides under FIRST and RULE ORDER)', () => {
    const before = table('FIRST', [['"CNY"', '> 500', '"committee"'], ['-', '-', '"head"']]);
    const after = table('RULE ORDER', [['-', '-', '"head"'], ['"CNY"', '> 500', '"committee"']]);
    after.rules = [before.rules[1]!, before.rules[0]!];
    const changed = diffElements(decisionTableElements(before), decisionTableElements(after)).changed;
    expect(Object.fromEntries(changed.map((c) => [c.id, c.fields.map((f) => `${f.field}: ${f.before} → ${f.after}`)]))).toEqual({
      table: ['hitPolicy: FIRST → RULE ORDER'],
      r2: ['row: 2 → 1'],
      r1: ['row: 1 → 2'],
    });
  });
});
