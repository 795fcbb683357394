import { UnitGoalModel, type UnitGoal } from '../../db/models/goal';
import type { GoalRow } from '../../domain/goal-versions';

export type LabelledGoalRow = GoalRow & { unitGoal: Pick<UnitGoal, 'code' | 'title'> | null };

/** Goal rows with the title of the unit goal each serves, each unit goal read once. */
export async function withUnitGoals(rowSets: ReadonlyArray<readonly GoalRow[]>): Promise<LabelledGoalRow[][]> {
  const ids = [...new Set(rowSets.flat().map((r) => r.unitGoalId))];
  const found = await Promise.all(ids.map((id) => UnitGoalModel.findById(id, { code: 1, title: 1 }).lean()));
  const byId = new Map(ids.map((id, i) => [id, found[i] ? { code: found[i]!.code, title: found[i]!.title } : null]));
  return rowSets.map((rows) => rows.map((row) => ({ ...row, unitGoal: byId.get(row.unitGoalId) ?? null })));
}
