import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffBodies, validatePolicyBody } from '../../src/domain/policy-validation';

// bonus-approval-limits is retired (the chain is the decision table processes/bonus-approval-chain.dmn);
// its last shipped body stays as a fixture: rounds that pinned it, and its stored versions, still read it.
const policyFile = (key: string) => (key === 'bonus-approval-limits' ? join(__dirname, 'fixtures', 'bonus-approval-limits-policy.json') : join(__dirname, '..', '..', 'policies', `${key}.json`));
const shipped = (key: string) => JSON.parse(readFileSync(policyFile(key), 'utf8')).body;
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value));

describe('every shipped policy is valid as its own next version', () => {
  test.each(['scoring', 'calibration', 'deferral-cn-bank', 'deferral-cn-insurer', 'deferral-cn-fund', 'deferral-eu-crd5', 'deferral-uk', 'bonus', 'compliance', 'appeal', 'clawback', 'variable-pay-approvals', 'risk-adjustment', 'review-schedule', 'metric-catalogue'])('%s', (key) => {
    expect(validatePolicyBody(key, shipped(key), shipped(key))).toEqual([]);
  });
});

describe('scoring weights by business line', () => {
  test('40/30/20/10 is accepted', () => {
    const body = copy(shipped('scoring'));
    body.weightsByBusinessLine.front = { business: 0.4, risk: 0.3, compliance: 0.2, behaviour: 0.1 };
    expect(validatePolicyBody('scoring', body, shipped('scoring'))).toEqual([]);
  });
  test('40/30/20/20 is refused at the line: weights total 110, must be 100', () => {
    const body = copy(shipped('scoring'));
    body.weightsByBusinessLine.front = { business: 0.4, risk: 0.3, compliance: 0.2, behaviour: 0.2 };
    expect(validatePolicyBody('scoring', body, shipped('scoring'))).toEqual([
      { field: 'weightsByBusinessLine.front', code: 'total', message: 'weights total 110, must be 100' },
    ]);
  });
  test('a missing dimension and a weight above 1 are named by their fields', () => {
    const body = copy(shipped('scoring'));
    delete body.weightsByBusinessLine.middle.risk;
    body.weightsByBusinessLine.back.business = 30;
    const fields = validatePolicyBody('scoring', body, shipped('scoring')).map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['weightsByBusinessLine.middle.risk', 'weightsByBusinessLine.back.business']));
  });
  test('a band order that leaves scores without a rating is refused', () => {
    const body = copy(shipped('scoring'));
    body.ratingBands[4].minScore = 1.2; // E from 1.2 on the scale 1–5: a score of 1.1 would have no rating
    expect(validatePolicyBody('scoring', body, shipped('scoring'))).toEqual([expect.objectContaining({ field: 'ratingBands[4].minScore', code: 'coverage' })]);
  });
});

describe('scoring dimensions', () => {
  const withClientRelationship = () => {
    const body = copy(shipped('scoring'));
    body.dimensions.push({ key: 'clientRelationship', label: { en: 'Client relationship', 'zh-CN': '客户关系' } });
    body.weightsByBusinessLine.front = { business: 0.4, risk: 0.15, compliance: 0.15, behaviour: 0.1, clientRelationship: 0.2 };
    body.weightsByBusinessLine.middle.clientRelationship = 0;
    body.weightsByBusinessLine.back.clientRelationship = 0;
    return body;
  };
  test('a fifth dimension with labels in both languages and a weight in every line (0 where it does not count) is accepted', () => {
    expect(validatePolicyBody('scoring', withClientRelationship(), shipped('scoring'))).toEqual([]);
  });
  test('weights that do not add up with the fifth dimension are refused at the line', () => {
    const body = withClientRelationship();
    body.weightsByBusinessLine.middle.clientRelationship = 0.1;
    expect(validatePolicyBody('scoring', body, shipped('scoring'))).toEqual([{ field: 'weightsByBusinessLine.middle', code: 'total', message: 'weights total 110, must be 100' }]);
  });
  test('a line without a weight for the new dimension, and a weight for a dimension the policy does not list', () => {
    const body = withClientRelationship();
    delete body.weightsByBusinessLine.back.clientRelationship;
    body.weightsByBusinessLine.middle.loyalty = 0;
    expect(validatePolicyBody('scoring', body, shipped('scoring')).map((p) => [p.field, p.code])).toEqual([
      ['weightsByBusinessLine.middle.loyalty', 'unknown'],
      ['weightsByBusinessLine.back.clientRelationship', 'required'],
    ]);
  });
  test('a key that is not an identifier, a key listed twice, a missing zh-CN label and a label with markup', () => {
    const body = withClientRelationship();
    body.dimensions.push({ key: 'client relationship', label: { en: 'x', 'zh-CN': 'x' } });
    body.dimensions.push({ key: 'risk', label: { en: 'Risk again', 'zh-CN': '风险' } });
    body.dimensions[4].label = { en: 'Client relationship' };
    body.dimensions[0].label.en = 'Business {{ alert(1) }}';
    expect(validatePolicyBody('scoring', body, shipped('scoring')).map((p) => [p.field, p.code])).toEqual([
      ['dimensions[0].label.en', 'markup'],
      ['dimensions[4].label.zh-CN', 'required'],
      ['dimensions[5].key', 'format'],
      ['dimensions[6].key', 'duplicate'],
    ]);
  });
  test('a policy with no dimension at all, and a 9-box dimension the policy does not list', () => {
    const empty = copy(shipped('scoring'));
    empty.dimensions = [];
    expect(validatePolicyBody('scoring', empty, shipped('scoring'))).toEqual([expect.objectContaining({ field: 'dimensions', code: 'required' })]);
    const body = withClientRelationship();
    body.nineBoxDimension = 'potential';
    expect(validatePolicyBody('scoring', body, shipped('scoring'))).toEqual([expect.objectContaining({ field: 'nineBoxDimension', code: 'enum' })]);
  });
  test('a version written before policies listed dimensions may be followed by one that lists them', () => {
    const older = copy(shipped('scoring'));
    delete older.dimensions;
    delete older.nineBoxDimension;
    expect(validatePolicyBody('scoring', older, older)).toEqual([]);
    expect(validatePolicyBody('scoring', withClientRelationship(), older)).toEqual([]);
  });
});

