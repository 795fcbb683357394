/**
 * Who a cycle launch reviews. The scope is a set of org units, each with every unit below it
 * (choosing the executive office is choosing the whole bank), or the whole bank. In scope are the
 * active people of those units. Each needs someone to approve their goals and assess them, found as
 * the worker will find them when the step starts (approvers.ts: manager, else unit head, else the
 * nearest parent unit's head); a person for whom nobody qualifies is reported, not launched.
 * People who already have a case in the cycle are skipped: a launch is safe to repeat.
 *
 * Worked example (the demo bank): scope [CB] with 11 people (the head and 10 relationship managers),
 * CB's head reports to the president: 11 to launch, their approvers the president (for the head) and
 * the head (for the others). Scope [EXEC] takes every unit; the president, who has nobody above him,
 * is the one person without an approver.
 */
import { NoApproverError, resolveManager, type OrgUnitNode } from './approvers';

export interface ScopePerson {
  id: string;
  unitId: string;
  managerId?: string;
  active: boolean;
}

export interface LaunchTarget {
  personId: string;
  unitId: string;
  approverId: string;
  rule: 'manager' | 'unit-head' | 'parent-unit-head';
}

export interface LaunchScope {
  /** The units in scope, the chosen ones and all below them; null for the whole bank. */
  unitIds: string[] | null;
  /** New cases to start, in a stable order (unit, then person id). */
  toLaunch: LaunchTarget[];
  /** In scope but with a case in this cycle already. */
  existing: string[];
  /** In scope but nobody on the org chart can approve or assess them. */
  withoutApprover: string[];
}

export class UnknownUnitError extends Error {
  constructor(readonly unitIds: string[]) {
    super(`unknown org units: ${unitIds.join(', ')}`);
  }
}

/** The chosen units and every unit below them. Throws UnknownUnitError for ids not on the chart. */
export function unitsWithDescendants(chosen: readonly string[], units: ReadonlyMap<string, OrgUnitNode>): string[] {
  const unknown = chosen.filter((id) => !units.has(id));
  if (unknown.length > 0) throw new UnknownUnitError(unknown);
  const children = new Map<string, string[]>();
  for (const unit of units.values()) {
    if (unit.parentId) children.set(unit.parentId, [...(children.get(unit.parentId) ?? []), unit.id]);
  }
  const result = new Set<string>();
  const queue = [...chosen];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (result.has(id)) continue;
    result.add(id);
    queue.push(...(children.get(id) ?? []));
  }
  return [...result].sort();
}

export function planLaunch(
  chosenUnitIds: readonly string[] | null,
  people: readonly ScopePerson[],
  units: ReadonlyMap<string, OrgUnitNode>,
  existingSubjectIds: ReadonlySet<string>,
): LaunchScope {
  const unitIds = chosenUnitIds === null ? null : unitsWithDescendants(chosenUnitIds, units);
  const inUnits = unitIds === null ? null : new Set(unitIds);
  const inScope = people
    .filter((p) => p.active && (inUnits === null || inUnits.has(p.unitId)))
    .sort((a, b) => (a.unitId === b.unitId ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.unitId < b.unitId ? -1 : 1));
  const scope: LaunchScope = { unitIds, toLaunch: [], existing: [], withoutApprover: [] };
  for (const person of inScope) {
    if (existingSubjectIds.has(person.id)) {
      scope.existing.push(person.id);
      continue;
    }
    try {
      const resolved = resolveManager(person, units);
      scope.toLaunch.push({ personId: person.id, unitId: person.unitId, approverId: resolved.approverId, rule: resolved.rule });
    } catch (error) {
      if (!(error instanceof NoApproverError)) throw error;
      scope.withoutApprover.push(person.id);
    }
  }
  return scope;
}
