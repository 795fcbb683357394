import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PolicyVersionModel } from '../../src/db/models/policy-version';
import { ReviewCaseModel } from '../../src/db/models/review-case';
import { launchBrowser, pageErrors, screenshot, signInAs } from '../support/browser';
import { HttpUser } from '../support/http-user';
import { calibrateAndPublish, employeeWithGoals, type MyCycleFixture } from '../support/me-fixture';
import { openTask, skipPeerFeedback, submit } from '../support/review-driver';
import { eventually, startTestStack, startWorker, stopWorker, type TestStack } from '../support/stack';

/**
 * A process owner adds "client relationship" to the scoring policy in the policy editor: the new
 * row gets a weight field in every business line once its key is typed. A review under such a
 * version shows the fifth rating field in the task form, and /me shows five bars and five "why"
 * lines, which must still read well on a phone and a desktop, in en and zh-CN.
 */
let stack: TestStack;
let worker: ChildProcess;
let browser: Browser;
let owner: HttpUser;
const today = new Date().toISOString().slice(0, 10);
const shippedScoring = () => JSON.parse(readFileSync(join(__dirname, '..', '..', 'policies', 'scoring.json'), 'utf8')).body;

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('e2e-dimensions');
  browser = await launchBrowser();
  owner = await HttpUser.signIn(stack.baseUrl, 'owner');
});

afterAll(async () => {
  // The shipped four again, in force from today, for whatever runs next in this store.
  await owner?.post('/api/policies/scoring/versions', { effectiveFrom: today, body: shippedScoring() });
  await browser?.close();
  await stopWorker(worker);
  await stack?.close();
});

const weight = (page: Page, line: string, dimension: string) => page.locator(`input[name="data[weightsByBusinessLine][${line}][${dimension}]"]`);

test('the owner adds a dimension in the editor: its weights appear in every line, and the new version carries it', async () => {
  const before = await PolicyVersionModel.countDocuments({ key: 'scoring' });
  const page = await signInAs(browser, stack.baseUrl, 'owner', 'en');
  await page.goto(`${stack.baseUrl}/policies/scoring?lang=en`);
  await weight(page, 'front', 'business').waitFor();
  await page.click('text=Add a dimension');
  const row = 4;
  await page.fill(`input[name="data[dimensions][${row}][key]"]`, 'clientRelationship');
  await page.fill(`input[name="data[dimensions][${row}][labelEn]"]`, 'Client relationship');
  await page.fill(`input[name="data[dimensions][${row}][labelZh]"]`, '客户关系');
  // Leaving the row draws the form again with a weight for the new key in each line.
  await page.locator('h2').first().click();
  await weight(page, 'front', 'clientRelationship').waitFor();
  expect(await page.inputValue(`input[name="data[dimensions][${row}][labelZh]"]`)).toBe('客户关系');
  for (const [dimension, value] of [['business', '40'], ['risk', '15'], ['compliance', '15'], ['behaviour', '10'], ['clientRelationship', '20']] as const) await weight(page, 'front', dimension).fill(value);
  await weight(page, 'middle', 'clientRelationship').fill('0');
  await weight(page, 'back', 'clientRelationship').fill('0');
  await page.selectOption('select[name="data[nineBoxDimension]"]', 'behaviour');
  // Dated next year: the rest of this run scores with the versions the API sets below.
  const effectiveFrom = `${new Date().getUTCFullYear() + 1}-01-01`;
  await page.fill('#effective-from', effectiveFrom);
  await screenshot(page, 'dimensions-editor-added-en');
  await Promise.all([page.waitForURL(/saved=/), page.click('#policy-save')]);
  const latest = await PolicyVersionModel.findOne({ key: 'scoring' }).sort({ version: -1 }).lean();
  expect(latest!.version).toBe(before + 1);
  expect(latest!.body).toMatchObject({
    dimensions: expect.arrayContaining([{ key: 'clientRelationship', label: { en: 'Client relationship', 'zh-CN': '客户关系' } }]),
    weightsByBusinessLine: { front: { business: 0.4, risk: 0.15, compliance: 0.15, behaviour: 0.1, clientRelationship: 0.2 }, middle: { clientRelationship: 0 }, back: { clientRelationship: 0 } },
  });
  await page.goto(`${stack.baseUrl}/policies/scoring?lang=zh-CN`);
  await weight(page, 'front', 'clientRelationship').waitFor();
  await screenshot(page, 'dimensions-editor-zh-CN');
  await page.context().close();
}, 120_000);

