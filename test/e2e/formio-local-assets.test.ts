import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot, signInAs } from '../support/browser';
import { HttpUser } from '../support/http-user';
import { uniqueFlowKey } from '../support/small-flow';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * Everything a form needs comes from meritflow: formio.js loads the date picker's script and style
 * sheet at run time, from a public CDN unless told otherwise, which the CSP (and a bank's network)
 * would block, leaving a date field without its calendar.
 */
let stack: TestStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startTestStack();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

test('a form with a date field opens its calendar with no request leaving the server', async () => {
  const key = uniqueFlowKey('dated');
  const owner = await HttpUser.signIn(stack.baseUrl, 'owner');
  const schema = { title: 'Dated', display: 'form', components: [{ type: 'datetime', key: 'effectiveFrom', label: 'Effective from', input: true, enableTime: false, format: 'yyyy-MM-dd' }] };
  expect((await owner.post(`/api/forms/${key}/versions`, { schema })).status).toBe(201);

  const page = await signInAs(browser, stack.baseUrl, 'owner', 'en');
  const outside: string[] = [];
  const local: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith(stack.baseUrl)) local.push(url.slice(stack.baseUrl.length));
    else if (!url.startsWith('data:')) outside.push(url);
  });
  await page.goto(`${stack.baseUrl}/forms-builder/${key}`);
  // The builder draws the form first; the preview button works once it has.
  await page.getByText('Effective from').first().waitFor();
  for (let attempt = 0; attempt < 20 && !(await page.locator('#preview-section').isVisible()); attempt++) {
    await page.click('#preview-button');
    await page.waitForTimeout(500);
  }
  // flatpickr hides Form.io's input and shows its own text input in its place.
  const input = page.locator('#preview .formio-component-effectiveFrom input[type="text"]').first();
  await input.waitFor();
  await input.click();
  await page.locator('.flatpickr-calendar.open').first().waitFor({ timeout: 15_000 });
  expect(local).toEqual(expect.arrayContaining(['/vendor/formio-cdn/flatpickr-formio/flatpickr.min.js']));
  await screenshot(page, 'form-date-picker-en');
  expect(outside).toEqual([]);
});
