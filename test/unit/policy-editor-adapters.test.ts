import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fieldsFor, fromForm, genericSchema, toForm, type EditorKind } from '../../src/web/policy-editor-adapters';

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
