import { randomUUID } from 'node:crypto';
import { HttpUser } from '../support/http-user';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * The API has one spelling: a path in other cases gets what an unknown path gets, so the guards
 * that test the path (JSON-only writes, no query parameters, 401 for the anonymous) cannot be
 * walked around. Personal data is never cached on the way.
 */
let stack: TestStack;
let employee: HttpUser;

beforeAll(async () => {
  stack = await startTestStack();
  employee = await HttpUser.signIn(stack.baseUrl, 'cb.rm02');
});
afterAll(async () => {
  await stack?.close();
});

test('the API in other cases is not found: no form-encoded write, no query parameters, no login redirect', async () => {
  const anonymous = new HttpUser(stack.baseUrl, 'nobody');
  expect((await anonymous.get('/api/inbox')).status).toBe(401);
  const upper = await anonymous.get('/API/inbox');
  expect([upper.status, upper.body]).toEqual([404, { error: 'not found' }]);

  expect((await employee.get('/api/me/overview/2026-H1?x=1')).status).toBe(400);
  for (const path of ['/API/me/overview/2026-H1?x=1', '/Api/me/overview/2026-H1', '/API']) {
    expect({ path, status: (await employee.get(path)).status }).toEqual({ path, status: 404 });
  }
  const formPost = await employee.postForm('/API/tasks/00000000-0000-4000-8000-000000000000/comments', { text: 'hello' });
  expect(formPost.status).toBe(404);
});

test('personal data is sent with Cache-Control: no-store, pages too; static files may be cached; no device features', async () => {
  const overview = await employee.get('/api/me/overview/2026-H1');
  expect(overview.headers.get('cache-control')).toBe('no-store');
  const page = await employee.get('/me');
  expect(page.headers.get('cache-control')).toBe('no-store');
  expect(page.headers.get('permissions-policy')).toContain('camera=()');
  const css = await employee.get('/css/app.css');
  expect(css.status).toBe(200);
  expect(css.headers.get('cache-control')).not.toBe('no-store');
});

test('a control character anywhere in a body is refused at the boundary with the field named', async () => {
  const password = await employee.post('/api/me/password', { currentPassword: 'x', newPassword: 'Long enough pass\u0000word 1!' });
  expect(password.status).toBe(400);
  expect(password.body.problems).toEqual([expect.objectContaining({ field: 'newPassword', code: 'control-character' })]);
  const signIn = await new HttpUser(stack.baseUrl, 'x').post('/api/session', { username: 'cb.rm02\u202E', password: 'whatever' });
  expect([signIn.status, signIn.body.problems?.[0]?.field]).toEqual([400, 'username']);
});

describe('forwarded headers from a client that is not a configured proxy change nothing', () => {
  const FORGED_HOST = 'intranet.evil.example';

  test('X-Forwarded-Host does not make another site own: a cross-origin write is still refused', async () => {
    const forged = await new HttpUser(stack.baseUrl, 'x').post('/api/session', { username: 'cb.rm02', password: 'wrong' }, { origin: `http://${FORGED_HOST}`, 'x-forwarded-host': FORGED_HOST });
    expect(forged.status).toBe(403);
    // The control: a proxy the bank configured (TRUST_PROXY) is believed, so the same request is no longer cross-origin.
    const behindProxy = await stack.serve({ trustProxy: ['loopback'] });
    const believed = await new HttpUser(behindProxy, 'x').post('/api/session', { username: 'cb.rm02', password: 'wrong' }, { origin: `http://${FORGED_HOST}`, 'x-forwarded-host': FORGED_HOST });
    expect(believed.status).toBe(401);
  });

  test('X-Forwarded-For does not give a client a fresh address past the sign-in limit', async () => {
    const limited = await stack.serve({ rateLimits: { signInFailuresPerIp: 3 } });
    const statuses: number[] = [];
    for (let i = 1; i <= 5; i++) {
      statuses.push((await new HttpUser(limited, 'x').post('/api/session', { username: `nobody.${randomUUID()}`, password: 'wrong' }, { 'x-forwarded-for': `203.0.113.${i}`, forwarded: `for=203.0.113.${i}` })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    // The control: behind a proxy the bank configured, the forwarded address is the client's, and each counts alone...
    const behindProxy = await stack.serve({ trustProxy: ['loopback'], rateLimits: { signInFailuresPerIp: 3 } });
    const failFrom = async (address: string) => (await new HttpUser(behindProxy, 'x').post('/api/session', { username: `nobody.${randomUUID()}`, password: 'wrong' }, { 'x-forwarded-for': address })).status;
    const several: number[] = [];
    for (let i = 1; i <= 5; i++) several.push(await failFrom(`203.0.113.${i}`));
    expect(several).toEqual([401, 401, 401, 401, 401]);
    // ...while one forwarded address is limited like any client.
    const one: number[] = [];
    for (let i = 1; i <= 4; i++) one.push(await failFrom('192.0.2.77'));
    expect(one).toEqual([401, 401, 401, 429]);
  });
});
