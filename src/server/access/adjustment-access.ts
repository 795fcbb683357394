import type { Role } from '../../db/models/person';
import type { CurrentUser } from '../current-user';

/** Who reads malus-and-clawback cases: HR, the committee that decides, the officers who file, auditors, admins. */
const READERS: readonly Role[] = ['hr', 'comp-committee', 'risk-officer', 'compliance-officer', 'auditor', 'admin'];

export function mayReadAdjustmentCases(user: CurrentUser): boolean {
  return user.roles.some((role) => READERS.includes(role));
}
