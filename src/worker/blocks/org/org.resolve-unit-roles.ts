import { ORG_BLOCKS } from '../../../domain/blocks';
import { BusinessError, requireStringVariable } from '../../topic-handler';
import { defineBlock } from '../block';
import type { OrgPort } from '../ports';

/**
 * Sets `unitHeadId` and `hrbpId` from the org chart as it is now, before each meeting round, so a
 * head or HRBP who changes during calibration hands over without a diagram change. A unit without
 * an active head or HRBP is a business outcome (NO_UNIT_ROLES): the diagram waits for the org chart.
 */
export const orgResolveUnitRoles = defineBlock<{ org: Pick<OrgPort, 'person' | 'unit'> }>(ORG_BLOCKS.resolveUnitRoles, async (task, ports) => {
  const unitId = requireStringVariable(task, 'subjectId');
  const unit = await ports.org.unit(unitId);
  if (!unit) throw new BusinessError('NO_UNIT_ROLES', `org unit ${unitId} is not on the org chart`);
  const [head, hrbp] = await Promise.all([unit.headId, unit.hrbpId].map((id) => (id ? ports.org.person(id) : null)));
  if (!head?.active) throw new BusinessError('NO_UNIT_ROLES', `org unit ${unitId} has no active head`);
  if (!hrbp?.active) throw new BusinessError('NO_UNIT_ROLES', `org unit ${unitId} has no active HRBP`);
  return { unitHeadId: head._id, hrbpId: hrbp._id };
});
