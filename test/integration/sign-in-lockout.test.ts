import { AuditEntryModel } from '../../src/db/models/audit-entry';
import { SignInAttemptModel } from '../../src/db/models/sign-in-attempt';
import { createPerson } from '../support/fixtures';
import { HttpUser, type JsonResponse } from '../support/http-user';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * Five failed sign-ins in a row lock a user name for 15 minutes. Each test uses an account of its
 * own: the lock lives in the store, which every test file of a run shares. The rate limits are
 * raised here (they have their own file), so every answer below is the lock's.
 */
const PASSWORD = 'Lockout-Fixture-1';
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ rateLimits: { signInFailuresPerIp: 10_000, signInPerUserName: 10_000 } });
});
afterAll(async () => {
  await stack?.close();
});

const signIn = (username: string, password: string) => new HttpUser(stack.baseUrl, username).post('/api/session', { username, password });
/** A lock's answer without the seconds left, which tick on between two requests. */
const withoutClock = (response: JsonResponse) => ({ status: response.status, error: response.body.error });

/** The clock moves on: the streak's attempts happened this long ago. */
async function ago(username: string, minutes: number): Promise<void> {
  await SignInAttemptModel.updateMany({ username }, { $set: { at: new Date(Date.now() - minutes * 60_000) } });
}

test('five wrong passwords lock the account for 15 minutes, and then even the right password is refused', async () => {
  const person = await createPerson({ prefix: 'lock', password: PASSWORD });
  for (let i = 1; i <= 4; i++) {
    expect(await signIn(person.username, `wrong-${i}`)).toMatchObject({ status: 401, body: { error: 'the user name or password is not right' } });
  }
  const fifth = await signIn(person.username, 'wrong-5');
  expect(fifth.status).toBe(429);
  expect(fifth.body.error).toBe('too many failed sign-ins for this user name; try again in 15 minutes');
  expect(fifth.body.retryAfterSeconds).toBeGreaterThan(14 * 60);
  expect(Number(fifth.headers.get('retry-after'))).toBeGreaterThan(14 * 60);

  const right = await signIn(person.username, PASSWORD);
  expect(withoutClock(right)).toEqual(withoutClock(fifth));
  // Knocking while locked does not count: the lock still ends 15 minutes after the fifth failure.
  expect(await SignInAttemptModel.countDocuments({ username: person.username })).toBe(5);

  const audit = await AuditEntryModel.find({ 'subject.id': person.username }, { action: 1, details: 1 }).sort({ _id: 1 }).lean();
  expect(audit.map((e) => e.action)).toEqual([...Array(5).fill('session.sign-in-refused'), 'session.locked', 'session.sign-in-refused']);
  expect(audit.at(-1)!.details).toEqual({ reason: 'locked' });
});

test('a locked user name answers exactly like a locked name nobody has, so the lock tells nobody who exists', async () => {
  const person = await createPerson({ prefix: 'exists', password: PASSWORD });
  const nobody = `nobody.${Date.now().toString(36)}`;
  const answers: Record<string, JsonResponse[]> = { [person.username]: [], [nobody]: [] };
  for (let i = 1; i <= 6; i++) {
    for (const username of [person.username, nobody]) answers[username]!.push(await signIn(username, `wrong-${i}`));
  }
  expect(answers[person.username]!.map(withoutClock)).toEqual(answers[nobody]!.map(withoutClock));
  expect(answers[nobody]!.map((r) => r.status)).toEqual([401, 401, 401, 401, 429, 429]);
  // The right password of the real account meets the same lock as any password of the made-up name.
  expect(withoutClock(await signIn(person.username, PASSWORD))).toEqual(withoutClock(await signIn(nobody, PASSWORD)));
});

test('the lock ends after 15 minutes; the next failure locks again; a success clears the streak', async () => {
  const person = await createPerson({ prefix: 'expiry', password: PASSWORD });
  for (let i = 1; i <= 5; i++) await signIn(person.username, `wrong-${i}`);
  expect((await signIn(person.username, PASSWORD)).status).toBe(429);

  await ago(person.username, 16);
  expect((await signIn(person.username, 'wrong-again')).status).toBe(429); // one more try, failed: locked again
  expect((await signIn(person.username, PASSWORD)).status).toBe(429);

  await ago(person.username, 16);
  expect((await signIn(person.username, PASSWORD)).status).toBe(200);
  expect(await SignInAttemptModel.countDocuments({ username: person.username })).toBe(0);

  // Consecutive means consecutive: four failures, a success, four failures lock nothing.
  for (let i = 1; i <= 4; i++) expect((await signIn(person.username, `wrong-${i}`)).status).toBe(401);
  expect((await signIn(person.username, PASSWORD)).status).toBe(200);
  for (let i = 1; i <= 4; i++) expect((await signIn(person.username, `wrong-${i}`)).status).toBe(401);
  expect((await signIn(person.username, PASSWORD)).status).toBe(200);
});

test('the sign-in form is locked the same way, with the reason on the page', async () => {
  const person = await createPerson({ prefix: 'form', password: PASSWORD });
  for (let i = 1; i <= 5; i++) await signIn(person.username, `wrong-${i}`);
  const browser = new HttpUser(stack.baseUrl, person.username);
  const token = await browser.formToken('/login?lang=en');
  const page = await browser.postForm('/login', { username: person.username, password: PASSWORD, next: '/inbox', _csrf: token });
  expect(page.status).toBe(429);
  expect(page.body).toContain('Too many failed sign-ins for this user name. Try again in 15 minutes.');
  expect((await browser.get('/api/inbox')).status).toBe(401);
});

test('ten wrong guesses at once get no more than five passwords checked', async () => {
  const person = await createPerson({ prefix: 'burst', password: PASSWORD });
  const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => signIn(person.username, `guess-${i}`)));
  const statuses = answers.map((a) => a.status);
  // 401: a password was checked and was wrong; 429: refused by the lock without checking.
  expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
  expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
  expect(await SignInAttemptModel.countDocuments({ username: person.username })).toBeLessThanOrEqual(5);
});

test('the lock is the store\'s, so two servers share it: guesses split across both, at once or in turn, lock the name on both (issue 17)', async () => {
  const raised = { rateLimits: { signInFailuresPerIp: 10_000, signInPerUserName: 10_000 } };
  const [a, b] = await Promise.all([stack.serve(raised), stack.serve(raised)]);
  const on = (baseUrl: string, username: string, password: string) => new HttpUser(baseUrl, username).post('/api/session', { username, password });

  const inTurn = await createPerson({ prefix: 'lock-nodes', password: PASSWORD });
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) statuses.push((await on(i % 2 === 0 ? a : b, inTurn.username, `wrong-${i}`)).status);
  expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
  expect((await on(a, inTurn.username, PASSWORD)).status).toBe(429);
  expect((await on(b, inTurn.username, PASSWORD)).status).toBe(429);

  const atOnce = await createPerson({ prefix: 'burst-nodes', password: PASSWORD });
  const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => on(i % 2 === 0 ? a : b, atOnce.username, `guess-${i}`)));
  expect(burst.filter((r) => r.status === 401).length).toBeLessThanOrEqual(5);
  expect(burst.every((r) => r.status === 401 || r.status === 429)).toBe(true);
});
