import { AuditEntryModel } from '../../src/db/models/audit-entry';
import { PersonModel } from '../../src/db/models/person';
import { HttpUser } from '../support/http-user';
import { startSingleSignOn, type SingleSignOn } from '../support/single-sign-on';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * Single sign-on against a real OpenID Connect provider (the oidc-provider package) on a free
 * port, and meritflow's server as production runs it (dist/server/main.js) with OIDC_* set: both
 * are ES-module users that jest's CommonJS runtime cannot load, so each is its own process. A
 * person's browser is played with fetch: meritflow's cookies in an HttpUser, the provider's in a
 * jar of their own, the provider's login and consent forms posted as a browser posts them.
 */

/** What the provider knows: a demo-bank employee under another login, and someone meritflow does not know. */
const ACCOUNTS = {
  'idp-7781': { preferred_username: 'cb.rm01', email: 'cb.rm01@demo-bank.example', name: 'RM 01' },
  'idp-9999': { preferred_username: 'no.such.user', email: 'stranger@elsewhere.example', name: 'Stranger' },
};

let stack: TestStack;
let sso: SingleSignOn;
let meritflowUrl = '';
let providerUrl = '';

beforeAll(async () => {
  stack = await startTestStack();
  sso = await startSingleSignOn(ACCOUNTS);
  ({ meritflowUrl, providerUrl } = sso);
}, 180_000);

afterAll(async () => {
  await sso?.stop();
  await stack?.close();
});

/**
 * The provider's part of a sign-in, as a browser does it: follow redirects, and on each of its
 * pages post the form there (login with `login`, then consent), until it sends the browser back
 * to meritflow. Returns that callback URL. `cancel` takes the provider's "abort" link instead.
 */