describe('calibration curve', () => {
  test('10/20/40/20/10 with 5 points of tolerance is accepted; 10/20/40/20/15 is refused as totalling 105', () => {
    const body = copy(shipped('calibration'));
    expect(validatePolicyBody('calibration', body, body)).toEqual([]);
    body.curve[4].percent = 15;
    expect(validatePolicyBody('calibration', body, shipped('calibration'))).toEqual([{ field: 'curve', code: 'total', message: 'the bands total 105 %, must be 100 %' }]);
  });
  test('a rating in two bands and a negative tolerance', () => {
    const body = copy(shipped('calibration'));
    body.curve[1].ratings = ['B', 'A'];
    body.tolerancePercentagePoints = -1;
    expect(validatePolicyBody('calibration', body, shipped('calibration')).map((p) => p.field)).toEqual(['curve[1].ratings', 'tolerancePercentagePoints']);
  });
});

describe('deferral packs keep their regulatory floors', () => {
  test('China banks: 30 % deferred for senior management is refused by the pack floor of 40 %', () => {
    const body = copy(shipped('deferral-cn-bank'));
    const i = body.rules.findIndex((r: { roles: string[] }) => r.roles.includes('seniorManagement'));
    body.rules[i].bands[0].deferPercent = 30;
    expect(validatePolicyBody('deferral-cn-bank', body, shipped('deferral-cn-bank'))).toEqual([
      { field: `rules[${i}].bands[0].deferPercent`, code: 'floor', message: 'defers 30 %, but the regulation requires at least 40 %' },
    ]);
  });
  test('lowering the floor itself to get 30 % through is refused too', () => {
    const body = copy(shipped('deferral-cn-bank'));
    const i = body.rules.findIndex((r: { roles: string[] }) => r.roles.includes('seniorManagement'));
    body.rules[i].bands[0].deferPercent = 30;
    body.rules[i].bands[0].minimumPercent = 30;
    expect(validatePolicyBody('deferral-cn-bank', body, shipped('deferral-cn-bank'))).toEqual([
      expect.objectContaining({ field: `rules[${i}].bands[0].minimumPercent`, code: 'floor' }),
    ]);
  });
  test('principal executives: exactly 50 % is refused (the rule says more than 50 %), 55 % is accepted', () => {
    const body = copy(shipped('deferral-cn-bank'));
    body.rules[0].bands[0].deferPercent = 50;
    expect(validatePolicyBody('deferral-cn-bank', body, shipped('deferral-cn-bank'))[0]).toMatchObject({ field: 'rules[0].bands[0].deferPercent', message: 'defers 50 %, but the regulation requires more than 50 %' });
    body.rules[0].bands[0].deferPercent = 55;
    expect(validatePolicyBody('deferral-cn-bank', body, shipped('deferral-cn-bank'))).toEqual([]);
  });
  test('UK: 3 yearly tranches from year 1 fall short of the 4-year minimum', () => {
    const body = copy(shipped('deferral-uk'));
    body.rules[0].tranches = 3;
    expect(validatePolicyBody('deferral-uk', body, shipped('deferral-uk'))).toEqual([
      { field: 'rules[0].tranches', code: 'floor', message: 'the last tranche vests in year 3, but the regulation requires deferral to year 4' },
    ]);
  });

  test('CN insurers: the deferred part in one lump, or with its minimum of two instalments removed, is refused in the editor', () => {
    const body = copy(shipped('deferral-cn-insurer'));
    body.rules[0].tranches = 1;
    body.rules[0].firstVestingYear = 2;
    expect(validatePolicyBody('deferral-cn-insurer', body, shipped('deferral-cn-insurer'))).toEqual([
      { field: 'rules[0].tranches', code: 'floor', message: 'defers in 1 yearly instalments, but the regulation requires at least 2' },
    ]);
    delete body.rules[0].minimumTranches;
    expect(validatePolicyBody('deferral-cn-insurer', body, shipped('deferral-cn-insurer'))[0]).toMatchObject({ field: 'rules[0].minimumTranches', code: 'floor' });
  });

  test('CN funds: a fund manager investing 25 % instead of the guideline\'s 30 % is refused', () => {
    const body = copy(shipped('deferral-cn-fund'));
    body.coInvestment[1].percent = 25;
    expect(validatePolicyBody('deferral-cn-fund', body, shipped('deferral-cn-fund'))).toEqual([
      { field: 'coInvestment[1].percent', code: 'floor', message: 'invests 25 %, but the regulation requires at least 30 %' },
    ]);
  });
});

