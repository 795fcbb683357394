import type { OrgUnit } from '../../db/models/org-unit';
import { PersonModel, type Role } from '../../db/models/person';
import type { CurrentUser } from '../current-user';

const READ_ALL: readonly Role[] = ['hr', 'auditor', 'admin'];

/**
 * Who may read an org unit's goals: its members, its head, its HRBP, and the read-all roles (as for
 * cases). What they see of the people's goals under it is decided person by person (mayReadCaseOf).
 */
export async function mayReadUnit(user: CurrentUser, unit: Pick<OrgUnit, '_id' | 'headId' | 'hrbpId'>): Promise<boolean> {
  if (user.roles.some((role) => READ_ALL.includes(role))) return true;
  if (user.id === unit.headId || user.id === unit.hrbpId) return true;
  const me = await PersonModel.findById(user.id, { unitId: 1 }).lean();
  return me?.unitId === unit._id;
}
