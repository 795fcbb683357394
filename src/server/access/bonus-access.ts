import { OrgUnitModel } from '../../db/models/org-unit';
import type { Role } from '../../db/models/person';
import type { CurrentUser } from '../current-user';

/**
 * Pay is more sensitive than ratings. A unit's bonus round and its awards are read by HR (runs it),
 * the compensation committee (approves it), auditors (read-only) and admins, and by the unit's head as
 * the org chart says now (they sign and revise the round, so they see its table already). A person
 * reads their own award. A line manager who is not the unit head does not see their reports' pay,
 * nor does an HRBP: both answer 404, as for a round that does not exist.
 */
const READ_PAY: readonly Role[] = ['hr', 'comp-committee', 'auditor', 'admin'];

export async function mayReadBonusOfUnit(user: CurrentUser, unitId: string): Promise<boolean> {
  if (user.roles.some((role) => READ_PAY.includes(role))) return true;
  const unit = await OrgUnitModel.findById(unitId, { headId: 1 }).lean();
  return unit?.headId === user.id;
}

export async function mayReadAward(user: CurrentUser, award: { personId: string; unitId: string }): Promise<boolean> {
  return user.id === award.personId || mayReadBonusOfUnit(user, award.unitId);
}
