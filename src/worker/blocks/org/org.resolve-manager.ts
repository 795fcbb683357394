import { ORG_BLOCKS } from '../../../domain/blocks';
import { NoApproverError, resolveManager, type OrgUnitNode } from '../../../domain/approvers';
import { BusinessError, requireStringVariable } from '../../topic-handler';
import { defineBlock } from '../block';
import type { OrgPort } from '../ports';

/**
 * Sets `managerId` from the org chart just before the manager's step, so whoever manages the
 * employee now does the assessment. Reads only; a redelivery gives the same answer.
 */
export const orgResolveManager = defineBlock<{ org: Pick<OrgPort, 'person' | 'units'> }>(ORG_BLOCKS.resolveManager, async (task, ports) => {
  const subjectId = requireStringVariable(task, 'subjectId');
  const person = await ports.org.person(subjectId);
  if (!person) throw new Error(`employee ${subjectId} is not on the org chart`);
  const units = new Map((await ports.org.units()).map((u): [string, OrgUnitNode] => [u._id, { id: u._id, headId: u.headId, parentId: u.parentId }]));
  try {
    const resolved = resolveManager({ id: person._id, managerId: person.managerId, unitId: person.unitId }, units);
    return { managerId: resolved.approverId, managerResolvedBy: resolved.rule };
  } catch (error) {
    if (error instanceof NoApproverError) throw new BusinessError('NO_APPROVER', error.message);
    throw error;
  }
});