test('a review under five dimensions: the fifth field in the task form, five bars and reasons on /me, desktop and phone, en and zh-CN', async () => {
  const body = shippedScoring();
  body.dimensions.push({ key: 'clientRelationship', label: { en: 'Client relationship', 'zh-CN': '客户关系' } });
  body.weightsByBusinessLine.front = { business: 0.4, risk: 0.15, compliance: 0.15, behaviour: 0.1, clientRelationship: 0.2 };
  body.weightsByBusinessLine.middle.clientRelationship = 0;
  body.weightsByBusinessLine.back = { business: 0.25, risk: 0.15, compliance: 0.2, behaviour: 0.2, clientRelationship: 0.2 };
  body.nineBoxDimension = 'clientRelationship';
  expect((await owner.post('/api/policies/scoring/versions', { effectiveFrom: today, body })).status).toBe(201);

  const hr = await HttpUser.signIn(stack.baseUrl, 'hr');
  const f: MyCycleFixture = await employeeWithGoals(hr, stack.baseUrl, 'dimsjourney');
  const self = await openTask(f.employee, f.caseId, 'selfAssessment');

  // The task form in the browser: the fifth rating field, labelled from the policy.
  const taskPage = await signInAs(browser, stack.baseUrl, f.employee.username, 'zh-CN');
  await taskPage.goto(`${stack.baseUrl}/tasks/${self.id}?lang=zh-CN`);
  await taskPage.waitForSelector('[name="data[clientRelationshipRating]"]');
  expect(await taskPage.locator('.formio-component-clientRelationshipRating label').first().innerText()).toContain('客户关系（1–5）');
  await screenshot(taskPage, 'dimensions-self-assessment-zh-CN');
  await taskPage.context().close();

  await submit(f.employee, self.id, { businessRating: 4, riskRating: 4, complianceRating: 4, behaviourRating: 4, clientRelationshipRating: 5, achievements: 'Kept every client' });
  const managerTask = await skipPeerFeedback(f.head, f.caseId);
  // The manager's form: the employee's self score by dimension beside five rating fields.
  const managerPage = await signInAs(browser, stack.baseUrl, f.head.username, 'en');
  await managerPage.goto(`${stack.baseUrl}/tasks/${managerTask}?lang=en`);
  await managerPage.waitForSelector('[name="data[clientRelationshipRating]"]');
  expect(await managerPage.locator('.score .bars li').count()).toBe(5);
  expect(await managerPage.locator('.score .bars li').nth(4).innerText()).toContain('Client relationship');
  await screenshot(managerPage, 'dimensions-manager-assessment-en');
  await managerPage.setViewportSize({ width: 390, height: 844 });
  await managerPage.reload();
  await managerPage.waitForSelector('[name="data[clientRelationshipRating]"]');
  await screenshot(managerPage, 'dimensions-manager-assessment-en-phone');
  await managerPage.context().close();
  await submit(f.head, managerTask, { businessRating: 4, riskRating: 3, complianceRating: 4, behaviourRating: 4, clientRelationshipRating: 5, strengths: 'Clients ask for her', overallComment: 'Strong year' });
  await eventually('review finalized', async () => (await ReviewCaseModel.findById(f.caseId, { status: 1 }).lean())?.status === 'finalized');
  await calibrateAndPublish(f);

  for (const locale of ['en', 'zh-CN'] as const) {
    const page = await signInAs(browser, stack.baseUrl, f.employee.username, locale);
    await page.goto(`${stack.baseUrl}/me?cycle=${f.cycle}&lang=${locale}`);
    const bars = page.locator('.me-bars li');
    expect(await bars.count()).toBe(5);
    expect(await bars.nth(4).innerText()).toMatch(locale === 'en' ? /Client relationship\s+20%[\s\S]*5 × 0.2 = 1/ : /客户关系\s+20%[\s\S]*5 × 0.2 = 1/);
    expect(await page.locator('.me-why').innerText()).toContain(locale === 'en' ? 'Client relationship' : '客户关系');
    await screenshot(page, `dimensions-me-${locale}`);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    // Five bars still fit a phone: nothing sticks out sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, `dimensions-me-${locale}-phone`);
    await page.locator('.me-bars').screenshot({ path: join(__dirname, '..', '..', 'test-artifacts', 'e2e', `dimensions-me-bars-${locale}-phone.png`) });
    await page.context().close();
  }

  // The calibration board: the 9-box's vertical axis is client relationship, as the policy says.
  const board = await signInAs(browser, stack.baseUrl, f.hrbp.username, 'zh-CN');
  await board.goto(`${stack.baseUrl}/calibrations/${f.cycle}/${f.unitId}?lang=zh-CN`);
  expect(await board.locator('table.nine-box tbody th').first().innerText()).toContain('客户关系');
  expect(await board.locator('td.box-medium-high li').count()).toBe(1);
  await screenshot(board, 'dimensions-nine-box-zh-CN');
  await board.context().close();
  expect(pageErrors).toEqual([]);
}, 300_000);
