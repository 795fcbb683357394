import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { caseContextProblems, contextComponents, contextSourcesOf, parseCaseContextSource } from '../../src/domain/case-context';
import { checkFormCode } from '../../src/domain/form-code-check';
import { checkFormSchema } from '../../src/domain/form-schema-check';
import { SHIPPED_FORM_CODE } from '../../src/server/modeler/shipped-form-code';
import { validateSubmission } from '../../src/server/forms/validate-submission';
import { labelledAnswers } from '../../src/server/tasks/case-context/labelled-answers';

const shipped = (key: string) => JSON.parse(readFileSync(join(__dirname, '..', '..', 'forms', `${key}.json`), 'utf8')) as Record<string, unknown>;
const context = (source: unknown, extra: Record<string, unknown> = {}) => ({ type: 'htmlelement', key: 'caseData', input: false, content: '', properties: { caseContext: source }, ...extra });

describe('the context component', () => {
  it('names a source: a fixed one, or a form\'s latest submission by the form key', () => {
    expect(parseCaseContextSource('appeal')).toEqual({ kind: 'appeal' });
    expect(parseCaseContextSource(' calibration-moves ')).toEqual({ kind: 'calibration-moves' });
    expect(parseCaseContextSource('submission:self-assessment')).toEqual({ kind: 'submission', formKey: 'self-assessment' });
    for (const bad of ['submission:', 'submission:Self', 'submission:../x', 'pay', '', 3, null]) expect(parseCaseContextSource(bad)).toBeNull();
  });

  it('is found inside panels and columns, and the sources a form shows can be asked by name', () => {
    const schema = { components: [
      { type: 'panel', key: 'p', components: [context('appeal')] },
      { type: 'columns', key: 'c', columns: [{ components: [] }, { components: [context('subject', { key: 'who' })] }] },
      { type: 'textfield', key: 'x', input: true, properties: { other: 'y' } },
    ] };
    expect(contextComponents(schema).map((c) => [c.path, c.source?.kind])).toEqual([
      ['schema.components[0].components[0]', 'appeal'],
      ['schema.components[1].columns[1].components[0]', 'subject'],
    ]);
    expect(contextSourcesOf(schema)).toEqual({ appeal: true, subject: true });
  });

  it('is refused on save with an unknown source, or on a component that takes input', () => {
    const schema = { components: [context('salaries'), { type: 'textfield', key: 'who', input: true, properties: { caseContext: 'subject' } }] };
    expect(caseContextProblems(schema).map((p) => [p.field, p.code])).toEqual([
      ['schema.components[0].properties.caseContext', 'enum'],
      ['schema.components[1].type', 'context-component'],
    ]);
    // The same problems come with the rest of the schema's when a form is saved.
    expect(checkFormSchema(schema).map((p) => p.code)).toEqual(['enum', 'context-component']);
  });

  it('passes the save checks in every shipped decision form, and an owner may add one to any form', () => {
    for (const key of ['appeal-triage', 'appeal-decision', 'clawback-decision', 'calibration-approval', 'bonus-approval', 'bonus-revision']) {
      const form = shipped(key);
      expect(contextComponents(form).length).toBeGreaterThan(0);
      expect([...checkFormSchema(form), ...checkFormCode(form, SHIPPED_FORM_CODE)]).toEqual([]);
    }
    const owners = shipped('goal-approval');
    const withContext = { ...owners, components: [context('submission:goal-setting'), ...(owners.components as unknown[])] };
    expect([...checkFormSchema(withContext), ...checkFormCode(withContext, SHIPPED_FORM_CODE)]).toEqual([]);
  });

  it('carries no data: validation ignores it, and a value sent for it is refused as unknown', () => {
    const form = shipped('appeal-triage');
    expect(validateSubmission(form, { decision: 'accept', reasons: 'In scope' })).toMatchObject({ ok: true, data: { decision: 'accept', reasons: 'In scope' } });
    const sent = validateSubmission(form, { decision: 'accept', reasons: 'In scope', appealContext: '<p>x</p>' });
    expect(sent.problems.map((p) => [p.field, p.code])).toEqual([['appealContext', 'unknown']]);
  });
});

describe('a submission shown under its form\'s labels', () => {
  const form = {
    components: [
      { type: 'radio', key: 'ground', label: 'Ground', input: true, values: [{ label: 'Facts were wrong', value: 'facts' }] },
      { type: 'textarea', key: 'statement', label: 'Statement', input: true },
      { type: 'currency', key: 'raise', label: 'Proposed raise', input: true, currency: 'CNY' },
      { type: 'checkbox', key: 'urgent', label: 'Urgent', input: true },
      { type: 'datagrid', key: 'goals', label: 'Goals', input: true, components: [{ type: 'textfield', key: 'title', label: 'Title', input: true }, { type: 'number', key: 'weight', label: 'Weight', input: true }] },
      { type: 'textfield', key: 'empty', label: 'Left empty', input: true },
    ],
    translations: { 'zh-CN': { Ground: '理由', 'Facts were wrong': '事实有误', Statement: '陈述', 'Proposed raise': '建议加薪', Urgent: '紧急', Goals: '目标', Title: '标题', Weight: '权重' } },
  };
  const data = { ground: 'facts', statement: 'Line one\nline two', raise: 12000, urgent: true, goals: [{ title: 'Grow', weight: 60 }], empty: '' };

  it('in English, a choice by its label, amounts for a reader who may see pay', () => {
    expect(labelledAnswers(form, data, 'en', true)).toEqual([
      { label: 'Ground', text: 'Facts were wrong', long: false },
      { label: 'Statement', text: 'Line one\nline two', long: true },
      { label: 'Proposed raise', text: 'CN¥12,000.00', long: false },
      { label: 'Urgent', text: 'Yes', long: false },
      { label: 'Goals', grid: { columns: ['Title', 'Weight'], rows: [['Grow', '60']] } },
    ]);
  });

  it('in Chinese, and without the amount for a reader who may not see pay', () => {
    const answers = labelledAnswers(form, data, 'zh-CN', false);
    expect(answers.map((a) => a.label)).toEqual(['理由', '陈述', '建议加薪', '紧急', '目标']);
    expect(answers[0]!.text).toBe('事实有误');
    expect(answers[2]).toEqual({ label: '建议加薪', withheld: true });
    expect(JSON.stringify(answers)).not.toContain('12');
  });
});
