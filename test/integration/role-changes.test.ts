import { AuditEntryModel } from '../../src/db/models/audit-entry';
import { PersonModel } from '../../src/db/models/person';
import { digestOf } from '../../src/domain/digest';
import { DEMO_PASSWORD } from '../../src/seed/demo-org';
import { createPerson } from '../support/fixtures';
import { HttpUser } from '../support/http-user';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * An admin grants and revokes roles over HTTP; the person's open session follows at once (one
 * server node here); each change is in the audit log with before and after. People of this file's
 * own: the demo bank's roles are shared by every test file of the run.
 */
let stack: TestStack;
let admin: HttpUser;
let person: HttpUser;

beforeAll(async () => {
  stack = await startTestStack();
  const fixtureAdmin = await createPerson({ prefix: 'role-admin', password: DEMO_PASSWORD, unitId: 'HR', roles: ['admin'] });
  const fixturePerson = await createPerson({ prefix: 'role-person', password: DEMO_PASSWORD });
  admin = await HttpUser.signIn(stack.baseUrl, fixtureAdmin.username);
  person = await HttpUser.signIn(stack.baseUrl, fixturePerson.username);
});

afterAll(async () => {
  await stack?.close();
});

const rolesChanged = (personId: string) => AuditEntryModel.find({ action: 'person.roles-changed', 'subject.id': personId }).sort({ _id: 1 }).lean();

test('granting the auditor role opens the audit log to the person\'s open session, revoking closes it, and both are audited', async () => {
  expect((await person.get('/api/audit?limit=1')).status).toBe(403);

  const granted = await admin.request('PUT', `/api/people/${person.id}/roles`, { roles: ['auditor'] });
  expect(granted).toMatchObject({ status: 200, body: { personId: person.id, before: [], roles: ['auditor'], changed: true } });
  expect((await person.get('/api/audit?limit=1')).status).toBe(200);
  expect((await PersonModel.findById(person.id).lean())!.roles).toEqual(['auditor']);

  const revoked = await admin.request('PUT', `/api/people/${person.id}/roles`, { roles: [] });
  expect(revoked.body).toMatchObject({ before: ['auditor'], roles: [], changed: true });
  expect((await person.get('/api/audit?limit=1')).status).toBe(403);

  const entries = await rolesChanged(person.id);
  expect(entries.map((e) => ({ actor: e.actor, details: e.details }))).toEqual([
    { actor: admin.id, details: { before: [], after: ['auditor'], added: ['auditor'], removed: [] } },
    { actor: admin.id, details: { before: ['auditor'], after: [], added: [], removed: ['auditor'] } },
  ]);
  expect(entries[0]).toMatchObject({ beforeDigest: digestOf({ roles: [] }), afterDigest: digestOf({ roles: ['auditor'] }) });
});

test('sending the same roles again changes nothing and adds no entry; roles come back in one order whatever the order sent', async () => {
  const first = await admin.request('PUT', `/api/people/${person.id}/roles`, { roles: ['risk-officer', 'hr', 'hr'] });
  expect(first.body).toMatchObject({ roles: ['hr', 'risk-officer'], changed: true });
  const entriesBefore = (await rolesChanged(person.id)).length;
  const again = await admin.request('PUT', `/api/people/${person.id}/roles`, { roles: ['hr', 'risk-officer'] });
  expect(again).toMatchObject({ status: 200, body: { roles: ['hr', 'risk-officer'], changed: false } });
  expect(await rolesChanged(person.id)).toHaveLength(entriesBefore);
  await admin.request('PUT', `/api/people/${person.id}/roles`, { roles: [] });
});

test('unknown roles are refused with a reason for each, and nothing changes', async () => {
  const before = (await PersonModel.findById(person.id).lean())!.roles;
  const entriesBefore = (await rolesChanged(person.id)).length;
  const response = await admin.request('PUT', `/api/people/${person.id}/roles`, { roles: ['auditor', 'superuser', 'manager'] });
  expect(response.status).toBe(400);
  expect(response.body.problems).toEqual([
    { field: 'roles[1]', code: 'unknown', message: expect.stringContaining('not a role; the roles are hr, hrbp, process-owner') },
    { field: 'roles[2]', code: 'unknown', message: 'manager is not granted: it follows from the org chart' },
  ]);
  expect((await PersonModel.findById(person.id).lean())!.roles).toEqual(before);
  expect(await rolesChanged(person.id)).toHaveLength(entriesBefore);
});

test('an admin cannot take away their own admin role, but may add to their own roles', async () => {
  const refused = await admin.request('PUT', `/api/people/${admin.id}/roles`, { roles: ['hr'] });
  expect(refused).toMatchObject({ status: 409, body: { problems: [{ field: 'roles', code: 'own-admin' }] } });
  expect((await PersonModel.findById(admin.id).lean())!.roles).toEqual(['admin']);
  const added = await admin.request('PUT', `/api/people/${admin.id}/roles`, { roles: ['admin', 'auditor'] });
  expect(added.body).toMatchObject({ roles: ['auditor', 'admin'], changed: true });
});

test('only admins change roles; an unknown person is "not found"', async () => {
  for (const username of ['hr', 'auditor', 'cb.head', 'owner']) {
    const user = await HttpUser.signIn(stack.baseUrl, username);
    expect((await user.request('PUT', `/api/people/${person.id}/roles`, { roles: ['admin'] })).status).toBe(403);
  }
  expect((await PersonModel.findById(person.id).lean())!.roles).toEqual([]);
  expect((await admin.request('PUT', '/api/people/E9999999/roles', { roles: ['hr'] })).status).toBe(404);
  expect((await new HttpUser(stack.baseUrl, 'anonymous').request('PUT', `/api/people/${person.id}/roles`, { roles: ['admin'] })).status).toBe(401);
});

// Person ids are checked by one pattern (src/domain/ids.ts): the imports accepted "j.doe" while this
// route refused the dot and answered 404 for a person the bank's files had brought in.
test('a person whose id has a dot, as the bank\'s files name them, takes pay by import and roles by the admin', async () => {
  const template = await createPerson({ prefix: 'dotted', password: DEMO_PASSWORD, unitId: 'CB' });
  const id = `j.doe.${template._id.slice(-6)}`;
  await PersonModel.create({ ...template, _id: id, username: `${template.username}.dotted`, email: `dotted.${template.email}` });
  const hr = await HttpUser.signIn(stack.baseUrl, 'hr');
  const imported = await hr.post('/api/compensation', { source: { system: 'payroll', reference: 'dotted.csv' }, csv: `personId,currency,fixedPayMinor,payGrade,roleCategory\n${id},CNY,30000000,P5,otherStaff\n` });
  expect(imported).toMatchObject({ status: 201, body: { created: 1 } });

  const granted = await admin.request('PUT', `/api/people/${encodeURIComponent(id)}/roles`, { roles: ['auditor'] });
  expect(granted).toMatchObject({ status: 200, body: { personId: id, before: [], roles: ['auditor'], changed: true } });
  expect((await PersonModel.findById(id).lean())!.roles).toEqual(['auditor']);
});
