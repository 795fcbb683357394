import { DevelopmentItemModel, type DevelopmentItem } from '../../db/models/development-plan';
import { OrgUnitModel } from '../../db/models/org-unit';
import { plansByUnit, type ShareDone } from '../../domain/development-plan';
import type { CurrentUser } from '../current-user';
import { translate, type Locale } from '../i18n';

const READ_ALL = ['hr', 'auditor', 'admin'] as const;

export interface UnitShare extends ShareDone {
  unitId: string;
  unit: string;
  people: number;
}

/** Whether the reader has an HR view at all: HR, auditors and admins see every unit, an HRBP the units they partner. */
export async function unitsInScope(user: CurrentUser): Promise<string[] | 'all' | null> {
  if (user.roles.some((role) => (READ_ALL as readonly string[]).includes(role))) return 'all';
  if (!user.roles.includes('hrbp')) return null;
  return (await OrgUnitModel.find({ hrbpId: user.id }, { _id: 1 }).lean()).map((u) => u._id);
}

/**
 * HR's view of development plans: per unit (the person's unit when the meeting was recorded), how
 * many people have a plan, how many items, and how many are done, in progress and not started,
 * with the share done (src/domain/development-plan.ts plansByUnit). Null for a reader with no scope.
 */
export async function unitShares(user: CurrentUser, locale: Locale): Promise<UnitShare[] | null> {
  const scope = await unitsInScope(user);
  if (scope === null) return null;
  if (Array.isArray(scope) && scope.length === 0) return [];
  const items = await DevelopmentItemModel.find(scope === 'all' ? {} : { unitId: { $in: scope } }, { unitId: 1, personId: 1, status: 1 }).lean<Array<Pick<DevelopmentItem, 'unitId' | 'personId' | 'status'>>>();
  const rows = plansByUnit(items);
  const units = new Map((await OrgUnitModel.find({ _id: { $in: rows.map((r) => r.unitId) } }, { name: 1 }).lean()).map((u) => [u._id, u.name]));
  // A unit since removed from the org chart keeps its plans' numbers, named as such rather than by its id.
  return rows.map((row) => ({ ...row, unit: units.get(row.unitId)?.[locale] ?? translate(locale, 'development.unitGone') }));
}
