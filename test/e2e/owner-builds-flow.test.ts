import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, pageErrors, screenshot, signInAs } from '../support/browser';
import { HttpUser } from '../support/http-user';
import { uniqueFlowKey } from '../support/small-flow';
import { startTestStack, uniqueCycle, type TestStack } from '../support/stack';

/**
 * A process owner builds something new in the browser, with no file and no code (issue 13): a new
 * form (blank) with a field, a new flow (blank) with a step that uses the form, saved and deployed;
 * then a new decision table (blank), its column and row filled in, saved and deployed. Every screen
 * in English and Chinese, at desktop and phone width (screenshots in test-artifacts/e2e/). HR then
 * starts the new flow from the launch page for two people and works its step on the new form.
 */
let stack: TestStack;
let browser: Browser;
let owner: HttpUser;
const FORM_KEY = uniqueFlowKey('nomination');
const FLOW_KEY = uniqueFlowKey('promotion-nomination');
const TABLE_KEY = uniqueFlowKey('promotion-committee');
const FORM_TITLE = 'Promotion nomination';
const FORM_TITLE_ZH = '晋升提名';
const FLOW_NAME = 'Promotion nomination';
const STEP_NAME = 'Manager nominates';
const TABLE_NAME = 'Committee for large raises';
const CYCLE = uniqueCycle('owner-new');

