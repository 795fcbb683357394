import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkFormCode, codeAllowList, codeInSchema } from '../../src/domain/form-code-check';

const formsDir = join(__dirname, '..', '..', 'forms');
const shipped = readdirSync(formsDir).filter((name) => name.endsWith('.json')).map((name) => JSON.parse(readFileSync(join(formsDir, name), 'utf8')) as Record<string, unknown>);
const allowed = codeAllowList(shipped);
const shippedForm = (key: string) => JSON.parse(readFileSync(join(formsDir, `${key}.json`), 'utf8')) as { components: Array<Record<string, unknown>> };

/** The comment rule of forms/calibration-approval.json, as the file has it. */
const RETURN_NEEDS_COMMENT = "valid = data.decision !== 'return' || (typeof input === 'string' && input.trim() !== '') ? true : 'A comment is required when returning the calibration';";
const form = (component: Record<string, unknown>, more: Record<string, unknown> = {}) => ({ title: 'Form', components: [{ type: 'textfield', key: 'a', label: 'A', input: true }, { key: 'b', label: 'B', input: true, type: 'textarea', ...component }], ...more });
const refusal = (field: string, kind = field.split('.').pop()!) => ({ field, code: 'code', message: `${kind} holds code: only code that a shipped form uses for ${kind} may be saved` });

