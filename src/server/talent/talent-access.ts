import { OrgUnitModel } from '../../db/models/org-unit';
import type { Role } from '../../db/models/person';
import type { CurrentUser } from '../current-user';

/** Who reads the whole bank's talent view: HR, the compensation committee (it reviews talent), auditors, admins. */
const READ_ALL: readonly Role[] = ['hr', 'comp-committee', 'auditor', 'admin'];

/**
 * The people whose talent record this reader sees: everyone (`all`), the units an HRBP partners
 * (as the org chart is now), or nobody (null: the page and API answer "not found").
 */
export async function talentScope(user: CurrentUser): Promise<'all' | Set<string> | null> {
  if (user.roles.some((r) => READ_ALL.includes(r))) return 'all';
  if (!user.roles.includes('hrbp')) return null;
  const units = await OrgUnitModel.find({ hrbpId: user.id }, { _id: 1 }).lean();
  return units.length > 0 ? new Set(units.map((u) => u._id)) : null;
}

export const inTalentScope = (scope: 'all' | Set<string> | null, unitId: string | undefined): boolean =>
  scope === 'all' || (scope !== null && unitId !== undefined && scope.has(unitId));
