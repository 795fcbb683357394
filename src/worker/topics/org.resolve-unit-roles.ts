import { OrgUnitModel } from '../../db/models/org-unit';
import { PersonModel } from '../../db/models/person';
import { BusinessError, requireStringVariable, type TopicHandler } from '../topic-handler';

/**
 * Sets `unitHeadId` and `hrbpId` from the org chart as it is now, before each meeting round, so a
 * head or HRBP who changes during calibration hands over without a diagram change. A unit without
 * an active head or HRBP is a business outcome (NO_UNIT_ROLES): the diagram waits for the org chart.
 */
export const orgResolveUnitRoles: TopicHandler = {
  topic: 'org.resolve-unit-roles',
  async handle(task) {
    const unitId = requireStringVariable(task, 'subjectId');
    const unit = await OrgUnitModel.findById(unitId, { headId: 1, hrbpId: 1 }).lean();
    if (!unit) throw new BusinessError('NO_UNIT_ROLES', `org unit ${unitId} is not on the org chart`);
    const [head, hrbp] = await Promise.all([unit.headId, unit.hrbpId].map((id) => (id ? PersonModel.findById(id, { active: 1 }).lean() : null)));
    if (!head?.active) throw new BusinessError('NO_UNIT_ROLES', `org unit ${unitId} has no active head`);
    if (!hrbp?.active) throw new BusinessError('NO_UNIT_ROLES', `org unit ${unitId} has no active HRBP`);
    return { unitHeadId: head._id, hrbpId: hrbp._id };
  },
};
