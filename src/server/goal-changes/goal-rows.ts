import { UnitGoalModel, type UnitGoal } from '../../db/models/goal';
import { readByIds } from '../../db/read-by-ids';
import type { GoalRow } from '../../domain/goal-versions';

export type LabelledGoalRow = GoalRow & { unitGoal: Pick<UnitGoal, 'code' | 'title'> | null };

/** Goal rows with the title of the unit goal each serves, each unit goal read once. */
export async function withUnitGoals(rowSets: ReadonlyArray<readonly GoalRow[]>): Promise<LabelledGoalRow[][]> {
  const found = await readByIds<Pick<UnitGoal, '_id' | 'code' | 'title'>>(UnitGoalModel, rowSets.flat().map((r) => r.unitGoalId), { code: 1, title: 1 });
  const label = (id: string) => {
    const goal = found.get(id);
    return goal ? { code: goal.code, title: goal.title } : null;
  };
  return rowSets.map((rows) => rows.map((row) => ({ ...row, unitGoal: label(row.unitGoalId) })));
}
