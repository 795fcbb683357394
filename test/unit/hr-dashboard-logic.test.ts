import { countFunnel, countOverdue, standingRatings } from '../../src/domain/cycle-funnel';
import { planLaunch, unitsWithDescendants, UnknownUnitError } from '../../src/domain/launch-scope';
import { behaviourLevel, performanceLevel, placeInNineBox } from '../../src/domain/nine-box';
import type { OrgUnitNode } from '../../src/domain/approvers';

describe('completion funnel', () => {
  test('three CB cases: one with goals and a check-in, one published, one just started', () => {
    const funnel = countFunnel(
      [{ caseId: 'c:1', unitId: 'CB', status: 'running' }, { caseId: 'c:2', unitId: 'CB', status: 'published' }, { caseId: 'c:3', unitId: 'CB', status: 'running' }],
      [{ caseId: 'c:1', taskDefinitionKey: 'goalSetting' }, { caseId: 'c:1', taskDefinitionKey: 'checkIn' }, { caseId: 'c:1', taskDefinitionKey: 'goalApproval' }],
    );
    expect(funnel.overall.total).toBe(3);
    expect(funnel.overall.steps.map((s) => s.count)).toEqual([3, 2, 2, 1, 1, 1, 1]);
    expect(funnel.overall.steps[1]!.percent).toBe(66.7);
    expect(funnel.units).toHaveLength(1);
  });

  test('a case counts for every step before the furthest one it completed; units are counted apart', () => {
    const funnel = countFunnel(
      [{ caseId: 'a', unitId: 'WM', status: 'running' }, { caseId: 'b', unitId: 'CB', status: 'calibrated' }],
      [{ caseId: 'a', taskDefinitionKey: 'selfAssessment' }],
    );
    expect(funnel.units.map((u) => [u.unitId, u.steps.map((s) => s.count)])).toEqual([
      ['CB', [1, 1, 1, 1, 1, 1, 0]],
      ['WM', [1, 1, 1, 1, 0, 0, 0]],
    ]);
  });

  test('a case whose start was interrupted is not counted as launched', () => {
    expect(countFunnel([{ caseId: 'x', unitId: 'CB', status: 'starting' }], []).overall.steps[0]!.count).toBe(0);
  });

  test('an empty cycle has zero everywhere and no division by zero', () => {
    expect(countFunnel([], []).overall.steps.every((s) => s.count === 0 && s.percent === 0)).toBe(true);
  });
});

test('standing ratings: appeal over calibrated over final; self scores do not count', () => {
  const ratings = standingRatings([
    { subjectId: 'p1', step: 'final', rating: 'C' }, { subjectId: 'p1', step: 'calibrated', rating: 'B' },
    { subjectId: 'p2', step: 'appeal', rating: 'A' }, { subjectId: 'p2', step: 'final', rating: 'D' },
    { subjectId: 'p3', step: 'self', rating: 'A' },
  ]);
  expect([...ratings]).toEqual([['p1', 'B'], ['p2', 'A']]);
});

test('overdue tasks are counted per step and unit, biggest first', () => {
  expect(countOverdue([{ step: 'selfAssessment', unitId: 'CB' }, { step: 'goalSetting', unitId: 'WM' }, { step: 'selfAssessment', unitId: 'CB' }]))
    .toEqual([{ step: 'selfAssessment', unitId: 'CB', count: 2 }, { step: 'goalSetting', unitId: 'WM', count: 1 }]);
});

describe('launch scope', () => {
  const units = new Map<string, OrgUnitNode>([
    ['EXEC', { id: 'EXEC', headId: 'ceo' }],
    ['CB', { id: 'CB', headId: 'cbh', parentId: 'EXEC' }],
    ['CB-SME', { id: 'CB-SME', parentId: 'CB' }],
    ['WM', { id: 'WM', headId: 'wmh', parentId: 'EXEC' }],
  ]);
  const people = [
    { id: 'ceo', unitId: 'EXEC', active: true },
    { id: 'cbh', unitId: 'CB', managerId: 'ceo', active: true },
    { id: 'rm1', unitId: 'CB', managerId: 'cbh', active: true },
    { id: 'sme1', unitId: 'CB-SME', active: true }, // no manager: the head of the parent unit approves
    { id: 'gone', unitId: 'CB', managerId: 'cbh', active: false },
    { id: 'wm1', unitId: 'WM', managerId: 'wmh', active: true },
  ];

  test('a unit brings the units below it', () => {
    expect(unitsWithDescendants(['CB'], units)).toEqual(['CB', 'CB-SME']);
    expect(() => unitsWithDescendants(['NOPE'], units)).toThrow(UnknownUnitError);
  });

  test('CB: active people of CB and CB-SME with their first approver; people with a case are skipped', () => {
    const scope = planLaunch(['CB'], people, units, new Set(['rm1']));
    expect(scope.toLaunch).toEqual([
      { personId: 'cbh', unitId: 'CB', approverId: 'ceo', rule: 'manager' },
      { personId: 'sme1', unitId: 'CB-SME', approverId: 'cbh', rule: 'parent-unit-head' },
    ]);
    expect(scope.existing).toEqual(['rm1']);
    expect(scope.withoutApprover).toEqual([]);
  });

  test('the whole bank: the president has nobody above him', () => {
    const scope = planLaunch(null, people, units, new Set());
    expect(scope.unitIds).toBeNull();
    expect(scope.toLaunch.map((t) => t.personId)).toEqual(['cbh', 'rm1', 'sme1', 'ceo', 'wm1'].filter((id) => id !== 'ceo'));
    expect(scope.withoutApprover).toEqual(['ceo']);
  });
});

describe('9-box', () => {
  const scale = ['A', 'B', 'C', 'D', 'E'];
  test('performance levels on A–E: A, B high; C medium; D, E low', () => {
    expect(scale.map((r) => performanceLevel(r, scale))).toEqual(['high', 'high', 'medium', 'low', 'low']);
    expect(performanceLevel('Z', scale)).toBeNull();
  });

  test('B with behaviour 5 is top right; C with 2 is medium-low; E with 3 is low-medium; no behaviour is unplaced', () => {
    const box = placeInNineBox([
      { id: 'p1', rating: 'B', behaviour: 5 }, { id: 'p2', rating: 'C', behaviour: 2 }, { id: 'p3', rating: 'E', behaviour: 3 }, { id: 'p4', rating: 'A', behaviour: null },
    ], scale);
    expect(box.cells.high.high).toEqual(['p1']);
    expect(box.cells.medium.low).toEqual(['p2']);
    expect(box.cells.low.medium).toEqual(['p3']);
    expect(box.unplaced).toEqual(['p4']);
  });

  test('the vertical levels follow the policy\'s rating scale: on 1–10, high from 7.75, medium from 5.5', () => {
    expect([1, 2, 3, 4, 5].map((r) => behaviourLevel(r))).toEqual(['low', 'low', 'medium', 'high', 'high']);
    expect([5, 5.5, 7, 7.75, 10].map((r) => behaviourLevel(r, { min: 1, max: 10 }))).toEqual(['low', 'medium', 'medium', 'high', 'high']);
    const box = placeInNineBox([{ id: 'p1', rating: 'B', behaviour: 8 }], scale, { min: 1, max: 10 });
    expect(box.cells.high.high).toEqual(['p1']);
  });
});
