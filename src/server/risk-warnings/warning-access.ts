import type { Role } from '../../db/models/person';
import type { CurrentUser } from '../current-user';

/** Who reads every warning: the risk and compliance functions, HR (who runs calibration and bonus rounds), auditors and admins. */
const READ_ALL: readonly Role[] = ['risk-officer', 'compliance-officer', 'hr', 'auditor', 'admin'];
/** Who closes a warning, and turns a confirmed one into a compliance event. */
export const DECIDE_ROLES: readonly Role[] = ['risk-officer'];

/** Whether this reader sees one person's warnings: the read-all roles, the person's manager, their unit's head and HRBP. */
export function mayReadWarningsOf(user: CurrentUser, person: { managerId?: string; unitHeadId?: string; unitHrbpId?: string }): boolean {
  return readsAllWarnings(user) || [person.managerId, person.unitHeadId, person.unitHrbpId].includes(user.id);
}

export const readsAllWarnings = (user: CurrentUser): boolean => user.roles.some((r) => READ_ALL.includes(r));
export const decidesWarnings = (user: CurrentUser): boolean => user.roles.some((r) => DECIDE_ROLES.includes(r));
