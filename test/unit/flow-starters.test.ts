import { flowStartRules, mayStartFlow, starterList, startLintProblems } from '../../src/domain/flow-starters';
import { ROLES } from '../../src/db/models/person';
import { planLaunch, planUnitLaunch, UnknownSubjectError, UnknownUnitError } from '../../src/domain/launch-scope';
import type { OrgUnitNode } from '../../src/domain/approvers';

describe('who may start a flow, from its diagram', () => {
  test('the shipped review: HR, process owners and admins; an HRBP may not', () => {
    const rules = flowStartRules({ candidateStarterGroups: 'hr, process-owner,admin' });
    expect(rules).toEqual({ starterGroups: ['hr', 'process-owner', 'admin'], starterUsers: [], subjectType: 'person', problems: [] });
    expect(mayStartFlow(rules, { id: 'E1', roles: ['process-owner'] })).toBe(true);
    expect(mayStartFlow(rules, { id: 'E2', roles: ['hrbp', 'auditor'] })).toBe(false);
  });

  test('a named person may start it whatever their roles; nobody when nothing is named', () => {
    const rules = flowStartRules({ candidateStarterGroups: 'hr', candidateStarterUsers: 'E0042' });
    expect(mayStartFlow(rules, { id: 'E0042', roles: [] })).toBe(true);
    expect(mayStartFlow(rules, { id: 'E0043', roles: [] })).toBe(false);
    expect(mayStartFlow(flowStartRules({}), { id: 'E1', roles: ['admin', 'hr'] })).toBe(false);
  });

  test('an expression matches nobody; blanks and repeats are dropped', () => {
    expect(starterList('${starters}, hr,, hr ,#{x}')).toEqual(['hr']);
    expect(starterList(undefined)).toEqual([]);
  });

  test('the subject type: unit, person by default, anything else makes the flow unlaunchable', () => {
    expect(flowStartRules({ subjectType: 'unit' }).subjectType).toBe('unit');
    const odd = flowStartRules({ candidateStarterGroups: 'hr', subjectType: 'team' });
    expect(odd.problems).toEqual(['subjectType is "team"; it must be person or unit']);
    expect(mayStartFlow(odd, { id: 'E1', roles: ['hr'] })).toBe(false);
  });
});

describe('whom a launch starts cases for', () => {
  const units = new Map<string, OrgUnitNode>([
    ['EXEC', { id: 'EXEC', headId: 'P0' }],
    ['CB', { id: 'CB', headId: 'P1', parentId: 'EXEC' }],
    ['WM', { id: 'WM', parentId: 'EXEC' }],
  ]);
  const people = [
    { id: 'P0', unitId: 'EXEC', active: true },
    { id: 'P1', unitId: 'CB', managerId: 'P0', active: true },
    { id: 'P2', unitId: 'CB', managerId: 'P1', active: true },
    { id: 'P3', unitId: 'WM', managerId: 'P1', active: true },
    { id: 'P4', unitId: 'WM', active: false },
  ];

  test('named people join the chosen units; a person in both is counted once', () => {
    const scope = planLaunch(['CB'], people, units, new Set(), ['P3', 'P2']);
    expect(scope.toLaunch.map((t) => [t.personId, t.approverId])).toEqual([['P1', 'P0'], ['P2', 'P1'], ['P3', 'P1']]);
  });

  test('named people alone; someone who does not exist or has left is refused', () => {
    expect(planLaunch(null, people, units, new Set(), ['P2']).toLaunch.map((t) => t.personId)).toEqual(['P2']);
    expect(() => planLaunch(null, people, units, new Set(), ['P2', 'P9', 'P4'])).toThrow(UnknownSubjectError);
    try { planLaunch(null, people, units, new Set(), ['P9', 'P4']); } catch (error) {
      expect(error).toMatchObject({ unknown: ['P9'], inactive: ['P4'] });
    }
  });

  test('a unit flow: one case per named unit with its head; a unit without a head, or with a case, is not started', () => {
    expect(planUnitLaunch(['CB', 'WM', 'EXEC', 'CB'], units, new Set(['EXEC']))).toEqual({
      unitIds: ['CB', 'WM', 'EXEC'], toLaunch: [{ unitId: 'CB', headId: 'P1' }], existing: ['EXEC'], withoutHead: ['WM'],
    });
    expect(() => planUnitLaunch(['CB', 'NOPE'], units, new Set())).toThrow(UnknownUnitError);
  });
});

describe('what the modeler\'s lint says about starting a flow', () => {
  test('roles and people are fine; a group that is no role, an expression or an odd subject type is an error', () => {
    expect(startLintProblems({ candidateStarterGroups: 'hr,admin', candidateStarterUsers: 'E0042' }, ROLES)).toEqual({ errors: [], warnings: [] });
    expect(startLintProblems({ candidateStarterGroups: 'hr,managers,${starters}', subjectType: 'team' }, ROLES).errors.map((e) => e.code))
      .toEqual(['subject-type', 'starter-expression', 'starter-group']);
  });

  test('no starter at all is a warning: another flow or a business route may start it', () => {
    expect(startLintProblems({}, ROLES)).toEqual({ errors: [], warnings: [expect.objectContaining({ code: 'no-starters' })] });
  });
});
