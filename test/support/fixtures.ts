import bcrypt from 'bcryptjs';
import { OrgUnitModel } from '../../src/db/models/org-unit';
import { PersonModel, type Person, type Role } from '../../src/db/models/person';

const suffix = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

/**
 * A person of their own for a test that changes or locks an account: the demo bank's people are
 * shared by every test file of a run (one store), and a changed password or a lock would leak.
 */
export async function createPerson(fields: { prefix: string; password: string; unitId?: string; managerId?: string; roles?: Role[] }): Promise<Person> {
  const tag = suffix();
  const person: Person = {
    _id: `T-${fields.prefix}-${tag}`,
    username: `${fields.prefix}.${tag}`,
    name: { en: `Test ${fields.prefix}`, 'zh-CN': `测试${fields.prefix}` },
    email: `${fields.prefix}.${tag}@demo-bank.example`,
    unitId: fields.unitId ?? 'OPS',
    ...(fields.managerId ? { managerId: fields.managerId } : {}),
    title: 'Test account',
    roles: fields.roles ?? [],
    passwordHash: await bcrypt.hash(fields.password, 4),
    locale: 'en',
    active: true,
  };
  await PersonModel.create(person);
  return person;
}

/** An org unit outside the demo bank's, with its own head and HRBP, for out-of-scope data. */
export async function createUnit(fields: { prefix: string; headId?: string; hrbpId?: string }): Promise<string> {
  const id = `T-${fields.prefix}-${suffix()}`;
  await OrgUnitModel.create({ _id: id, name: { en: `Test unit ${fields.prefix}`, 'zh-CN': `测试部门${fields.prefix}` }, businessLine: 'back', parentId: 'EXEC', headId: fields.headId, hrbpId: fields.hrbpId });
  return id;
}
