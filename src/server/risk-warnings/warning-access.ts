import type { Role } from '../../db/models/person';
import type { CurrentUser } from '../current-user';

/** Who reads every warning: the risk and compliance functions, auditors and admins. */
const READ_ALL: readonly Role[] = ['risk-officer', 'compliance-officer', 'auditor', 'admin'];
/** Who closes a warning, and turns a confirmed one into a compliance event. */
export const DECIDE_ROLES: readonly Role[] = ['risk-officer'];

export const readsAllWarnings = (user: CurrentUser): boolean => user.roles.some((r) => READ_ALL.includes(r));
export const decidesWarnings = (user: CurrentUser): boolean => user.roles.some((r) => DECIDE_ROLES.includes(r));
