import { GoalChangeHeadModel, goalChangeHeadId } from '../../db/models/goal-set';
import { personNames } from '../../db/person-cards';
import { agreedOn, diffGoalSets, versionInForce, type GoalSetVersion } from '../../domain/goal-versions';
import { withUnitGoals } from './goal-rows';
import { goalChangeWindow } from './propose-change';

/**
 * A person's goal-set versions in a cycle, newest first, each with who proposed and approved it, when
 * and why, its goals and what changed from the version before; the open change, if any; and whether
 * a change may be proposed now. Who may read it is the caller's check (goalsPersonFor).
 */
export async function goalHistory(cycle: string, person: { _id: string; name: Record<string, string> }, readerId: string) {
  const [{ versions, window }, head] = await Promise.all([
    goalChangeWindow(cycle, person._id),
    GoalChangeHeadModel.findById(goalChangeHeadId(cycle, person._id)).lean(),
  ]);
  const names = await personNames([...new Set(versions.flatMap((v) => [v.proposedBy, v.approvedBy]))]);
  const labelled = await withUnitGoals(versions.map((v) => v.goals));
  const inForce = versionInForce(versions);
  const rows = versions.map((v: GoalSetVersion, i) => {
    const previous = i > 0 ? versions[i - 1]!.goals : null;
    const diff = previous ? diffGoalSets(previous, v.goals) : [];
    return {
      version: v.version, agreedOn: agreedOn(v), agreedAt: v.agreedAt, inForce: v.version === inForce?.version,
      proposedBy: { id: v.proposedBy, name: names.get(v.proposedBy) ?? null }, approvedBy: { id: v.approvedBy, name: names.get(v.approvedBy) ?? null },
      reason: v.reason, comment: v.comment ?? null, changeCaseId: v.changeCaseId,
      goals: labelled[i]!,
      changes: { added: diff.filter((d) => d.change === 'added').length, dropped: diff.filter((d) => d.change === 'dropped').length, changed: diff.filter((d) => d.change === 'changed').length },
    };
  }).reverse();
  const openChange = head?.openCaseId ?? null;
  return {
    cycle,
    person: { _id: person._id, name: person.name },
    inForce: inForce ? { version: inForce.version, agreedOn: agreedOn(inForce) } : null,
    versions: rows,
    openChange,
    window: window.open ? { open: true as const } : { open: false as const, code: window.code },
    canPropose: readerId === person._id && window.open && openChange === null,
  };
}

export type GoalHistory = Awaited<ReturnType<typeof goalHistory>>;

/** What "My performance" shows of the versions: the one in force, whether a change is open, and whether one may be proposed. */
export async function goalVersionSummary(cycle: string, personId: string) {
  const [{ versions, window }, head] = await Promise.all([goalChangeWindow(cycle, personId), GoalChangeHeadModel.findById(goalChangeHeadId(cycle, personId)).lean()]);
  const inForce = versionInForce(versions);
  const openChange = head?.openCaseId ?? null;
  return {
    personId, cycle,
    inForce: inForce ? { version: inForce.version, agreedOn: agreedOn(inForce) } : null,
    changed: (inForce?.version ?? 0) > 1,
    openChange,
    canPropose: window.open && openChange === null,
  };
}