describe('clawback minimums', () => {
  test('the full recovery asked of those mainly responsible may not be lowered or removed, nor name an unknown kind', () => {
    const body = copy(shipped('clawback'));
    body.minimumExtents[0].minimum = { kind: 'percent', percent: 80 };
    body.minimumExtents[1].eventKinds.push('bad-weather');
    expect(validatePolicyBody('clawback', body, shipped('clawback')).map((p) => `${p.field} ${p.code}`)).toEqual(['minimumExtents[0].minimum floor', 'minimumExtents[1].eventKinds unknown']);
    const removed = copy(shipped('clawback'));
    removed.minimumExtents.splice(0, 1);
    expect(validatePolicyBody('clawback', removed, shipped('clawback')).map((p) => `${p.field} ${p.code}`)).toEqual(['minimumExtents floor']);
    const raised = copy(shipped('clawback'));
    raised.minimumExtents[2].minimum = { kind: 'percent', percent: 40 };
    expect(validatePolicyBody('clawback', raised, shipped('clawback'))).toEqual([]);
  });
});

describe('bonus approval limits', () => {
  test('a new row "pools above ¥10,000,000 → admin" is accepted; an unknown role and a fractional amount are refused', () => {
    const body = copy(shipped('bonus-approval-limits'));
    body.steps.push({ id: 'board', approver: { kind: 'group', group: 'admin' }, when: { poolAboveMinor: { CNY: 1000000000 } } });
    expect(validatePolicyBody('bonus-approval-limits', body, shipped('bonus-approval-limits'))).toEqual([]);
    body.steps[4].approver.group = 'janitor';
    body.steps[4].when.poolAboveMinor.CNY = 10.5;
    expect(validatePolicyBody('bonus-approval-limits', body, shipped('bonus-approval-limits')).map((p) => p.field)).toEqual(['steps[4].approver.group', 'steps[4].when.poolAboveMinor.CNY']);
  });
  test('a step with no condition is refused', () => {
    const body = copy(shipped('bonus-approval-limits'));
    body.steps[0].when = {};
    expect(validatePolicyBody('bonus-approval-limits', body, shipped('bonus-approval-limits'))).toEqual([expect.objectContaining({ field: 'steps[0].when', code: 'required' })]);
  });
});

describe('shape and safety', () => {
  test('a field the policy does not have, a text where a number was, and a key with $ or a dot', () => {
    const body = copy(shipped('appeal'));
    body.windowDays = '15';
    body.extra = 1;
    expect(validatePolicyBody('appeal', body, shipped('appeal')).map((p) => p.code)).toEqual(['type', 'unknown']);
    expect(validatePolicyBody('appeal', { windowDays: 15, panelSla: { $gt: '' } }, shipped('appeal'))).toEqual([expect.objectContaining({ field: 'panelSla.$gt', code: 'key' })]);
    expect(validatePolicyBody('appeal', { 'a.b': 1 }, shipped('appeal'))).toEqual([expect.objectContaining({ code: 'key' })]);
    expect(validatePolicyBody('appeal', ['x'], shipped('appeal'))).toEqual([expect.objectContaining({ field: 'body' })]);
  });
  test('a removed field is required', () => {
    expect(validatePolicyBody('appeal', { windowDays: 15 }, shipped('appeal'))).toEqual([{ field: 'panelSla', code: 'required', message: 'is required' }]);
  });
});

test('the preview lists changed fields only, by path', () => {
  const before = shipped('scoring');
  const after = copy(before);
  after.weightsByBusinessLine.front.business = 0.4;
  after.weightsByBusinessLine.front.behaviour = 0.25;
  expect(diffBodies(before, after)).toEqual([
    { field: 'weightsByBusinessLine.front.business', before: 0.5, after: 0.4 },
    { field: 'weightsByBusinessLine.front.behaviour', before: 0.15, after: 0.25 },
  ]);
});
