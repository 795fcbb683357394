import { DEMO_PASSWORD } from '../../src/seed/demo-org';
import { createPerson } from '../support/fixtures';
import { HttpUser } from '../support/http-user';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * Rate limits answer 429 with a JSON reason and Retry-After. Each test gets a server of its own
 * with small limits (the counters live in the server process), on the same engine and store.
 */
const PASSWORD = 'Rate-Limit-Fixture-1';
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

const signIn = (baseUrl: string, username: string, password: string) => new HttpUser(baseUrl, username).post('/api/session', { username, password });

test('sign-ins per address and user name: the one over the limit gets 429, other user names go on', async () => {
  const baseUrl = await stack.serve({ rateLimits: { signInPerUserName: 3 } });
  const person = await createPerson({ prefix: 'rate-name', password: PASSWORD });
  for (let i = 0; i < 3; i++) expect((await signIn(baseUrl, person.username, PASSWORD)).status).toBe(200);
  const limited = await signIn(baseUrl, person.username, PASSWORD);
  expect(limited.status).toBe(429);
  expect(limited.body).toMatchObject({ error: 'too many sign-in attempts for this user name; try again later' });
  expect(limited.body.retryAfterSeconds).toBeGreaterThan(0);
  expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  expect((await signIn(baseUrl, 'cb.rm07', DEMO_PASSWORD)).status).toBe(200);
});

test('failed sign-ins per address: after the limit even a right password from there waits; successes never count', async () => {
  const baseUrl = await stack.serve({ rateLimits: { signInFailuresPerIp: 3 } });
  const person = await createPerson({ prefix: 'rate-ip', password: PASSWORD });
  for (let i = 0; i < 5; i++) expect((await signIn(baseUrl, person.username, PASSWORD)).status).toBe(200);
  for (const name of ['spray.one', 'spray.two', 'spray.three']) expect((await signIn(baseUrl, name, 'guess')).status).toBe(401);
  const limited = await signIn(baseUrl, person.username, PASSWORD);
  expect(limited).toMatchObject({ status: 429, body: { error: 'too many failed sign-ins from your network; try again later' } });
  // The form is limited alike, and answers as a page: the sign-in form again, saying why and for how long (no JSON for a person to read).
  const browser = new HttpUser(baseUrl, person.username);
  const token = await browser.formToken();
  const form = await browser.postForm('/login', { username: person.username, password: PASSWORD, _csrf: token });
  expect(form.status).toBe(429);
  expect(form.headers.get('content-type')).toMatch(/^text\/html/);
  expect(form.body).toMatch(/Too many sign-in attempts from here\. Please try again in \d+ minutes\./);
  expect(form.body).toContain('<form method="post" action="/login">');
});

test('writes per person: submissions over the limit get 429, another person goes on', async () => {
  const baseUrl = await stack.serve({ rateLimits: { writesPerUser: 3 } });
  const [busy, other] = await Promise.all([HttpUser.signIn(baseUrl, 'wm.adviser05'), HttpUser.signIn(baseUrl, 'wm.adviser06')]);
  const submit = (user: HttpUser) => user.post('/api/tasks/00000000-0000-4000-8000-000000000000/submission', { data: {} });
  for (let i = 0; i < 3; i++) expect((await submit(busy)).status).toBe(404);
  const limited = await submit(busy);
  expect(limited).toMatchObject({ status: 429, body: { error: 'too many changes in a short time; wait a minute and try again' } });
  expect(limited.body.retryAfterSeconds).toBeLessThanOrEqual(60);
  // Password changes are writes too, counted with the submissions.
  expect((await busy.post('/api/me/password', { currentPassword: DEMO_PASSWORD, newPassword: 'x' })).status).toBe(429);
  expect((await submit(other)).status).toBe(404);
  // Reading is not limited.
  expect((await busy.get('/api/inbox')).status).toBe(200);
});
