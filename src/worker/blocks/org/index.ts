import { orgResolveManager } from './org.resolve-manager';
import { orgResolveUnitRoles } from './org.resolve-unit-roles';

/** The org group's blocks (declared in src/domain/blocks/org.ts). */
export const ORG = { orgResolveManager, orgResolveUnitRoles };
