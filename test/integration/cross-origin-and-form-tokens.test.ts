import { SubmissionModel } from '../../src/db/models/submission';
import { DEMO_PASSWORD } from '../../src/seed/demo-org';
import { HttpUser } from '../support/http-user';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * Cross-site request forgery: a state-changing request that a browser says comes from another
 * site is refused, and the two HTML forms (sign in, sign out) carry a token only our pages know.
 */
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

const EVIL = 'https://evil.example';
const UNKNOWN_TASK = '00000000-0000-4000-8000-000000000000';

test('a POST, PUT, PATCH or DELETE naming another origin gets 403, on every route, and changes nothing', async () => {
  const employee = await HttpUser.signIn(stack.baseUrl, 'cb.rm08');
  const submissionsBefore = await SubmissionModel.countDocuments({});
  const refused = { status: 403, body: { error: 'refused: this request was sent from a page of another site' } };
  const foreign: Array<Record<string, string>> = [
    { origin: EVIL },
    { origin: 'null' }, // sandboxed frames and some redirects
    { referer: `${EVIL}/innocent-page` }, // browsers that leave Origin out
    { origin: stack.baseUrl.replace('127.0.0.1', 'localhost') }, // same machine, other origin
    { origin: stack.baseUrl, referer: `${EVIL}/page` }, // either header naming another site is enough
  ];
  for (const headers of foreign) {
    expect(await employee.request('POST', `/api/tasks/${UNKNOWN_TASK}/submission`, { data: {} }, headers)).toMatchObject(refused);
    expect(await employee.request('POST', '/api/me/password', { currentPassword: DEMO_PASSWORD, newPassword: 'Cross-Site-Change-1' }, headers)).toMatchObject(refused);
    expect(await employee.request('POST', `/api/cycles/csrf-${Date.now()}/reviews`, { employeeIds: [employee.id] }, headers)).toMatchObject(refused);
    expect(await employee.request('POST', '/api/session', { username: 'cb.rm08', password: DEMO_PASSWORD }, headers)).toMatchObject(refused);
    expect(await employee.request('DELETE', '/api/session', undefined, headers)).toMatchObject(refused);
    expect(await employee.request('PUT', '/api/inbox', {}, headers)).toMatchObject(refused);
    expect(await employee.request('PATCH', '/api/inbox', {}, headers)).toMatchObject(refused);
    expect(await employee.postForm('/logout', {}, headers)).toMatchObject(refused);
  }
  // Still signed in, password unchanged, nothing submitted.
  expect((await employee.get('/api/inbox')).status).toBe(200);
  expect((await new HttpUser(stack.baseUrl, 'cb.rm08').post('/api/session', { username: 'cb.rm08', password: DEMO_PASSWORD })).status).toBe(200);
  expect(await SubmissionModel.countDocuments({})).toBe(submissionsBefore);

  // The same requests from our own pages pass this check (and meet the route's own rules).
  const own = { origin: stack.baseUrl, referer: `${stack.baseUrl}/inbox` };
  expect((await employee.request('POST', `/api/tasks/${UNKNOWN_TASK}/submission`, { data: {} }, own)).status).toBe(404);
  // Reading is never refused for its origin: without CORS headers another site cannot read the answer.
  expect((await employee.request('GET', '/api/inbox', undefined, { origin: EVIL })).status).toBe(200);
});

test('the sign-in form carries a token in a hidden field; without it, or with another browser\'s, sign-in is refused', async () => {
  const browser = new HttpUser(stack.baseUrl, 'cb.rm08');
  const token = await browser.formToken('/login?lang=en');
  expect(browser.hasCookie('meritflow.form')).toBe(true);
  const fields = { username: 'cb.rm08', password: DEMO_PASSWORD, next: '/inbox' };

  const missing = await browser.postForm('/login', fields);
  expect(missing.status).toBe(403);
  expect(missing.body).toContain('This sign-in form has expired. Please try again.');

  const otherBrowser = new HttpUser(stack.baseUrl, 'attacker');
  const othersToken = await otherBrowser.formToken();
  expect((await browser.postForm('/login', { ...fields, _csrf: othersToken })).status).toBe(403);
  const [nonce] = token.split('.');
  expect((await browser.postForm('/login', { ...fields, _csrf: `${nonce}.forged` })).status).toBe(403);
  expect((await browser.get('/api/inbox')).status).toBe(401);

  const signedIn = await browser.postForm('/login', { ...fields, _csrf: token });
  expect(signedIn.status).toBe(303);
  expect(signedIn.headers.get('location')).toBe('/inbox');
  expect((await browser.get('/api/inbox')).status).toBe(200);
});

test('sign out is a form post with the token from the page header; without it the session stays', async () => {
  const browser = new HttpUser(stack.baseUrl, 'cb.rm09');
  const loginToken = await browser.formToken();
  expect((await browser.postForm('/login', { username: 'cb.rm09', password: DEMO_PASSWORD, _csrf: loginToken })).status).toBe(303);
  const headerToken = await browser.formToken('/inbox'); // the sign-out button in the page header

  expect((await browser.postForm('/logout', {})).status).toBe(403);
  expect((await browser.postForm('/logout', { _csrf: 'not-the-token' })).status).toBe(403);
  expect((await browser.get('/api/inbox')).status).toBe(200);

  const signedOut = await browser.postForm('/logout', { _csrf: headerToken });
  expect(signedOut.status).toBe(303);
  expect(signedOut.headers.get('location')).toBe('/login');
  expect((await browser.get('/api/inbox')).status).toBe(401);
});