beforeAll(async () => {
  stack = await startTestStack();
  browser = await launchBrowser();
  owner = await HttpUser.signIn(stack.baseUrl, 'owner');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** The same page at phone width, in the given language, for a look. */
async function phoneShot(path: string, lang: 'en' | 'zh-CN', name: string, ready: string): Promise<void> {
  const desktop = await signInAs(browser, stack.baseUrl, 'owner', lang);
  const context: BrowserContext = await browser.newContext({ locale: lang, viewport: { width: 390, height: 844 }, storageState: await desktop.context().storageState() });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  await page.goto(`${stack.baseUrl}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
  await page.waitForSelector(ready);
  // No part of the page is wider than the phone (a wide table scrolls inside its own box).
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(page, name);
  await context.close();
  await desktop.context().close();
}

async function openIndex(page: Page): Promise<void> {
  await page.goto(`${stack.baseUrl}/modeler?lang=en`);
  await page.waitForSelector('body[data-index-ready="true"]');
}

test('a process owner makes a new form, a new flow with a step on it, and a new decision table, and deploys them', async () => {
  const page = await signInAs(browser, stack.baseUrl, 'owner', 'en');

  // New form: blank, titled in both languages.
  await openIndex(page);
  const newForm = page.locator('#new-form');
  await newForm.getByLabel('Title', { exact: true }).fill(FORM_TITLE);
  await newForm.getByLabel('Title in Chinese').fill(FORM_TITLE_ZH);
  await newForm.getByLabel('Key').fill(FORM_KEY);
  await screenshot(page, 'owner-new-01-index-en');
  await Promise.all([page.waitForURL(new RegExp(`/forms-builder/${FORM_KEY}$`)), newForm.getByRole('button', { name: 'Create the form' }).click()]);
  await page.waitForSelector('body[data-builder-ready="true"]');
  expect(await page.locator('h1').textContent()).toContain(FORM_TITLE);
  expect(await page.locator('#shown-version').textContent()).toBe('v1');
  // A field, with its Chinese label, saved as version 2.
  const quickAdd = page.locator('#quick-add');
  await quickAdd.getByLabel('Label', { exact: true }).fill('Proposed raise');
  await quickAdd.getByLabel('Label in Chinese (optional)').fill('拟议加薪');
  await quickAdd.getByLabel('Type', { exact: true }).selectOption('number');
  await quickAdd.getByLabel('Required').check();
  await page.getByRole('button', { name: 'Add field' }).click();
  await page.waitForSelector('.builder-component:has-text("Proposed raise")');
  await page.getByRole('button', { name: 'Save as new version' }).click();
  await page.waitForFunction(() => /Saved as v2/.test(document.getElementById('builder-status')?.textContent ?? ''));
  await screenshot(page, 'owner-new-02-form-en');
  // A second "new form" under the same key is refused with a reason, on the page.
  await openIndex(page);
  await newForm.getByLabel('Title', { exact: true }).fill('Another');
  await newForm.getByLabel('Key').fill(FORM_KEY);
  await newForm.getByRole('button', { name: 'Create the form' }).click();
  await page.waitForFunction(() => /That key is taken/.test(document.getElementById('new-form-status')?.textContent ?? ''));

  // New flow: blank, named by the owner; the modeler opens on version 1 (a start and an end).
  const newFlow = page.locator('#new-flow');
  await newFlow.getByLabel('Name').fill(FLOW_NAME);
  await newFlow.getByLabel('Key').fill(FLOW_KEY);
  await Promise.all([page.waitForURL(new RegExp(`/modeler/${FLOW_KEY}$`)), newFlow.getByRole('button', { name: 'Create the flow' }).click()]);
  await page.waitForSelector('body[data-modeler-ready="true"]');
  expect(await page.locator('h1').textContent()).toContain(FLOW_NAME);
  expect(await page.locator('#loaded-version').textContent()).toBe('v1');
  await page.waitForSelector('[data-element-id="started"]');
  // Who may start it: with nothing selected, the panel shows the flow's starters.
  await page.locator('#flow-starters').getByLabel('HR', { exact: true }).check();
  // A step after the start, with the new form, offered to HR.
  await page.locator('[data-element-id="started"]').click();
  await page.waitForFunction(() => document.getElementById('step-id')?.textContent === 'started');
  await page.getByRole('button', { name: 'Insert an approval step after the selected step, or on the selected flow' }).click();
  const stepPanel = page.locator('.step-panel');
  await stepPanel.getByLabel('Name', { exact: true }).fill(STEP_NAME);
  await stepPanel.getByLabel('Name', { exact: true }).press('Tab');
  await page.waitForFunction(() => document.getElementById('step-id')?.textContent === 'managerNominates');
  // The form picker names the new form by its title.
  expect(await page.locator(`#step-form option[value="${FORM_KEY}"]`).textContent()).toContain(FORM_TITLE);
  await stepPanel.getByLabel('Form', { exact: true }).selectOption(FORM_KEY);
  await stepPanel.getByLabel('Offered to (candidate group)').selectOption('hr');
  await page.getByRole('button', { name: 'Save as new version' }).click();
  await page.waitForFunction(() => /Saved as v2/.test(document.getElementById('modeler-status')?.textContent ?? ''));
  await page.getByRole('button', { name: 'Deploy the shown version' }).click();
  await page.waitForFunction(() => /Deployed v2/.test(document.getElementById('modeler-status')?.textContent ?? ''));
  expect(await page.locator('#running-version').textContent()).toBe('v2');
  await screenshot(page, 'owner-new-03-flow-deployed-en');
  const deployedXml = (await owner.get(`/api/processes/${FLOW_KEY}/versions/2/xml`)).body.xml as string;
  expect(deployedXml).toMatch(new RegExp(`id="managerNominates" name="${STEP_NAME}"[^>]*camunda:formKey="formio:${FORM_KEY}"`));
  expect(deployedXml).toMatch(new RegExp(`<bpmn:process id="${FLOW_KEY}"[^>]*camunda:candidateStarterGroups="hr"`));
  expect((await stack.engine.processDefinitions(FLOW_KEY))[0]).toEqual(expect.objectContaining({ key: FLOW_KEY, version: 1 }));

  // The list names the new flow and form in each language: the flow by the owner's name, the form by its titles.
  const zh = await signInAs(browser, stack.baseUrl, 'owner', 'zh-CN');
  await zh.goto(`${stack.baseUrl}/modeler?lang=zh-CN`);
  await zh.waitForSelector('body[data-index-ready="true"]');
  expect(await zh.locator(`tr[data-process="${FLOW_KEY}"]`).textContent()).toContain(FLOW_NAME);
  expect(await zh.locator(`tr[data-form="${FORM_KEY}"]`).textContent()).toContain(FORM_TITLE_ZH);
  await screenshot(zh, 'owner-new-04-index-zh');
  await zh.goto(`${stack.baseUrl}/modeler/${FLOW_KEY}?lang=zh-CN`);
  await zh.waitForSelector('body[data-modeler-ready="true"]');
  await zh.waitForSelector('[data-element-id="managerNominates"]');
  await screenshot(zh, 'owner-new-05-flow-zh');
  await zh.goto(`${stack.baseUrl}/forms-builder/${FORM_KEY}?lang=zh-CN`);
  await zh.waitForSelector('body[data-builder-ready="true"]');
  expect(await zh.locator('h1').textContent()).toContain(FORM_TITLE_ZH);
  await zh.waitForSelector('.builder-component:has-text("拟议加薪")');
  await screenshot(zh, 'owner-new-06-form-zh');

  await phoneShot('/modeler', 'en', 'owner-new-07-index-phone-en', 'body[data-index-ready="true"]');
  await phoneShot('/modeler', 'zh-CN', 'owner-new-08-index-phone-zh', 'body[data-index-ready="true"]');

  // New decision table: blank, opened unsaved in the editor.
  await openIndex(page);
  await page.waitForSelector('body[data-decisions-ready="true"]');
  const newTable = page.locator('#new-decision');
  await newTable.getByLabel('Name').fill(TABLE_NAME);
  await newTable.getByLabel('Key').fill(TABLE_KEY);
  await Promise.all([page.waitForURL(new RegExp(`/decisions/${TABLE_KEY}\\?new=1`)), newTable.getByRole('button', { name: 'Open the new table' }).click()]);
  await page.waitForSelector('body[data-decision-ready="true"]');
  expect(await page.locator('h1').textContent()).toContain(TABLE_NAME);
  expect(await page.locator('#loaded-version').textContent()).toBe('unsaved changes');
  // Saved as it is, the blank table is refused with the lint's reasons: its column reads nothing yet.
  await page.getByRole('button', { name: 'Save as new version' }).click();
  await page.waitForFunction(() => /The table has errors/.test(document.getElementById('decision-status')?.textContent ?? ''));
  expect(await page.locator('#decision-status li').count()).toBeGreaterThan(0);
  // The input column: its label, the variable it reads, its type.
  await page.locator('th.input-cell').first().dblclick();
  await page.getByRole('textbox', { name: 'Input label' }).fill('Proposed raise');
  await page.getByRole('textbox', { name: 'Input expression' }).click();
  await page.keyboard.type('proposedRaise');
  await page.getByRole('textbox', { name: 'Type' }).click();
  await page.locator('.dms-select-options .option[data-value="number"]').click();
  await page.keyboard.press('Escape');
  await page.waitForSelector('.context-menu', { state: 'detached' });
  // The row: above 5,000 the committee is asked.
  const rule = page.locator('tbody tr').first();
  await rule.locator('td.input-cell').first().click();
  await page.keyboard.type('> 5000');
  await rule.locator('td.output-cell').first().click();
  await page.keyboard.type('"committee"');
  await page.locator('h1').click();
  await page.fill('#version-note', 'The committee above 5,000');
  await page.getByRole('button', { name: 'Save as new version' }).click();
  await page.waitForFunction(() => /Saved as v1/.test(document.getElementById('decision-status')?.textContent ?? ''));
  expect(page.url()).toMatch(new RegExp(`/decisions/${TABLE_KEY}$`));
  await page.getByRole('button', { name: 'Deploy the shown version' }).click();
  await page.waitForFunction(() => /Deployed v1/.test(document.getElementById('decision-status')?.textContent ?? ''));
  expect(await page.locator('#deployed-version').textContent()).toBe('v1');
  // The history names who saved it, not a person id.
  expect(await page.locator('#versions-body tr[data-version="1"]').textContent()).toContain('Tao Huang');
  await screenshot(page, 'owner-new-09-table-deployed-en');
  const v1 = (await owner.get(`/api/decisions/${TABLE_KEY}/versions/1/xml`)).body.xml as string;
  expect(v1).toContain('proposedRaise');
  expect(v1).toMatch(/&gt; 5000/);

  // The row edited again: version 2, deployed; then rolled back to version 1.
  await rule.locator('td.input-cell').first().click();
  await page.keyboard.press('End');
  await page.keyboard.type('0');
  await page.locator('h1').click();
  await page.getByRole('button', { name: 'Save as new version' }).click();
  await page.waitForFunction(() => /Saved as v2/.test(document.getElementById('decision-status')?.textContent ?? ''));
  expect((await owner.get(`/api/decisions/${TABLE_KEY}/versions/2/xml`)).body.xml).toMatch(/&gt; 50000/);
  await page.getByRole('button', { name: 'Deploy the shown version' }).click();
  await page.waitForFunction(() => /Deployed v2/.test(document.getElementById('decision-status')?.textContent ?? ''));
  await page.getByRole('button', { name: 'Roll back to this v1' }).click();
  await page.waitForFunction(() => /Rolled back to v1/.test(document.getElementById('decision-status')?.textContent ?? ''));
  expect((await owner.get(`/api/decisions/${TABLE_KEY}/versions`)).body.versions.map((v: { version: number; deployed: boolean }) => [v.version, v.deployed])).toEqual([[2, false], [1, true]]);
  await screenshot(page, 'owner-new-10-table-rolled-back-en');

  // The table in Chinese: the editor's own strings too (dmn-js's translate service).
  await zh.goto(`${stack.baseUrl}/decisions/${TABLE_KEY}?lang=zh-CN`);
  await zh.waitForSelector('body[data-decision-ready="true"]');
  expect(await zh.locator('.hit-policy').textContent()).toContain('命中策略');
  expect(await zh.locator('#versions-body tr[data-version="1"]').textContent()).toContain('黄涛');
  await screenshot(zh, 'owner-new-11-table-zh');
  await zh.goto(`${stack.baseUrl}/modeler?lang=zh-CN`);
  await zh.waitForSelector('body[data-decisions-ready="true"]');
  expect(await zh.locator(`tr[data-decision="${TABLE_KEY}"]`).textContent()).toContain(TABLE_NAME);
  await phoneShot(`/decisions/${TABLE_KEY}`, 'en', 'owner-new-12-table-phone-en', 'body[data-decision-ready="true"]');
  await phoneShot(`/decisions/${TABLE_KEY}`, 'zh-CN', 'owner-new-13-table-phone-zh', 'body[data-decision-ready="true"]');

  // HR starts the new flow from the launch page (the diagram names HR as its starter) for the two
  // people of Internal Audit, and works the step the owner added, on the owner's form.
  const hr = await signInAs(browser, stack.baseUrl, 'hr.analyst', 'en');
  await hr.goto(`${stack.baseUrl}/cycles/launch?lang=en`);
  expect(await hr.locator(`#flow option[value="${FLOW_KEY}"]`).textContent()).toBe(FLOW_NAME);
  await hr.locator('#flow').selectOption(FLOW_KEY);
  await hr.getByLabel('Cycle', { exact: true }).fill(CYCLE);
  await hr.locator('input[name=unitIds][value=AUD]').check();
  await hr.getByRole('button', { name: 'Dry run' }).click();
  await hr.locator('#dry-run-result').waitFor({ state: 'visible' });
  expect(await hr.locator('#dry-cases').textContent()).toBe('2');
  await hr.getByRole('button', { name: 'Launch' }).click();
  await hr.waitForURL(/\/cycles\/launch\/[0-9a-f-]{36}$/);
  await hr.waitForFunction(() => document.querySelector('[role=progressbar]')?.getAttribute('aria-valuenow') === '100', undefined, { timeout: 60_000 });
  await hr.locator('#progress-status').waitFor({ state: 'visible' });
  expect(await hr.locator('#progress-status').textContent()).toMatch(/2 started, 0 skipped, 0 failed/);
  await hr.waitForFunction(() => { const fill = document.getElementById('progress-fill')!; return fill.getBoundingClientRect().width >= fill.parentElement!.clientWidth - 1; });
  await screenshot(hr, 'owner-new-14-flow-launched-en');
  const [definition] = await stack.engine.processDefinitions(FLOW_KEY);
  expect(await stack.engine.runningInstanceCount(definition!.id)).toBe(2);

  // The step is in HR's inbox under the owner's name for it, once per person.
  await hr.goto(`${stack.baseUrl}/inbox?step=managerNominates&lang=en`);
  const rows = hr.locator('table.tasks tbody tr', { hasText: STEP_NAME }).filter({ hasText: CYCLE });
  await rows.first().waitFor();
  expect(await rows.count()).toBe(2);
  // The flow is named as the owner named it in the diagram, in the list and in the filter.
  expect(await rows.first().locator('.flow').textContent()).toBe(FLOW_NAME);
  expect(await hr.locator(`select[name=flow] option[value="${FLOW_KEY}"]`).textContent()).toBe(`${FLOW_NAME} (2)`);
  await screenshot(hr, 'owner-new-15-inbox-en');
  await Promise.all([hr.waitForURL(/\/tasks\//), rows.first().getByRole('link').first().click()]);
  // A step offered to a group is taken first; until then the form is read-only.
  await hr.locator('button[data-action="claim"]').click();
  const raise = hr.getByLabel('Proposed raise');
  await hr.waitForFunction(() => !document.querySelector<HTMLInputElement>('input[name="data[proposedRaise]"]')?.disabled);
  await raise.fill('6000');
  await screenshot(hr, 'owner-new-16-step-form-en');
  await Promise.all([hr.waitForURL(/\/inbox\?submitted=1/), hr.click('button[name="data[submit]"]')]);
  // The answer is stored under the owner's form, and that case's flow has reached its end.
  expect(await stack.engine.runningInstanceCount(definition!.id)).toBe(1);
  expect(pageErrors).toEqual([]);
}, 300_000);
