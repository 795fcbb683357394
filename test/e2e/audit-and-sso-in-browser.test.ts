import type { Browser } from 'playwright-core';
import { HttpUser } from '../support/http-user';
import { launchBrowser, pageErrors, screenshot, signInAs } from '../support/browser';
import { startSingleSignOn, type SingleSignOn } from '../support/single-sign-on';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let browser: Browser;
let sso: SingleSignOn;

beforeAll(async () => {
  stack = await startTestStack();
  browser = await launchBrowser();
  sso = await startSingleSignOn({
    'idp-7781': { preferred_username: 'cb.rm01', email: 'cb.rm01@demo-bank.example' },
    'idp-9999': { preferred_username: 'no.such.user', email: 'stranger@elsewhere.example' },
  });
}, 180_000);
afterAll(async () => {
  await sso?.stop();
  await browser?.close();
  await stack?.close();
});

test('an auditor finds the audit log in the menu, sees the verified head, and searches it', async () => {
  // The page shows the latest verification (a walk of a long log outlasts a page load): have one.
  expect((await (await HttpUser.signIn(stack.baseUrl, 'auditor')).get('/api/audit/verification')).body.ok).toBe(true);
  const page = await signInAs(browser, stack.baseUrl, 'auditor', 'zh-CN');
  await page.getByRole('link', { name: '审计日志' }).click();
  await page.waitForURL(/\/audit$/);
  await expect(page.locator('[data-chain="intact"]').textContent()).resolves.toMatch(/哈希链已验证至 #\d+，?.*[0-9a-f]{64}/);
  await screenshot(page, '10-auditor-audit-log-zh');
  await page.fill('input[name="action"]', 'session.*');
  await page.click('form.filters button[type=submit]');
  await page.waitForURL(/action=session\.\*/);
  const actions = await page.locator('table.audit tbody tr td:nth-child(4)').allTextContents();
  expect(actions.length).toBeGreaterThan(0);
  expect(actions.every((action) => action.startsWith('session.'))).toBe(true);
  await screenshot(page, '11-auditor-audit-log-search-zh');
  expect(pageErrors).toEqual([]);
});

test('single sign-on in a real browser: out to the provider, back signed in, straight to the inbox', async () => {
  const context = await browser.newContext({ locale: 'en', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${sso.meritflowUrl}/login?lang=en`);
  await screenshot(page, '12-login-with-single-sign-on-en');
  await page.click('#oidc-sign-in');
  await page.waitForURL(new RegExp(`^${sso.providerUrl}/interaction/`));
  await page.fill('input[name="login"]', 'idp-7781');
  await page.fill('input[name="password"]', 'anything');
  await page.click('button[type=submit]');
  await page.waitForSelector('button[type=submit]'); // the provider's consent page
  await page.click('button[type=submit]');
  // Back at meritflow: the session cookie (SameSite=Strict) must come along to the inbox.
  await page.waitForURL(`${sso.meritflowUrl}/inbox`);
  await expect(page.locator('.who').textContent()).resolves.toBeTruthy();
  await screenshot(page, '13-inbox-after-single-sign-on-en');
  await context.close();
});

test('someone meritflow does not know sees why, in their language', async () => {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${sso.meritflowUrl}/login?lang=zh-CN`);
  await page.click('#oidc-sign-in');
  await page.fill('input[name="login"]', 'idp-9999');
  await page.fill('input[name="password"]', 'anything');
  await page.click('button[type=submit]');
  await page.waitForSelector('button[type=submit]');
  await page.click('button[type=submit]');
  await page.waitForURL(/\/login\/oidc\/callback/);
  await expect(page.locator('[data-refused="no-matching-person"]').textContent()).resolves.toContain('没有与之对应的 meritflow 账号');
  await screenshot(page, '14-single-sign-on-refused-zh');
  await context.close();
});
