import type { BlockDeclaration } from './declaration';

/** Who does a step, from the org chart as it is now: the manager, the unit head, the HRBP. */
export const ORG_BLOCKS = {
  resolveManager: { topic: 'org.resolve-manager', name: { en: 'Resolve manager', 'zh-CN': '确定直属经理' }, description: 'Sets managerId from the org chart as it is now, just before a manager\'s step.',
    reads: ['subjectId'],
    produces: [{ name: 'managerId', type: 'string', description: 'the manager who assesses, from the org chart now' }, { name: 'managerResolvedBy', type: 'string', description: 'which rule named them (manager, unit head, parent unit head)' }] },
  resolveUnitRoles: { topic: 'org.resolve-unit-roles', name: { en: 'Resolve unit head and HRBP', 'zh-CN': '确定部门负责人和HRBP' }, description: 'Sets unitHeadId and hrbpId from the org chart as it is now.',
    reads: ['subjectId'],
    produces: [{ name: 'unitHeadId', type: 'string', description: 'the unit\'s head' }, { name: 'hrbpId', type: 'string', description: 'the HR business partner covering the unit' }] },
} satisfies Record<string, BlockDeclaration>;
