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

/** Named people who are not on the chart, or who have left: a launch names only active people. */
export class UnknownSubjectError extends Error {
  constructor(readonly unknown: string[], readonly inactive: string[]) {
    super(`unknown people: ${unknown.join(', ')}; not active: ${inactive.join(', ')}`);
  }
}

/**
 * `chosenPersonIds` (a launch for named people, with or without units): those people join the
 * scope; with neither units nor people named, the whole bank is in scope. A named person on the
 * chart and in a chosen unit is counted once.
 */
export function planLaunch(
  chosenUnitIds: readonly string[] | null,
  people: readonly ScopePerson[],
  units: ReadonlyMap<string, OrgUnitNode>,
  existingSubjectIds: ReadonlySet<string>,
  chosenPersonIds: readonly string[] | null = null,
): LaunchScope {
  const unitIds = chosenUnitIds === null ? null : unitsWithDescendants(chosenUnitIds, units);
  const inUnits = unitIds === null ? null : new Set(unitIds);
  const named = chosenPersonIds === null ? null : new Set(chosenPersonIds);
  if (named) {
    const byId = new Map(people.map((p) => [p.id, p]));
    const unknown = [...named].filter((id) => !byId.has(id));
    const inactive = [...named].filter((id) => byId.get(id)?.active === false);
    if (unknown.length + inactive.length > 0) throw new UnknownSubjectError(unknown, inactive);
  }
  const wholeBank = inUnits === null && named === null;
  const inScope = people
    .filter((p) => p.active && (wholeBank || inUnits?.has(p.unitId) || named?.has(p.id)))
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

export interface UnitTarget {
  unitId: string;
  headId: string;
}

export interface UnitLaunchScope {
  unitIds: string[];
  toLaunch: UnitTarget[];
  /** With a case in this cycle already. */
  existing: string[];
  /** Nobody heads the unit: nobody to stand as its case's manager. */
  withoutHead: string[];
}

/**
 * A launch of a unit flow (a calibration, a bonus round, an owner's unit flow): one case per named
 * unit, exactly those named (a unit's sub-units have their own case when named). Throws
 * UnknownUnitError for ids not on the chart.
 *
 * Worked example: [CB, WM] where WM has a case in the cycle: CB to launch with its head, WM existing.
 */
export function planUnitLaunch(chosenUnitIds: readonly string[], units: ReadonlyMap<string, OrgUnitNode>, existingSubjectIds: ReadonlySet<string>): UnitLaunchScope {
  const unitIds = [...new Set(chosenUnitIds)];
  const unknown = unitIds.filter((id) => !units.has(id));
  if (unknown.length > 0) throw new UnknownUnitError(unknown);
  const scope: UnitLaunchScope = { unitIds, toLaunch: [], existing: [], withoutHead: [] };
  for (const unitId of unitIds) {
    const headId = units.get(unitId)!.headId;
    if (existingSubjectIds.has(unitId)) scope.existing.push(unitId);
    else if (!headId) scope.withoutHead.push(unitId);
    else scope.toLaunch.push({ unitId, headId });
  }
  return scope;
}
