import { randomUUID } from 'node:crypto';
import { RateLimitHitModel } from '../../src/db/models/rate-limit-hit';
import { DEMO_PASSWORD } from '../../src/seed/demo-org';
import { createPerson } from '../support/fixtures';
import { HttpUser } from '../support/http-user';
import { StoreRateLimit } from '../../src/server/security/rate-limit-store';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * Rate limits answer 429 with a JSON reason and Retry-After. Each test gets a server of its own
 * with small limits, on the same engine and store; the sign-in counters live in the store, and each
 * server counts in a scope of its own unless a test gives two servers one (stack.serve).
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
  // Fresh names: the lockout (per name, in the store) must not answer first on a store earlier runs used.
  for (const name of ['one', 'two', 'three'].map((n) => `spray.${n}.${randomUUID().slice(0, 8)}`)) expect((await signIn(baseUrl, name, 'guess')).status).toBe(401);
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

/**
 * Issue 17: the sign-in limits are counted in the store, so the server nodes behind a proxy count
 * against one ceiling. Two servers given one scope here are two nodes of one deployment.
 */
describe('sign-in limits are shared by the servers on one store', () => {
  const nodes = async (limits: Parameters<TestStack['serve']>[0]) => {
    const rateLimitScope = randomUUID();
    return Promise.all([stack.serve(limits, { rateLimitScope }), stack.serve(limits, { rateLimitScope })]);
  };
  const fail = (baseUrl: string, i: number) => signIn(baseUrl, `spray.${randomUUID().slice(0, 8)}.${i}`, 'guess');

  test('failed sign-ins alternating between two servers are limited as one client', async () => {
    const [a, b] = await nodes({ rateLimits: { signInFailuresPerIp: 3 } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await fail(i % 2 === 0 ? a : b, i)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
  });

  test('sign-ins per user name too, and a restarted (new) server still remembers', async () => {
    const rateLimitScope = randomUUID();
    const person = await createPerson({ prefix: 'rate-nodes', password: PASSWORD });
    const [a, b] = await Promise.all([0, 1].map(() => stack.serve({ rateLimits: { signInPerUserName: 2 } }, { rateLimitScope })));
    expect((await signIn(a!, person.username, PASSWORD)).status).toBe(200);
    expect((await signIn(b!, person.username, PASSWORD)).status).toBe(200);
    expect((await signIn(a!, person.username, PASSWORD)).status).toBe(429);
    const later = await stack.serve({ rateLimits: { signInPerUserName: 2 } }, { rateLimitScope });
    expect((await signIn(later, person.username, PASSWORD)).status).toBe(429);
  });

  test('a storm of concurrent failures split across both servers loses no count', async () => {
    const [a, b] = await nodes({ rateLimits: { signInFailuresPerIp: 16 } });
    // Sixteen at once, eight to each: none is over the shared limit, so every one is answered on its merits...
    const storm = await Promise.all(Array.from({ length: 16 }, (_, i) => fail(i % 2 === 0 ? a : b, i)));
    expect(storm.map((r) => r.status)).toEqual(Array(16).fill(401));
    // ...and every one was counted: the next, on either server, is over it (a lost increment would let it through).
    expect((await fail(a, 16)).status).toBe(429);
    expect((await fail(b, 17)).status).toBe(429);
  });

  test('of a storm larger than the limit, no more than the limit pass, whichever server they reach', async () => {
    const [a, b] = await nodes({ rateLimits: { signInFailuresPerIp: 8 } });
    const storm = await Promise.all(Array.from({ length: 24 }, (_, i) => fail(i % 2 === 0 ? a : b, i)));
    const statuses = storm.map((r) => r.status);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    const passed = statuses.filter((s) => s === 401).length;
    expect(passed).toBeLessThanOrEqual(8);
    // Racing requests may see each other and all be refused (a refused one is not kept); one at a
    // time afterwards, exactly the rest of the eight pass, on either server.
    const after: number[] = [];
    for (let i = 0; i <= 8 - passed; i++) after.push((await fail(i % 2 === 0 ? a : b, 24 + i)).status);
    expect(after).toEqual([...Array(8 - passed).fill(401), 429]);
  });
});

describe('the store behind the limits (StoreRateLimit)', () => {
  test('concurrent increments from two nodes on one key are all counted', async () => {
    const scope = randomUUID();
    const nodeStores = [0, 1].map(() => new StoreRateLimit({ limiter: 'test-concurrent', windowMs: 60_000, limit: 1000, scope }));
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => nodeStores[i % 2]!.increment('203.0.113.9')));
    expect(Math.max(...answers.map((a) => a.totalHits))).toBe(100);
    expect((await nodeStores[0]!.get('203.0.113.9'))?.totalHits).toBe(100);
    // A decrement takes one away, whichever node asks; a reset forgets the key on every node.
    await Promise.all([nodeStores[0]!.decrement('203.0.113.9'), nodeStores[1]!.decrement('203.0.113.9')]);
    expect((await nodeStores[1]!.get('203.0.113.9'))?.totalHits).toBe(98);
    await nodeStores[1]!.resetKey('203.0.113.9');
    expect(await nodeStores[0]!.get('203.0.113.9')).toBeUndefined();
  });

  test('hits over the limit are refused and not kept: a flood leaves the limit behind, and the window does not move', async () => {
    const store = new StoreRateLimit({ limiter: 'test-flood', windowMs: 60_000, limit: 5, scope: randomUUID() });
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await store.increment('203.0.113.10'));
    expect(answers.map((a) => a.totalHits)).toEqual([1, 2, 3, 4, 5, 6, 6, 6, 6, 6, 6, 6]);
    expect(new Set(answers.map((a) => a.resetTime!.getTime())).size).toBe(1);
    expect((await store.get('203.0.113.10'))?.totalHits).toBe(5);
  });

  test('a hit older than the window no longer counts', async () => {
    const limiter = `test-window-${randomUUID()}`;
    const store = new StoreRateLimit({ limiter, windowMs: 60_000, limit: 5 });
    await store.increment('203.0.113.11');
    await store.increment('203.0.113.11');
    const [first] = await RateLimitHitModel.find({ limiter }).sort({ at: 1 }).lean();
    await RateLimitHitModel.updateOne({ _id: first!._id }, { $set: { at: new Date(Date.now() - 61_000) } });
    expect((await store.increment('203.0.113.11')).totalHits).toBe(2);
  });
});
