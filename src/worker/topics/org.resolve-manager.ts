import { OrgUnitModel } from '../../db/models/org-unit';
import { PersonModel } from '../../db/models/person';
import { NoApproverError, resolveManager, type OrgUnitNode } from '../../domain/approvers';
import { BusinessError, requireStringVariable, type TopicHandler } from '../topic-handler';

/**
 * Sets `managerId` from the org chart just before the manager's step, so whoever manages the
 * employee now does the assessment. Reads only; a redelivery gives the same answer.
 */
export const orgResolveManager: TopicHandler = {
  topic: 'org.resolve-manager',
  async handle(task) {
    const subjectId = requireStringVariable(task, 'subjectId');
    const person = await PersonModel.findById(subjectId, { managerId: 1, unitId: 1 }).lean();
    if (!person) throw new Error(`employee ${subjectId} is not on the org chart`);
    const units = new Map((await OrgUnitModel.find({}, { headId: 1, parentId: 1 }).lean())
      .map((u): [string, OrgUnitNode] => [u._id, { id: u._id, headId: u.headId, parentId: u.parentId }]));
    try {
      const resolved = resolveManager({ id: person._id, managerId: person.managerId, unitId: person.unitId }, units);
      return { managerId: resolved.approverId, managerResolvedBy: resolved.rule };
    } catch (error) {
      if (error instanceof NoApproverError) throw new BusinessError('NO_APPROVER', error.message);
      throw error;
    }
  },
};
