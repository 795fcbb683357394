import type { ChildProcess } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { SubmissionModel } from '../../src/db/models/submission';
import { launchBrowser, pageErrors, screenshot, signInAs } from '../support/browser';
import { HttpUser } from '../support/http-user';
import { launchReview, openTask, submit } from '../support/review-driver';
import { eventually, startTestStack, startWorker, stopWorker, type TestStack } from '../support/stack';

/**
 * Goal setting, the first thing every employee does, in the browser: two goals as cards, each
 * supporting a unit goal chosen by its name; weights of 60 + 30 refused by the server with its
 * reason at the grid and in the list above the form, in the reader's language and without any
 * "submitted"; the weight fixed, the total turning to 100 %, submitted. In zh-CN and en, at 1440
 * and 390 px. Then the manager's approval shows the goals as cards, and the check-in lists the
 * agreed goals without picking them again.
 */
let stack: TestStack;
let worker: ChildProcess;
let browser: Browser;
let hr: HttpUser;

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('e2e-goals');
  browser = await launchBrowser();
  hr = await HttpUser.signIn(stack.baseUrl, 'hr');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stopWorker(worker);
  await stack?.close();
});

const WORDS = {
  'zh-CN': {
    goals: [
      { title: '提升前 20 名客户的对公存款', unitGoal: '对公存款增长', kind: 'KPI', dimension: '业务', weight: '60', target: '12 月 31 日前对公存款增长 12%' },
      { title: '完成全部客户档案的尽职调查更新', unitGoal: '客户尽职调查全覆盖', kind: 'OKR', dimension: '合规', weight: '30', target: '100% 档案完成更新' },
    ],
    reason: '权重（%）合计必须为 100，目前合计为 90。',
    heading: '未提交。请修改下方标出的字段：',
    total90: '权重合计 90 % / 100 %',
    total100: '权重合计 100 % / 100 %',
    success: '提交成功',
    english: /must total|is required/,
  },
  en: {
    goals: [
      { title: 'Grow deposits with my top-20 clients', unitGoal: 'Grow corporate deposits', kind: 'KPI', dimension: 'Business', weight: '60', target: '+12% by 31 December' },
      { title: 'Refresh KYC on every client file', unitGoal: 'Complete KYC on every client', kind: 'OKR', dimension: 'Compliance', weight: '30', target: '100% of files refreshed' },
    ],
    reason: 'Weight (%) must total 100; the rows total 90',
    heading: 'Not submitted. Please correct the fields marked below:',
    total90: 'Weights total 90 % / 100 %',
    total100: 'Weights total 100 % / 100 %',
    success: 'Submission Complete',
    english: null,
  },
} as const;

type Locale = keyof typeof WORDS;
const card = (i: number) => `.formio-component-goals .datagrid-table > tbody > tr:nth-child(${i})`;

async function choose(page: Page, row: string, key: string, text: string): Promise<void> {
  await page.locator(`${row} .formio-component-${key} .choices`).first().click();
  await page.locator(`${row} .formio-component-${key} .choices__item--choice`, { hasText: text }).first().click();
}

async function fillGoals(page: Page, locale: Locale): Promise<void> {
  const goals = WORDS[locale].goals;
  for (const [index, goal] of goals.entries()) {
    if (index > 0) await page.click('.formio-component-goals .formio-button-add-row');
    const row = card(index + 1);
    await page.fill(`${row} input[name$="[title]"]`, goal.title);
    await choose(page, row, 'unitGoalId', goal.unitGoal);
    await choose(page, row, 'kind', goal.kind);
    await choose(page, row, 'dimension', goal.dimension);
    await page.fill(`${row} input[name$="[weight]"]`, goal.weight);
    await page.fill(`${row} input[name$="[target]"]`, goal.target);
  }
}

async function atWidth(page: Page, width: 1440 | 390, name: string): Promise<void> {
  await page.setViewportSize({ width, height: 900 });
  // Nothing sticks out sideways: the page is no wider than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  await screenshot(page, name);
}

async function openGoalSetting(username: string, locale: Locale, cycle: string): Promise<Page> {
  const page = await signInAs(browser, stack.baseUrl, username, locale);
  const row = page.locator('tr', { hasText: cycle });
  await eventually('the goal-setting row', async () => { await page.reload(); return (await row.count()) === 1; });
  await row.getByRole('link').first().click();
  await page.waitForSelector(`${card(1)} input[name$="[title]"]`);
  return page;
}

