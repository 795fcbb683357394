import bcrypt from 'bcryptjs';
import { AuditEntryModel } from '../../src/db/models/audit-entry';
import { PersonModel } from '../../src/db/models/person';
import { createPerson } from '../support/fixtures';
import { HttpUser } from '../support/http-user';
import { startTestStack, type TestStack } from '../support/stack';

/** POST /api/me/password: the current password, the rules, the audit log, the other sessions. */
const PASSWORD = 'Initial-Password-1';
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ rateLimits: { signInPerUserName: 1000 } });
});
afterAll(async () => {
  await stack?.close();
});

test('a person changes their password: the old one stops working, the new one works, the log has it, other sessions end', async () => {
  const person = await createPerson({ prefix: 'pwd', password: PASSWORD });
  const laptop = await HttpUser.signIn(stack.baseUrl, person.username, PASSWORD);
  const phone = await HttpUser.signIn(stack.baseUrl, person.username, PASSWORD);
  const newPassword = 'Quarterly Review 2025!';

  const changed = await laptop.post('/api/me/password', { currentPassword: PASSWORD, newPassword });
  expect(changed.status).toBe(204);

  expect((await laptop.get('/api/inbox')).status).toBe(200);
  expect((await phone.get('/api/inbox')).status).toBe(401);
  expect((await new HttpUser(stack.baseUrl, person.username).post('/api/session', { username: person.username, password: PASSWORD })).status).toBe(401);
  expect((await HttpUser.signIn(stack.baseUrl, person.username, newPassword)).id).toBe(person._id);

  const stored = (await PersonModel.findById(person._id).lean())!;
  expect(stored.passwordHash).toMatch(/^\$2[aby]\$12\$/);
  expect(await bcrypt.compare(newPassword, stored.passwordHash)).toBe(true);

  const entry = (await AuditEntryModel.findOne({ action: 'person.password-changed', 'subject.id': person._id }).lean())!;
  expect(entry).toMatchObject({ actor: person._id, subject: { type: 'person', id: person._id }, details: { endedSessions: 1 }, beforeDigest: null, afterDigest: null });
  // Neither the password nor its hash reaches the log.
  const logged = JSON.stringify(entry);
  expect(logged).not.toContain(newPassword);
  expect(logged).not.toContain(stored.passwordHash);
});

test('each rule a new password breaks is named, and the password stays as it was', async () => {
  const person = await createPerson({ prefix: 'rules', password: PASSWORD });
  const user = await HttpUser.signIn(stack.baseUrl, person.username, PASSWORD);
  const codesFor = async (newPassword: string) => {
    const response = await user.post('/api/me/password', { currentPassword: PASSWORD, newPassword });
    expect(response.status).toBe(400);
    return response.body.problems.map((p: { field: string; code: string }) => `${p.field}:${p.code}`);
  };
  expect(await codesFor('Short-1')).toEqual(['newPassword:minLength']);
  expect(await codesFor('only lower case words')).toEqual(['newPassword:characterClasses']); // lower + space: two kinds
  expect(await codesFor(`My-${person.username.toUpperCase()}-1`)).toEqual(['newPassword:containsUsername']);
  expect(await codesFor(PASSWORD)).toEqual(['newPassword:sameAsCurrent']);
  expect(await codesFor('Pässwörd-Ünïcödé-2025-äöüäöüäöüäöüäöüäöüäöüäöüäöü')).toEqual(['newPassword:maxBytes']); // 49 characters, 82 bytes
  expect(await codesFor('短')).toEqual(['newPassword:minLength', 'newPassword:characterClasses']);

  const missing = await user.post('/api/me/password', { newPassword: 'Valid-Password-2025' });
  expect(missing.body.problems).toEqual([{ field: 'currentPassword', code: 'required', message: 'currentPassword is required' }]);
  expect((await PersonModel.findById(person._id).lean())!.passwordHash).toBe(person.passwordHash);
});

test('a wrong current password is refused and counts towards the sign-in lock', async () => {
  const person = await createPerson({ prefix: 'wrongcur', password: PASSWORD });
  const user = await HttpUser.signIn(stack.baseUrl, person.username, PASSWORD);
  const attempt = () => user.post('/api/me/password', { currentPassword: 'not-it', newPassword: 'Valid-Password-2025' });
  for (let i = 1; i <= 4; i++) {
    expect(await attempt()).toMatchObject({ status: 400, body: { problems: [{ field: 'currentPassword', code: 'wrong' }] } });
  }
  expect((await attempt()).status).toBe(429);
  // Locked: signing in again waits, even with the right password; the session already open stays.
  expect((await new HttpUser(stack.baseUrl, person.username).post('/api/session', { username: person.username, password: PASSWORD })).status).toBe(429);
  expect((await user.post('/api/me/password', { currentPassword: PASSWORD, newPassword: 'Valid-Password-2025' })).status).toBe(429);
  expect((await user.get('/api/inbox')).status).toBe(200);
  expect((await PersonModel.findById(person._id).lean())!.passwordHash).toBe(person.passwordHash);
  expect(await AuditEntryModel.countDocuments({ action: 'person.password-change-refused', 'subject.id': person._id })).toBe(5);
});
