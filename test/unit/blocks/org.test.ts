import { ORG } from '../../../src/worker/blocks/org';
import { BusinessError } from '../../../src/worker/topic-handler';
import { emptyWorld, fakePorts, person, taskOf, type World } from './fakes';

const { orgResolveManager, orgResolveUnitRoles } = ORG;

function bank(): World {
  const world = emptyWorld();
  world.units.set('bank', { _id: 'bank', name: { en: 'Bank', 'zh-CN': '银行' }, businessLine: 'back', headId: 'ceo' });
  world.units.set('desk', { _id: 'desk', name: { en: 'Desk', 'zh-CN': '交易台' }, businessLine: 'front', parentId: 'bank', headId: 'head', hrbpId: 'hrbp' });
  for (const id of ['ceo', 'head', 'hrbp']) world.people.set(id, person(id));
  world.people.set('ann', person('ann', { unitId: 'desk', managerId: 'mia' }));
  world.people.set('head', person('head', { unitId: 'desk' }));
  return world;
}

describe('org.resolve-manager', () => {
  test('the manager on the org chart assesses', async () => {
    expect(await orgResolveManager.run(taskOf({ subjectId: 'ann' }), fakePorts(bank()))).toEqual({ managerId: 'mia', managerResolvedBy: 'manager' });
  });

  test('the unit head assesses their own head through the parent unit', async () => {
    expect(await orgResolveManager.run(taskOf({ subjectId: 'head' }), fakePorts(bank()))).toEqual({ managerId: 'ceo', managerResolvedBy: expect.any(String) });
  });

  test('someone not on the org chart is a technical failure', async () => {
    await expect(orgResolveManager.run(taskOf({ subjectId: 'ghost' }), fakePorts(bank()))).rejects.toThrow('employee ghost is not on the org chart');
  });
});

describe('org.resolve-unit-roles', () => {
  test('the unit head and HRBP as the org chart says now', async () => {
    expect(await orgResolveUnitRoles.run(taskOf({ subjectId: 'desk' }), fakePorts(bank()))).toEqual({ unitHeadId: 'head', hrbpId: 'hrbp' });
  });

  test('an HRBP who left is a business outcome the diagram waits on (NO_UNIT_ROLES)', async () => {
    const world = bank();
    world.people.set('hrbp', person('hrbp', { active: false }));
    const failure = await orgResolveUnitRoles.run(taskOf({ subjectId: 'desk' }), fakePorts(world)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BusinessError);
    expect(failure).toEqual(expect.objectContaining({ code: 'NO_UNIT_ROLES', message: 'org unit desk has no active HRBP' }));
  });
});
