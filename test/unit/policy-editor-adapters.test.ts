import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { editorSchema, fieldsFor, fromForm, genericSchema, toForm, type EditorKind } from '../../src/web/policy-editor-adapters';

// bonus-approval-limits is retired (the chain is the decision table processes/bonus-approval-chain.dmn);
// its last shipped body stays as a fixture: rounds that pinned it, and its stored versions, still read it.
const policyFile = (key: string) => (key === 'bonus-approval-limits' ? join(__dirname, 'fixtures', 'bonus-approval-limits-policy.json') : join(__dirname, '..', '..', 'policies', `${key}.json`));
const shipped = (key: string) => JSON.parse(readFileSync(policyFile(key), 'utf8')).body;

test.each<[string, EditorKind]>([
  ['scoring', 'scoring'], ['calibration', 'calibration'], ['deferral-cn-bank', 'deferral-pack'], ['deferral-uk', 'deferral-pack'],
  ['bonus-approval-limits', 'bonus-approval-limits'], ['bonus', 'generic'], ['compliance', 'generic'], ['clawback', 'generic'],
])('%s: body → form → body gives the body back unchanged', (key, kind) => {
  const body = shipped(key);
  expect(fromForm(kind, JSON.parse(JSON.stringify(toForm(kind, body))), body)).toEqual(body);
});

test('scoring weights appear as percentages and go back as fractions', () => {
  const form = toForm('scoring', shipped('scoring'));
  expect(form.weightsByBusinessLine.front).toEqual({ business: 50, risk: 20, compliance: 15, behaviour: 15 });
  form.weightsByBusinessLine.front = { business: 40, risk: 30, compliance: 20, behaviour: 10, total: 100 };
  expect(fromForm('scoring', form, shipped('scoring')).weightsByBusinessLine.front).toEqual({ business: 0.4, risk: 0.3, compliance: 0.2, behaviour: 0.1 });
});

test('approval thresholds are rows in whole units; a new row becomes minor units by currency', () => {
  const form = toForm('bonus-approval-limits', shipped('bonus-approval-limits'));
  expect(form.steps[1]).toMatchObject({ id: 'hr', approver: 'hr', always: false, thresholds: expect.arrayContaining([{ measure: 'poolAboveMinor', currency: 'CNY', amount: 500000 }]) });
  form.steps.push({ id: 'board', approver: 'admin', always: false, complianceActionFired: false, thresholds: [{ measure: 'poolAboveMinor', currency: 'CNY', amount: 10000000 }] });
  expect(fromForm('bonus-approval-limits', form, shipped('bonus-approval-limits')).steps[4]).toEqual({ id: 'board', approver: { kind: 'group', group: 'admin' }, when: { poolAboveMinor: { CNY: 1000000000 } } });
});

test('a deferral rule keeps its regulatory floor from the version before, whatever the browser sends', () => {
  const body = shipped('deferral-cn-bank');
  const form = toForm('deferral-pack', body);
  form.rules[1].bands[0].minimumPercent = 10;
  form.rules[1].bands[0].deferPercent = 45;
  const next = fromForm('deferral-pack', form, body);
  expect(next.rules[1].bands[0]).toEqual({ fromMinor: 0, deferPercent: 45, minimumPercent: 40 });
});

test('a server problem is shown at the matching form field', () => {
  expect(fieldsFor('scoring', 'body.weightsByBusinessLine.front')[0]).toBe('weightsByBusinessLine.front.total');
  expect(fieldsFor('calibration', 'body.curve')[0]).toBe('curveTotal');
  expect(fieldsFor('bonus-approval-limits', 'body.steps[2].when.poolAboveMinor.CNY')).toEqual(['steps[2].thresholds', 'steps[2]', 'steps']);
  expect(fieldsFor('deferral-pack', 'body.rules[1].bands[0].deferPercent')[0]).toBe('rules[1].bands[0].deferPercent');
});

test('a policy without a form of its own gets one drawn from its body', () => {
  const schema = genericSchema(shipped('appeal'));
  expect(schema.components.map((c: { key: string; type: string }) => [c.key, c.type])).toEqual([['windowDays', 'number'], ['panelSla', 'textfield']]);
});

