import { PersonGoalModel, type PersonGoal } from '../../db/models/goal';
import { caseIdFor } from '../../db/models/review-case';
import { personGoalProgress } from '../../domain/strategy-map';
import { checkIns } from '../me/overview';

/**
 * The one place the strategy map reads people's goals. The person-goal documents hold the version in
 * force (an approved mid-cycle change rewrites them and keeps the earlier version in goalSetVersions,
 * src/db/models/goal-set.ts), so the map follows a change without reading the versions itself.
 */
export async function personGoalsServing(unitGoalIds: string[]): Promise<PersonGoal[]> {
  if (unitGoalIds.length === 0) return [];
  const goals = await PersonGoalModel.find({ unitGoalId: { $in: unitGoalIds } }).lean<PersonGoal[]>();
  return goals.sort((a, b) => a._id.localeCompare(b._id));
}

/** Each goal's progress from its person's check-ins in the cycle (the latest one counts), with when it was given. */
export async function goalProgress(cycle: string, personIds: string[]): Promise<Map<string, { percent: number | null; at: Date | null }>> {
  const progress = new Map<string, { percent: number | null; at: Date | null }>();
  for (const personId of personIds) {
    const { byGoal } = await checkIns(caseIdFor('performance-review', cycle, personId));
    for (const [goalId, notes] of byGoal) {
      const dated = notes.filter((n) => typeof n.percent === 'number').map((n) => new Date(n.at).getTime());
      progress.set(goalId, { percent: personGoalProgress(notes), at: dated.length ? new Date(Math.max(...dated)) : null });
    }
  }
  return progress;
}
