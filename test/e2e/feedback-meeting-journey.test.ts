import type { ChildProcess } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { DevelopmentItemModel } from '../../src/db/models/development-plan';
import { PersonModel } from '../../src/db/models/person';
import { launchBrowser, pageErrors, screenshot, signInAs } from '../support/browser';
import { HttpUser } from '../support/http-user';
import { assess, calibrateAndPublish, employeeWithGoals, reviewWithAgreedGoals, type MyCycleFixture } from '../support/me-fixture';
import { openTask, submit } from '../support/review-driver';
import { eventually, startTestStack, startWorker, stopWorker, uniqueCycle, type TestStack } from '../support/stack';

/**
 * Issue 19's journey: a feedback meeting recorded in the browser by the manager (the published
 * result beside the form), its plan items followed up in the next cycle's check-in, and progress
 * marked on the plan page — in en and zh-CN, at 1440 px and on a phone (390 px).
 */
let stack: TestStack;
let worker: ChildProcess;
let browser: Browser;
let hr: HttpUser;
let f: MyCycleFixture;
const meetingCase = () => `${f.cycle}:${f.employee.id}:feedback-meeting`;
const inAYear = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('e2e-feedback-meeting');
  browser = await launchBrowser();
  hr = await HttpUser.signIn(stack.baseUrl, 'hr');
  f = await employeeWithGoals(hr, stack.baseUrl, 'fmjourney');
  await assess(f);
  await calibrateAndPublish(f);
  const launch = await hr.post('/api/flows/feedback-meeting/launches', { cycle: f.cycle, subjectIds: [f.employee.id] });
  expect(launch.status).toBe(202);
  await eventually('meeting launched', async () => (await hr.get(`/api/launches/${launch.body.launchId}`)).body.status === 'finished');
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await stopWorker(worker);
  await stack?.close();
});

async function atWidth(page: Page, width: 1440 | 390, name: string): Promise<void> {
  await page.setViewportSize({ width, height: 900 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  await screenshot(page, name);
}

async function choose(page: Page, row: string, key: string, text: string): Promise<void> {
  await page.locator(`${row} .formio-component-${key} .choices`).first().click();
  await page.locator(`${row} .formio-component-${key} .choices__item--choice`, { hasText: text }).first().click();
}

test('the manager records the feedback meeting in the browser, with the published result beside the form', async () => {
  const employeeName = (await PersonModel.findById(f.employee.id).lean())!.name.en;
  const task = await openTask(f.head, meetingCase(), 'feedbackMeeting');
  const page = await signInAs(browser, stack.baseUrl, f.head.username, 'en');
  await page.goto(`${stack.baseUrl}/tasks/${task.id}?lang=en`);
  await page.waitForSelector('.context-published-result');
  expect(await page.locator('.context-published-result').innerText()).toContain('Rating: C');
  await page.fill('[name="data[strengths]"]', 'Careful, complete files');
  const gap = '.formio-component-gaps .datagrid-table > tbody > tr:nth-child(1)';
  await page.fill(`${gap} input[name$="[gap]"]`, 'Slow credit memos');
  await page.fill(`${gap} input[name$="[cause]"]`, 'No template used');
  await choose(page, gap, 'category', 'Credit analysis');
  const commitment = '.formio-component-commitments .datagrid-table > tbody > tr:nth-child(1)';
  await page.fill(`${commitment} input[name$="[what]"]`, 'Credit memo course');
  await choose(page, commitment, 'kind', 'Training');
  await choose(page, commitment, 'owner', employeeName);
  await page.fill(`${commitment} input[name$="[dueDate]"]`, inAYear);
  await atWidth(page, 390, 'feedback-meeting-en-390');
  await atWidth(page, 1440, 'feedback-meeting-en-1440');
  await Promise.all([page.waitForURL(/\/inbox\?submitted=1/), page.click('button[name="data[submit]"]')]);
  await page.context().close();
  await eventually('plan item recorded', () => DevelopmentItemModel.findOne({ personId: f.employee.id, what: 'Credit memo course' }).lean());
  const ack = await openTask(f.employee, meetingCase(), 'acknowledgeMeeting');
  await submit(f.employee, ack.id, { agreement: 'agree' });
}, 240_000);

test('the next cycle\'s check-in shows the plan items, and the employee marks progress on the plan page (zh-CN and en, desktop and phone)', async () => {
  const next = uniqueCycle('fmjourney-next');
  const checkIn = await openTask(f.employee, await reviewWithAgreedGoals(hr, f, next), 'checkIn');

  const zh = await signInAs(browser, stack.baseUrl, f.employee.username, 'zh-CN');
  await zh.goto(`${stack.baseUrl}/tasks/${checkIn.id}?lang=zh-CN`);
  await zh.waitForSelector('.context-development-plan');
  const shown = await zh.locator('.context-development-plan').innerText();
  expect(shown).toContain('Credit memo course');
  expect(shown).toContain('未开始');
  await atWidth(zh, 1440, 'feedback-plan-check-in-zh-1440');
  await atWidth(zh, 390, 'feedback-plan-check-in-zh-390');

  await zh.goto(`${stack.baseUrl}/development?lang=zh-CN`);
  const item = zh.locator('.plan-item', { hasText: 'Credit memo course' });
  await item.locator('select[name="status"]').selectOption('in-progress');
  await item.locator('input[name="note"]').fill('已报名三月的课程');
  await item.locator('button[type=submit]').click();
  await zh.locator('.plan-item .badge.status[data-status="in-progress"]', { hasText: '进行中' }).waitFor();
  expect(await zh.locator('.plan-item').first().innerText()).toContain('已报名三月的课程');
  await atWidth(zh, 1440, 'feedback-plan-page-zh-1440');
  await atWidth(zh, 390, 'feedback-plan-page-zh-390');
  await zh.context().close();

  // The check-in now says so, in English too.
  const en = await signInAs(browser, stack.baseUrl, f.employee.username, 'en');
  await en.goto(`${stack.baseUrl}/tasks/${checkIn.id}?lang=en`);
  await en.waitForSelector('.context-development-plan');
  expect(await en.locator('.context-development-plan').innerText()).toContain('In progress');
  await atWidth(en, 390, 'feedback-plan-check-in-en-390');
  await en.goto(`${stack.baseUrl}/development?lang=en`);
  expect(await en.locator('.plan').first().innerText()).toContain('Writing a credit memo');
  await atWidth(en, 1440, 'feedback-plan-page-en-1440');
  await en.context().close();

  const manager = await signInAs(browser, stack.baseUrl, f.head.username, 'zh-CN');
  await manager.goto(`${stack.baseUrl}/development?lang=zh-CN`);
  expect(await manager.locator('#team-title').count()).toBe(1);
  expect(await manager.locator('.progress-form').count()).toBe(0);
  await atWidth(manager, 390, 'feedback-plan-team-zh-390');
  await manager.context().close();

  const hrPage = await signInAs(browser, stack.baseUrl, 'hr', 'zh-CN');
  await hrPage.goto(`${stack.baseUrl}/development?lang=zh-CN`);
  await hrPage.locator(`.plan-units tr[data-unit="${f.unitId}"]`).waitFor();
  await atWidth(hrPage, 1440, 'feedback-plan-units-zh-1440');
  await atWidth(hrPage, 390, 'feedback-plan-units-zh-390');
  await hrPage.context().close();
  expect(pageErrors).toEqual([]);
}, 300_000);
