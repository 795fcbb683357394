import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TOPIC_HANDLERS } from '../../src/worker/handlers';
import { elementTemplatesFor, TOPIC_CATALOGUE } from '../../src/domain/topic-catalogue';
import { diffElements, type ElementSummary } from '../../src/domain/process-diff';
import { checkFormSchema } from '../../src/domain/form-schema-check';
import { translatorFor } from '../../src/web/modeler/translate-zh';

const root = join(__dirname, '..', '..');

describe('topic catalogue and element templates', () => {
  test('every topic the worker serves has a name and a description, and no other topic is listed', () => {
    expect(TOPIC_CATALOGUE.map((t) => t.topic).sort()).toEqual(TOPIC_HANDLERS.map((h) => h.topic).sort());
    for (const entry of TOPIC_CATALOGUE) {
      expect(entry.name.en.length).toBeGreaterThan(3);
      expect(entry.name['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(entry.description.length).toBeGreaterThan(10);
    }
  });

  test('every topic used in the shipped flows has a template that sets it', () => {
    const used = new Set(readdirSync(join(root, 'processes')).flatMap((f) => [...readFileSync(join(root, 'processes', f), 'utf8').matchAll(/camunda:topic="([^"]+)"/g)].map((m) => m[1]!)));
    const templates = elementTemplatesFor(TOPIC_CATALOGUE, 'en');
    for (const topic of used) {
      const template = templates.find((t) => (t.properties as Array<{ value: string; binding: { name: string } }>).some((p) => p.binding.name === 'camunda:topic' && p.value === topic));
      expect({ topic, template: template?.name }).toEqual({ topic, template: expect.any(String) });
    }
  });

  test('the templates are named in the page language: "Compute review score" for review.finalize', () => {
    const en = elementTemplatesFor(TOPIC_CATALOGUE, 'en').find((t) => t.id === 'meritflow.topic.review.finalize')!;
    const zh = elementTemplatesFor(TOPIC_CATALOGUE, 'zh-CN').find((t) => t.id === 'meritflow.topic.review.finalize')!;
    expect(en.name).toBe('Compute review score');
    expect(zh.name).toBe('计算考核得分');
    expect(en.properties).toEqual(expect.arrayContaining([expect.objectContaining({ value: 'external', binding: { type: 'property', name: 'camunda:type' } })]));
  });
});

describe('what changed between two versions of a flow', () => {
  const before: ElementSummary[] = [
    { id: 'managerAssessment', type: 'UserTask', name: 'Manager assessment', properties: { formKey: 'formio:manager-assessment', assignee: '${managerId}' } },
    { id: 'toFinalize', type: 'SequenceFlow', name: '', properties: { sourceRef: 'managerAssessment', targetRef: 'finalizeReview' } },
    { id: 'oldStep', type: 'ServiceTask', name: 'Old', properties: { type: 'external', topic: 'review.remind' } },
  ];
  const after: ElementSummary[] = [
    { id: 'managerAssessment', type: 'UserTask', name: 'Manager assessment', properties: { formKey: 'formio:manager-assessment', assignee: '${managerId}' } },
    { id: 'toFinalize', type: 'SequenceFlow', name: '', properties: { sourceRef: 'managerAssessment', targetRef: 'hrSignOff' } },
    { id: 'hrSignOff', type: 'UserTask', name: 'HR sign-off', properties: { formKey: 'formio:goal-approval', candidateGroups: 'hr' } },
  ];

  test('an inserted step is added, the flow into it changed, a dropped step removed', () => {
    const diff = diffElements(before, after);
    expect(diff.added.map((e) => e.id)).toEqual(['hrSignOff']);
    expect(diff.removed.map((e) => e.id)).toEqual(['oldStep']);
    expect(diff.changed).toEqual([{ id: 'toFinalize', type: 'SequenceFlow', name: '', fields: [{ field: 'targetRef', before: 'finalizeReview', after: 'hrSignOff' }] }]);
  });

  test('the same elements make no difference', () => {
    expect(diffElements(before, before)).toEqual({ added: [], removed: [], changed: [] });
  });

  test('a renamed step is changed, with both names', () => {
    const renamed = before.map((e) => (e.id === 'oldStep' ? { ...e, name: 'New' } : e));
    expect(diffElements(before, renamed).changed).toEqual([{ id: 'oldStep', type: 'ServiceTask', name: 'New', fields: [{ field: 'name', before: 'Old', after: 'New' }] }]);
  });
});

describe('the shape of a form schema', () => {
  test('every shipped form passes', () => {
    for (const file of readdirSync(join(root, 'forms')).filter((name) => name.endsWith('.json'))) {
      expect({ file, problems: checkFormSchema(JSON.parse(readFileSync(join(root, 'forms', file), 'utf8'))) }).toEqual({ file, problems: [] });
    }
  });

  test('no components list, a duplicate key, a dotted key and a $ key are each named', () => {
    expect(checkFormSchema({ title: 'x' })).toEqual([{ field: 'schema.components', code: 'required', message: 'the schema needs a components list' }]);
    expect(checkFormSchema([])).toEqual([expect.objectContaining({ code: 'type' })]);
    const problems = checkFormSchema({ components: [
      { type: 'textfield', key: 'comment', input: true },
      { type: 'panel', key: 'panel', components: [{ type: 'textarea', key: 'comment', input: true }, { type: 'number', key: 'a.b' }] },
      { type: 'textfield', key: 'ok', $where: 'x' },
    ] });
    expect(problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ field: 'schema.components[1].components[0].key', code: 'duplicate' }),
      expect.objectContaining({ field: 'schema.components[1].components[1].key', code: 'pattern' }),
      expect.objectContaining({ field: 'schema.components[2].$where', code: 'key' }),
    ]));
    expect(problems).toHaveLength(3);
  });

  test('markup in text a person reads is refused, a lone < is text', () => {
    const form = (label: string, more: Record<string, unknown> = {}) => ({ title: 'Form', components: [{ type: 'textfield', key: 'a', label, input: true }], ...more });
    expect(checkFormSchema(form('<script>alert(1)</script>'))).toEqual([{ field: 'schema.components[0].label', code: 'markup', message: 'plain text only: no HTML tags or script' }]);
    expect(checkFormSchema(form('<img src=x onerror="alert(1)">')).map((p) => p.field)).toEqual(['schema.components[0].label']);
    expect(checkFormSchema(form('ok', { title: 'Bonus </title><b>' })).map((p) => p.field)).toEqual(['schema.title']);
    expect(checkFormSchema(form('Comment', { translations: { 'zh-CN': { Comment: '<b>评论</b>' } } })).map((p) => p.field)).toEqual(['schema.translations.zh-CN.Comment']);
    expect(checkFormSchema(form('ok', { title_i18n: { 'zh-CN': '<!-- x -->' } })).map((p) => p.field)).toEqual(['schema.title_i18n.zh-CN']);
    expect(checkFormSchema(form('Rating < 3 needs a comment', { translations: { 'zh-CN': { 'Rating < 3 needs a comment': '评分 < 3 需要说明' } } }))).toEqual([]);
    // The code a component runs is not text: "data.a<data.b" stays as it is.
    expect(checkFormSchema({ components: [{ type: 'number', key: 'b', input: true, validate: { custom: 'valid = data.a<data.b' } }] })).toEqual([]);
  });

  test('a schema nested deeper than a store keeps, or with a list inside a list, is refused before anything else', () => {
    let panel: Record<string, unknown> = { type: 'textfield', key: 'deepest', input: true };
    for (let i = 0; i < 40; i++) panel = { type: 'panel', key: `p${i}`, components: [panel] };
    expect(checkFormSchema({ components: [panel] })).toEqual([{ field: expect.stringMatching(/^schema\.components\[0\]\.components\[0\]/), code: 'too-deep', message: 'the schema nests deeper than 64 levels' }]);
    // Thousands of levels: refused, not a stack overflow.
    const deep = JSON.parse(`{"components":[],"x":${'['.repeat(50_000)}${']'.repeat(50_000)}}`);
    expect(checkFormSchema(deep).map((p) => p.code)).toEqual(['list-in-list']);
    expect(checkFormSchema(JSON.parse(`{"components":[],"x":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`)).map((p) => p.code)).toEqual(['too-deep']);
    // Form.io's table keeps its cells as rows of lists.
    const table = { type: 'table', key: 'grid', rows: [[{ components: [] }, { components: [] }]] };
    expect(checkFormSchema({ components: [table] })).toEqual([{ field: 'schema.components[0].rows[0]', code: 'list-in-list', message: expect.stringContaining('use columns') }]);
    // Ten panels deep is an ordinary form.
    let ten: Record<string, unknown> = { type: 'textfield', key: 'inner', input: true };
    for (let i = 0; i < 10; i++) ten = { type: 'panel', key: `q${i}`, title: `Part ${i}`, components: [ten] };
    expect(checkFormSchema({ components: [ten] })).toEqual([]);
  });

  test('a component without a type or key is refused', () => {
    expect(checkFormSchema({ components: [{ label: 'x' }] }).map((p) => p.code)).toEqual(['required', 'required']);
  });
});

describe('bpmn-js in zh-CN', () => {
  test('the palette and properties strings are translated, placeholders filled, unknown strings kept', () => {
    const zh = translatorFor('zh-CN');
    expect(zh('Create task')).toBe('创建任务');
    expect(zh('Candidate groups')).toBe('候选组');
    expect(zh('Unknown {thing}', { thing: 'x' })).toBe('Unknown x');
    expect(translatorFor('en')('Create task')).toBe('Create task');
  });
});
