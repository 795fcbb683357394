import type { Person } from '../../db/models/person';
import type { CurrentUser } from '../current-user';
import { mayReadCaseOf } from './case-access';

/** Who reads a person's appeal: the compensation committee (its panel decides appeals), and whoever reads their review case. */
export async function mayReadAppealOf(user: CurrentUser, person: Pick<Person, '_id' | 'managerId' | 'unitId'>): Promise<boolean> {
  return user.roles.includes('comp-committee') || mayReadCaseOf(user, person);
}
