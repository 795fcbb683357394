import { OrgUnitModel } from './models/org-unit';

/** The parents of an org unit, nearest first (a shareholder approval given to a unit covers its sub-units). */
export async function parentUnitIds(unitId: string): Promise<string[]> {
  const parents: string[] = [];
  let current = await OrgUnitModel.findById(unitId, { parentId: 1 }).lean();
  // A cycle in the org chart (bad data) stops at the first unit seen twice.
  while (current?.parentId && !parents.includes(current.parentId) && current.parentId !== unitId && parents.length < 50) {
    parents.push(current.parentId);
    current = await OrgUnitModel.findById(current.parentId, { parentId: 1 }).lean();
  }
  return parents;
}