describe('the scoring editor: dimensions are rows, and each line asks for a weight per dimension', () => {
  const editorFile = JSON.parse(readFileSync(join(__dirname, '..', '..', 'forms', 'policy-editors', 'scoring.json'), 'utf8'));
  type Component = { key: string; type: string; label?: string; calculateValue?: string; data?: { values: Array<{ value: string; label: string }> }; components?: Component[]; columns?: Array<{ components: Component[] }> };
  const all = (components: Component[] | undefined): Component[] => (components ?? []).flatMap((c) => [c, ...all(c.components), ...(c.columns ?? []).flatMap((col) => all(col.components))]);
  const lineKeys = (schema: { components: Component[] }, line: string) => all(all(schema.components).find((c) => c.key === line)?.components).filter((c) => c.type === 'number').map((c) => c.key);

  test('the shipped dimensions are rows with their labels; a fifth row becomes a dimension with its weights', () => {
    const body = shipped('scoring');
    const form = toForm('scoring', body);
    expect(form.dimensions[0]).toEqual({ key: 'business', labelEn: 'Business', labelZh: '业务' });
    form.dimensions.push({ key: 'clientRelationship', labelEn: 'Client relationship', labelZh: '客户关系' });
    form.weightsByBusinessLine.front = { business: 40, risk: 15, compliance: 15, behaviour: 10, clientRelationship: 20, total: 100 };
    form.weightsByBusinessLine.middle.clientRelationship = 0;
    form.weightsByBusinessLine.back.clientRelationship = 0;
    const next = fromForm('scoring', form, body);
    expect(next.dimensions[4]).toEqual({ key: 'clientRelationship', label: { en: 'Client relationship', 'zh-CN': '客户关系' } });
    expect(next.weightsByBusinessLine.front).toEqual({ business: 0.4, risk: 0.15, compliance: 0.15, behaviour: 0.1, clientRelationship: 0.2 });
    expect(next.nineBoxDimension).toBe('behaviour');
  });

  test('a removed dimension leaves no weight behind', () => {
    const body = shipped('scoring');
    const form = toForm('scoring', body);
    form.dimensions = form.dimensions.filter((d: { key: string }) => d.key !== 'risk');
    expect(Object.keys(fromForm('scoring', form, body).weightsByBusinessLine.front)).toEqual(['business', 'compliance', 'behaviour']);
  });

  test('the form draws a weight field per dimension in each line, labelled in the page language, with the line total over those keys', () => {
    const data = toForm('scoring', shipped('scoring'));
    data.dimensions.push({ key: 'clientRelationship', labelEn: 'Client relationship', labelZh: '客户关系' }, { key: 'not a key', labelEn: 'x', labelZh: 'x' });
    const schema = editorSchema('scoring', editorFile, data, 'zh-CN') as { components: Component[] };
    expect(lineKeys(schema, 'front')).toEqual(['business', 'risk', 'compliance', 'behaviour', 'clientRelationship', 'total']);
    const front = all(all(schema.components).find((c) => c.key === 'front')?.components);
    expect(front.find((c) => c.key === 'clientRelationship')?.label).toBe('客户关系');
    expect(front.find((c) => c.key === 'total')?.calculateValue).toBe('value = Math.round(((Number(row.business)||0)+(Number(row.risk)||0)+(Number(row.compliance)||0)+(Number(row.behaviour)||0)+(Number(row.clientRelationship)||0))*100)/100;');
    expect(all(schema.components).find((c) => c.key === 'nineBoxDimension')?.data?.values.map((v) => v.value)).toEqual(['business', 'risk', 'compliance', 'behaviour', 'clientRelationship']);
  });

  test('a problem with a dimension label is shown at its cell', () => {
    expect(fieldsFor('scoring', 'body.dimensions[4].label.zh-CN')[0]).toBe('dimensions[4].labelZh');
    expect(fieldsFor('scoring', 'body.weightsByBusinessLine.back.clientRelationship')[0]).toBe('weightsByBusinessLine.back.clientRelationship');
  });
});
