import { OrgUnitModel } from '../../db/models/org-unit';
import type { Person, Role } from '../../db/models/person';
import type { CurrentUser } from '../current-user';

/** Roles that read every case: HR runs the process, auditors check it, admins support it. */
const READ_ALL: readonly Role[] = ['hr', 'auditor', 'admin'];

/**
 * Who may read a person's review case: the person, their direct manager, the HRBP of their org
 * unit, and the read-all roles. Manager and HRBP come from the org chart as it is now (people.managerId,
 * orgUnits.hrbpId), not from what the case recorded at launch: whoever leaves the line loses access.
 */
export async function mayReadCaseOf(user: CurrentUser, subject: Pick<Person, '_id' | 'managerId' | 'unitId'>): Promise<boolean> {
  if (user.id === subject._id || user.id === subject.managerId) return true;
  if (user.roles.some((role) => READ_ALL.includes(role))) return true;
  if (!user.roles.includes('hrbp')) return false;
  const unit = await OrgUnitModel.findById(subject.unitId, { hrbpId: 1 }).lean();
  return unit?.hrbpId === user.id;
}
