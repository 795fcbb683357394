/**
 * Who assesses an employee, read from the org chart at the moment the step starts, so a
 * reorganisation reaches running cases without a BPMN change:
 *   1. their manager on the org chart;
 *   2. else the head of their unit, unless they are that head;
 *   3. else the head of the nearest parent unit with a head who is someone else.
 */
export interface OrgPerson {
  id: string;
  managerId?: string;
  unitId: string;
}

export interface OrgUnitNode {
  id: string;
  headId?: string;
  parentId?: string;
}

export interface ResolvedApprover {
  approverId: string;
  rule: 'manager' | 'unit-head' | 'parent-unit-head';
  unitId?: string;
}

export class NoApproverError extends Error {}

export function resolveManager(person: OrgPerson, units: ReadonlyMap<string, OrgUnitNode>): ResolvedApprover {
  if (person.managerId && person.managerId !== person.id) return { approverId: person.managerId, rule: 'manager' };
  const seen = new Set<string>();
  let unit = units.get(person.unitId);
  let rule: ResolvedApprover['rule'] = 'unit-head';
  while (unit && !seen.has(unit.id)) {
    seen.add(unit.id);
    if (unit.headId && unit.headId !== person.id) return { approverId: unit.headId, rule, unitId: unit.id };
    unit = unit.parentId ? units.get(unit.parentId) : undefined;
    rule = 'parent-unit-head';
  }
  throw new NoApproverError(`nobody above ${person.id} on the org chart can assess them`);
}
