import type { Role } from '../../db/models/person';
import type { CurrentUser } from '../current-user';

/**
 * Who uses the process owner's low-code tools (the flow modeler, the form builder, the decision
 * tables): process owners and admins. Every save, deploy and roll back is in the audit log.
 */
export const MODELER_ROLES: Role[] = ['process-owner', 'admin'];

export const mayModel = (user: CurrentUser | undefined) => Boolean(user?.roles.some((role) => MODELER_ROLES.includes(role)));