describe('code in a form schema (the form builder saves only code a shipped form carries)', () => {
  test('the shipped forms carry two custom validations and the goal weights\' live total, and every shipped form passes against its own list', () => {
    expect([...allowed.keys()].sort()).toEqual(['custom', 'template']);
    // The one template: the running total under the goal cards (forms/goal-setting.json).
    expect([...allowed.get('template')!]).toEqual([expect.stringContaining("t('Weights total')")]);
    expect(allowed.get('custom')).toContain(RETURN_NEEDS_COMMENT);
    for (const schema of shipped) expect(checkFormCode(schema, allowed)).toEqual([]);
  });

  test('a shipped code string is allowed in a form of the owner\'s, also with other spacing around it', () => {
    expect(checkFormCode(form({ validate: { required: false, custom: RETURN_NEEDS_COMMENT } }), allowed)).toEqual([]);
    expect(checkFormCode(form({ validate: { custom: `\n  ${RETURN_NEEDS_COMMENT}  ` } }), allowed)).toEqual([]);
    // The calibration form, a field moved and relabelled: still its own code.
    const calibration = shippedForm('calibration-approval');
    const edited = { ...calibration, components: [...calibration.components].reverse().map((c) => ({ ...c, label: `${String(c.label)} (edited)` })) };
    expect(checkFormCode(edited, allowed)).toEqual([]);
  });

  test('custom validation that reaches the server process is refused with the component path and property', () => {
    expect(checkFormCode(form({ validate: { custom: 'process.exit(1)' } }), allowed)).toEqual([refusal('schema.components[1].validate.custom', 'custom')]);
    expect(checkFormCode(form({ validate: { custom: "valid = process.env.MONGODB_URI ? true : 'x'" } }), allowed)).toEqual([refusal('schema.components[1].validate.custom', 'custom')]);
    expect(checkFormCode(form({ validate: { custom: "process.mainModule.require('child_process').execSync('id')" } }), allowed)).toEqual([refusal('schema.components[1].validate.custom', 'custom')]);
    // A shipped rule with one character more is another rule.
    expect(checkFormCode(form({ validate: { custom: `${RETURN_NEEDS_COMMENT} process.exit(1);` } }), allowed)).toEqual([refusal('schema.components[1].validate.custom', 'custom')]);
    // Shipped code under another property is not shipped there.
    expect(checkFormCode(form({ calculateValue: RETURN_NEEDS_COMMENT }), allowed)).toEqual([refusal('schema.components[1].calculateValue')]);
  });

  test('every property @formio/core or formio.js runs is checked, nested ones and serverOverride too', () => {
    const problems = checkFormCode(form({
      customConditional: 'show = process.version',
      calculateValue: 'value = 1',
      customDefaultValue: 'value = globalThis',
      conditional: { show: true, json: { '===': [{ var: 'data.a' }, 'x'] } },
      validate: { json: { if: [true, true, 'no'] } },
      logic: [{ name: 'l', trigger: { type: 'javascript', javascript: 'result = true' }, actions: [{ type: 'value', value: 'value = 2' }] }],
      data: { custom: 'values = [1]' },
      serverOverride: { validate: { custom: 'process.exit(1)' } },
      widget: { type: 'calendar', minDate: "moment().add(process.exit(1), 'day')", maxDate: '2030-12-31', disableFunction: 'return true' },
      attributes: { onfocus: 'alert(1)', autocomplete: 'off' },
    }), allowed);
    expect(problems.map((p) => p.field)).toEqual([
      'schema.components[1].customConditional', 'schema.components[1].calculateValue', 'schema.components[1].customDefaultValue',
      'schema.components[1].conditional.json', 'schema.components[1].validate.json', 'schema.components[1].logic', 'schema.components[1].data.custom',
      'schema.components[1].serverOverride.validate.custom', 'schema.components[1].widget.minDate', 'schema.components[1].widget.disableFunction',
      'schema.components[1].attributes.onfocus',
    ]);
    expect(problems.every((p) => p.code === 'code')).toBe(true);
    // A form's module is put in front of all of its code.
    expect(checkFormCode(form({}, { module: '{ options: { form: { evalContext: { x: process } } } }' }), allowed)).toEqual([refusal('schema.module')]);
  });

  test('a component deep inside panels and grids is named by its path', () => {
    const grid = { type: 'panel', key: 'p', components: [{ type: 'datagrid', key: 'g', input: true, components: [{ type: 'number', key: 'n', input: true, calculateValue: "value = require('fs')" }] }] };
    expect(checkFormCode({ components: [grid] }, allowed)).toEqual([refusal('schema.components[0].components[0].components[0].calculateValue')]);
  });

  test('templates run as code: {{ … }} and {% … %} anywhere, translations included', () => {
    const template = (field: string) => ({ field, code: 'code', message: 'templates ({{ … }} or {% … %}) run as code: only those of a shipped form may be saved' });
    expect(checkFormCode(form({ validate: { customMessage: "{{ data.f('x') }}" } }), allowed)).toEqual([template('schema.components[1].validate.customMessage')]);
    expect(checkFormCode(form({ type: 'select', template: '<span>{% process.exit() %}</span>' }), allowed)).toEqual([template('schema.components[1].template')]);
    expect(checkFormCode(form({}, { translations: { 'zh-CN': { B: '{{ x }}' } } }), allowed)).toEqual([template('schema.translations.zh-CN.B')]);
  });

  test('what the builder writes by default, plain dates and words that name a property in free text are not code', () => {
    expect(checkFormCode(form({
      customConditional: '', calculateValue: '  ', customDefaultValue: '', logic: [], attributes: {},
      conditional: { show: null, when: null, eq: '', json: '' },
      validate: { required: true, custom: '', customPrivate: false, json: '', customMessage: 'Say why' },
      widget: { type: 'calendar', minDate: null, maxDate: '2030-12-31T00:00:00Z' }, minDate: '2026-01-01',
      properties: { custom: 'a property the owner named custom' },
    }, { translations: { 'zh-CN': { custom: '自定义', json: 'JSON' } } }), allowed)).toEqual([]);
    expect(codeInSchema({ components: [{ type: 'number', key: 'custom', input: true, label: 'calculateValue' }] })).toEqual([]);
  });

  test('a schema nested far deeper than a store keeps is walked without overflowing the stack', () => {
    const deep = JSON.parse(`{"components":[],"x":${'{"a":'.repeat(50_000)}{"custom":"process.exit(1)"}${'}'.repeat(50_000)}}`);
    expect(checkFormCode(deep, allowed)).toEqual([expect.objectContaining({ code: 'code' })]);
  });
});