/** Fills two goals weighted 60 + 30, is refused, fixes the second weight to 40 and submits. */
async function weightErrorAndFix(page: Page, locale: Locale, first: 1440 | 390, second: 1440 | 390, shot: string): Promise<void> {
  const words = WORDS[locale];
  await page.setViewportSize({ width: first, height: 900 });
  await fillGoals(page, locale);
  // The unit goal is named, not coded: the chosen option reads as the unit goal's title.
  const chosen = page.locator(`${card(1)} .formio-component-unitGoalId .choices__list--single .choices__item`);
  expect(await chosen.evaluate((item) => item.firstChild?.textContent?.trim())).toBe(words.goals[0].unitGoal);
  // The live total under the cards, as the reader types.
  await page.locator('.mf-total-value.is-off', { hasText: words.total90 }).waitFor();
  await page.click('button[name="data[submit]"]');

  // The server's reason, in the reader's language, above the form and at the grid; nothing says "submitted".
  const problems = page.locator('#form-status.form-problems');
  await problems.waitFor({ state: 'visible' });
  expect(await problems.locator('strong').innerText()).toBe(words.heading);
  expect(await problems.locator('li').allInnerTexts()).toEqual([words.reason]);
  await page.locator('.formio-component-goals > .formio-errors', { hasText: words.reason }).waitFor();
  const text = await page.locator('main').innerText();
  expect(text).not.toContain(words.success);
  if (words.english) expect(text).not.toMatch(words.english);
  // The reason is in view, not scrolled off to the side of a grid.
  const box = await page.locator('.formio-component-goals > .formio-errors').boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(first);
  await atWidth(page, first, `${shot}-1-weight-error-${first}`);
  await atWidth(page, second, `${shot}-2-weight-error-${second}`);

  // Fixed: the second goal weighs 40, the total turns to 100 % and the answered reason leaves the list.
  await page.fill(`${card(2)} input[name$="[weight]"]`, '40');
  await page.locator('.mf-total-value.is-ok', { hasText: words.total100 }).waitFor();
  await problems.waitFor({ state: 'hidden' });
  await atWidth(page, second, `${shot}-3-fixed-${second}`);
  await Promise.all([page.waitForURL(/\/inbox\?submitted=1/), page.click('button[name="data[submit]"]')]);
}

test('goal setting in zh-CN on a desktop, then in en on a phone: a weight error shown at its field in the reader\'s language, fixed, submitted', async () => {
  const [zhEmployee, enEmployee, manager] = await HttpUser.signInAll(stack.baseUrl, ['cb.rm02', 'cb.rm03', 'cb.head'] as const);
  const zh = await launchReview(hr, zhEmployee, 'goalszh');
  const en = await launchReview(hr, enEmployee, 'goalsen');

  const zhPage = await openGoalSetting('cb.rm02', 'zh-CN', zh.cycle);
  await weightErrorAndFix(zhPage, 'zh-CN', 1440, 390, 'goals-zh');
  await zhPage.context().close();

  const enPage = await openGoalSetting('cb.rm03', 'en', en.cycle);
  await weightErrorAndFix(enPage, 'en', 390, 1440, 'goals-en');
  await enPage.context().close();

  const stored = await SubmissionModel.findOne({ caseId: en.caseId, taskDefinitionKey: 'goalSetting' }).lean();
  expect((stored!.data.goals as Array<{ title: string; weight: number; unitGoalId: string }>).map((g) => [g.title, g.weight, g.unitGoalId]))
    .toEqual([[WORDS.en.goals[0].title, 60, `${en.cycle}:CB:G1`], [WORDS.en.goals[1].title, 40, `${en.cycle}:CB:G3`]]);

  // The manager reads the proposal as cards, on a phone too.
  const managerPage = await signInAs(browser, stack.baseUrl, 'cb.head', 'en');
  const approval = await openTask(manager, en.caseId, 'goalApproval');
  await managerPage.goto(`${stack.baseUrl}/tasks/${approval.id}`);
  const cards = managerPage.locator('.goal-card');
  expect(await cards.count()).toBe(2);
  expect(await cards.nth(1).innerText()).toMatch(/Refresh KYC on every client file\s+40 %[\s\S]*Complete KYC on every client/);
  await managerPage.waitForSelector('.formio-form');
  await atWidth(managerPage, 390, 'goals-en-4-approval-390');
  await managerPage.context().close();
  await submit(manager, approval.id, { decision: 'approve' });

  // The check-in lists the agreed goals; nothing to pick, nothing to add.
  const checkIn = await signInAs(browser, stack.baseUrl, 'cb.rm03', 'en');
  const checkInTask = await openTask(enEmployee, en.caseId, 'checkIn');
  await checkIn.goto(`${stack.baseUrl}/tasks/${checkInTask.id}`);
  await checkIn.waitForSelector('.formio-component-progress input[name$="[percent]"]');
  const rows = checkIn.locator('.formio-component-progress .datagrid-table > tbody > tr');
  expect(await rows.count()).toBe(2);
  await rows.nth(0).locator('.formio-component-goalId', { hasText: 'Grow deposits with my top-20 clients (60%)' }).waitFor();
  await rows.nth(1).locator('.formio-component-goalId', { hasText: 'Refresh KYC on every client file (40%)' }).waitFor();
  expect(await checkIn.locator('.formio-component-progress').innerText()).not.toContain(en.caseId); // goals by name, not by id
  expect(await checkIn.locator('.formio-component-progress .formio-button-add-row').count()).toBe(0);
  await rows.nth(0).locator('input[name$="[percent]"]').fill('55');
  await rows.nth(1).locator('input[name$="[percent]"]').fill('30');
  await checkIn.fill('[name="data[comment]"]', 'Pipeline for Q4 looks good.');
  await atWidth(checkIn, 390, 'goals-en-5-check-in-390');
  await atWidth(checkIn, 1440, 'goals-en-6-check-in-1440');
  await Promise.all([checkIn.waitForURL(/\/inbox\?submitted=1/), checkIn.click('button[name="data[submit]"]')]);
  await checkIn.context().close();
  expect(pageErrors).toEqual([]);
}, 240_000);