async function atProvider(authorizeUrl: string, login: string, options: { cancel?: boolean } = {}): Promise<string> {
  const jar = new Map<string, string>();
  let url = authorizeUrl;
  let form: string | undefined;
  for (let step = 0; step < 20; step++) {
    if (url.startsWith(meritflowUrl)) return url;
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      body: form,
      headers: { ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
      redirect: 'manual',
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      if (/expires=Thu, 01 Jan 1970/i.test(line) || pair!.slice(at + 1) === '') jar.delete(pair!.slice(0, at));
      else jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    form = undefined;
    if (response.status >= 300 && response.status < 400) {
      url = new URL(response.headers.get('location')!, url).href;
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new Error(`provider answered ${response.status} at ${url}: ${html.slice(0, 500)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`no form on the provider's page ${url}: ${html.slice(0, 500)}`);
    if (options.cancel) {
      url = new URL(`${new URL(action, url).pathname}/abort`, url).href;
      continue;
    }
    form = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'anything' } : { prompt }).toString();
    url = new URL(action, url).href;
  }
  throw new Error('the provider did not send the browser back');
}

/** A browser that starts single sign-on at meritflow and comes back with the provider's answer (not yet delivered). */
async function signInAtProvider(login: string, options: { cancel?: boolean; next?: string } = {}) {
  const browser = new HttpUser(meritflowUrl, login);
  const start = await browser.get(`/login/oidc?next=${encodeURIComponent(options.next ?? '/inbox')}`);
  expect(start.status).toBe(303);
  expect(start.headers.get('location')).toMatch(new RegExp(`^${providerUrl}/auth\\?.*code_challenge_method=S256`));
  const callbackUrl = await atProvider(start.headers.get('location')!, login, options);
  const callbackPath = callbackUrl.slice(meritflowUrl.length);
  return { browser, callbackPath };
}

const refusals = (issuerSubject: string) => AuditEntryModel.find({ action: 'session.sign-in-refused', 'subject.id': issuerSubject, 'details.issuer': providerUrl }).lean();

test('a person of the bank signs in through the provider and works in meritflow; the sign-in is in the audit log', async () => {
  const person = (await PersonModel.findOne({ username: 'cb.rm01' }).lean())!;
  const { browser, callbackPath } = await signInAtProvider('idp-7781', { next: '/inbox' });
  expect(callbackPath).toMatch(/^\/login\/oidc\/callback\?code=[^&]+&state=[^&]+&iss=/);
  const back = await browser.get<string>(callbackPath);
  expect(back.status).toBe(200);
  // A page carries the browser on (see routes/oidc.ts: Strict cookies after a cross-site redirect).
  expect(back.headers.get('refresh')).toBe('0; url=/inbox');
  expect(back.body).toContain('href="/inbox"');
  expect(back.headers.getSetCookie().find((c) => c.startsWith('meritflow.sid='))).toMatch(/HttpOnly; SameSite=Strict/);

  const inbox = await browser.get<string>('/inbox');
  expect(inbox.status).toBe(200);
  expect([person.name.en, person.name['zh-CN']]).toContain(/class="who">([^<]+)</.exec(inbox.body)?.[1]);
  expect((await browser.get('/api/inbox')).status).toBe(200);

  // This run's provider only: other test files of the run may sign the same person in.
  const entry = await AuditEntryModel.findOne({ action: 'session.signed-in', actor: person._id, 'details.method': 'oidc', 'details.issuer': providerUrl }).lean();
  expect(entry).toMatchObject({ subject: { type: 'person', id: person._id }, details: { method: 'oidc', issuer: providerUrl, subject: 'idp-7781' } });

  // The same answer, replayed from another browser, signs nobody in.
  const replay = await new HttpUser(meritflowUrl, 'replay').get<string>(callbackPath);
  expect(replay.status).toBe(400);
});

test('someone the provider knows but meritflow does not is refused with a clear page (en and zh-CN), and no account is made', async () => {
  const people = await PersonModel.countDocuments({});
  const { browser, callbackPath } = await signInAtProvider('idp-9999');
  const refused = await browser.request<string>('GET', callbackPath, undefined, { 'accept-language': 'en' });
  expect(refused.status).toBe(403);
  expect(refused.body).toContain('data-refused="no-matching-person"');
  expect(refused.body).toContain('no meritflow account matches <strong>no.such.user</strong> (preferred_username)');
  expect(refused.body).toContain('meritflow does not create accounts at sign-in.');
  expect(await PersonModel.countDocuments({})).toBe(people);
  expect((await browser.get('/api/inbox')).status).toBe(401);
  expect(await refusals('idp-9999')).toEqual([expect.objectContaining({
    actor: 'anonymous', details: { method: 'oidc', issuer: providerUrl, reason: 'no-matching-person', claim: 'preferred_username', value: 'no.such.user' },
  })]);

  const again = await signInAtProvider('idp-9999');
  const zh = await again.browser.request<string>('GET', again.callbackPath, undefined, { 'accept-language': 'zh-CN,zh;q=0.9' });
  expect(zh.body).toContain('没有与之对应的 meritflow 账号');
  expect(zh.body).toContain('<html lang="zh-CN">');
  // The page's language switch leads back to the sign-in form, not to a broken callback.
  expect((await again.browser.get('/login/oidc/callback?lang=en')).headers.get('location')).toBe('/login');
});

test('an answer that is not for this browser\'s own sign-in signs nobody in', async () => {
  const { browser, callbackPath } = await signInAtProvider('idp-7781');

  // Another browser (no sign-in under way there): someone was sent the link.
  const elsewhere = await new HttpUser(meritflowUrl, 'elsewhere').get<string>(callbackPath);
  expect(elsewhere.status).toBe(400);
  expect(elsewhere.body).toContain('data-failed="no-sign-in-under-way"');

  // This browser, but the state was changed on the way.
  const forged = await browser.get<string>(callbackPath.replace(/state=[^&]+/, 'state=forged-state'));
  expect(forged.status).toBe(400);
  expect(forged.body).toContain('data-failed="invalid-callback"');
  expect((await browser.get('/api/inbox')).status).toBe(401);
  // The transaction is spent either way: the genuine answer afterwards finds no sign-in under way.
  expect((await browser.get<string>(callbackPath)).body).toContain('data-failed="no-sign-in-under-way"');
  expect((await browser.get('/api/inbox')).status).toBe(401);
});

test('cancelling at the provider comes back as a refusal, recorded', async () => {
  const before = await AuditEntryModel.countDocuments({ action: 'session.sign-in-refused', 'details.reason': 'provider-error', 'details.issuer': providerUrl });
  const { browser, callbackPath } = await signInAtProvider('idp-7781', { cancel: true });
  expect(callbackPath).toContain('error=access_denied');
  const back = await browser.get<string>(callbackPath);
  expect(back.status).toBe(403);
  expect(back.body).toContain('data-failed="provider-said-no"');
  expect(await AuditEntryModel.countDocuments({ action: 'session.sign-in-refused', 'details.reason': 'provider-error', 'details.issuer': providerUrl })).toBe(before + 1);
  expect((await browser.get('/api/inbox')).status).toBe(401);
});

test('a malformed callback is a 400 page with a reason, never a 5xx', async () => {
  const user = new HttpUser(meritflowUrl, 'probe');
  for (const query of ['?code[$gt]=', '?code=a&code=b', '?code=x&state=y&debug=1', `?code=${'x'.repeat(5000)}`, '?state[$ne]=null', '']) {
    const response = await user.get<string>(`/login/oidc/callback${query}`);
    expect({ query, status: response.status, alert: response.body.includes('role="alert"') }).toEqual({ query, status: 400, alert: true });
  }
});

test('where to go after signing in stays on meritflow', async () => {
  const { browser, callbackPath } = await signInAtProvider('idp-7781', { next: '//evil.example/x' });
  expect((await browser.get(callbackPath)).headers.get('refresh')).toBe('0; url=/inbox');
});

test('passwords still work beside single sign-on, and the login page offers both', async () => {
  const page = await new HttpUser(meritflowUrl, 'page').get<string>('/login?next=%2Ftasks%2Fabc');
  expect(page.body).toContain('<a class="button" id="oidc-sign-in" href="/login/oidc?next=%2Ftasks%2Fabc">');
  const withPassword = await HttpUser.signIn(meritflowUrl, 'cb.rm02');
  expect((await withPassword.get('/api/inbox')).status).toBe(200);
});

test('without OIDC settings there is no single sign-on: no button, no route', async () => {
  const plain = new HttpUser(stack.baseUrl, 'plain');
  expect((await plain.get<string>('/login')).body).not.toContain('oidc-sign-in');
  expect((await plain.get('/login/oidc')).status).toBe(404);
  expect((await plain.get('/login/oidc/callback?code=x&state=y')).status).toBe(404);
});
