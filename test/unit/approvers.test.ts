import { NoApproverError, resolveManager, type OrgUnitNode } from '../../src/domain/approvers';

const units = new Map<string, OrgUnitNode>([
  ['EXEC', { id: 'EXEC', headId: 'ceo' }],
  ['CB', { id: 'CB', headId: 'cb-head', parentId: 'EXEC' }],
  ['CB-SME', { id: 'CB-SME', parentId: 'CB' }], // a new desk whose head is not appointed yet
]);

describe('resolveManager: who assesses an employee, from the org chart as it is now', () => {
  it('takes the manager on the org chart first', () => {
    expect(resolveManager({ id: 'rm1', managerId: 'cb-head', unitId: 'CB' }, units)).toEqual({ approverId: 'cb-head', rule: 'manager' });
  });

  it('falls back to the head of the unit when the person has no manager', () => {
    expect(resolveManager({ id: 'rm2', unitId: 'CB' }, units)).toEqual({ approverId: 'cb-head', rule: 'unit-head', unitId: 'CB' });
  });

  it('goes up to the parent unit when the unit has no head yet', () => {
    expect(resolveManager({ id: 'rm3', unitId: 'CB-SME' }, units)).toEqual({ approverId: 'cb-head', rule: 'parent-unit-head', unitId: 'CB' });
  });

  it('never makes a unit head assess themselves', () => {
    expect(resolveManager({ id: 'cb-head', unitId: 'CB' }, units)).toEqual({ approverId: 'ceo', rule: 'parent-unit-head', unitId: 'EXEC' });
  });

  it('says so when nobody is above', () => {
    expect(() => resolveManager({ id: 'ceo', unitId: 'EXEC' }, units)).toThrow(NoApproverError);
  });
});
