import type { ChildProcess } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, pageErrors, screenshot, signInAs } from '../support/browser';
import { HttpUser } from '../support/http-user';
import { launchReview, openTask, optionsOf, submit } from '../support/review-driver';
import { eventually, startTestStack, startWorker, stopWorker, type TestStack } from '../support/stack';

/**
 * An employee's goals change mid-cycle, in the browser: with their goals agreed, the employee opens
 * My performance, asks to change them, lowers one weight and adds a goal with a reason; the manager
 * sees the goals in force and the proposal side by side and approves; My performance then shows
 * version 2, and the goal versions page keeps version 1 with who proposed and approved each and why.
 * In zh-CN on a desktop (then a phone), and in en on a phone (then a desktop).
 */
let stack: TestStack;
let worker: ChildProcess;
let browser: Browser;
let hr: HttpUser;
let manager: HttpUser;

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('e2e-goal-change');
  browser = await launchBrowser();
  [hr, manager] = await HttpUser.signInAll(stack.baseUrl, ['hr', 'cb.head'] as const);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stopWorker(worker);
  await stack?.close();
});

const WORDS = {
  'zh-CN': {
    agreed: [['提升前 20 名客户的对公存款', 60, '12 月 31 日前增长 12%'], ['完成全部客户档案的尽职调查更新', 40, '100% 档案完成更新']],
    added: { title: '落地首批可持续发展挂钩贷款', unitGoal: '对公存款增长', kind: 'OKR', dimension: '业务', target: '12 月 31 日前签约两笔' },
    reason: '6 月董事会将绿色金融纳入战略，存款目标权重让出 20 分。',
    comment: '同意，绿色贷款从 7 月起计入。',
    propose: '申请调整目标', approve: '同意调整', submitChange: '提交调整申请', submitDecision: '提交',
    version1: '第 1 版', version2: '第 2 版', inForce: '现行', replaced: '已被取代', added2: '新增', changed: '修改',
    history: '历史版本及调整记录', contextTitle: '目标调整',
  },
  en: {
    agreed: [['Grow deposits with my top-20 clients', 60, '+12% by 31 December'], ['Refresh KYC on every client file', 40, '100% of files refreshed']],
    added: { title: 'First sustainability-linked loans', unitGoal: 'Grow corporate deposits', kind: 'OKR', dimension: 'Business', target: 'Two signed by 31 December' },
    reason: 'In June the board added green finance to the strategy; deposits give up 20 points.',
    comment: 'Agreed: the green loans count from July.',
    propose: 'Propose a goal change', approve: 'Approve the change', submitChange: 'Submit the change for approval', submitDecision: 'Submit',
    version1: 'Version 1', version2: 'Version 2', inForce: 'In force', replaced: 'Replaced', added2: 'Added', changed: 'Changed',
    history: 'Earlier versions and who changed what', contextTitle: 'Goal change',
  },
} as const;
type Locale = keyof typeof WORDS;

async function atWidth(page: Page, width: 1440 | 390, name: string): Promise<void> {
  await page.setViewportSize({ width, height: 900 });
  // Nothing sticks out sideways: the page is no wider than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  await screenshot(page, name);
}

/** The review launched in a cycle of its own and the goals agreed (over HTTP): the review waits at the check-in. */
async function agreed(employee: HttpUser, locale: Locale) {
  const { cycle, caseId } = await launchReview(hr, employee, `gcj${locale === 'en' ? 'en' : 'zh'}`);
  const goalTask = await openTask(employee, caseId, 'goalSetting');
  const unitGoals = optionsOf(goalTask.view.form.schema, 'unitGoalId');
  await submit(employee, goalTask.id, {
    goals: WORDS[locale].agreed.map(([title, weight, target], i) => ({ title, kind: 'KPI', dimension: i === 0 ? 'business' : 'compliance', weight, target, unitGoalId: unitGoals[i === 0 ? 0 : 2] })),
  });
  await submit(manager, (await openTask(manager, caseId, 'goalApproval')).id, { decision: 'approve' });
  await eventually('check-in', () => employee.taskFor(caseId, 'checkIn'));
  return { cycle, caseId };
}

async function choose(page: Page, row: string, key: string, text: string): Promise<void> {
  await page.locator(`${row} .formio-component-${key} .choices`).first().click();
  await page.locator(`${row} .formio-component-${key} .choices__item--choice`, { hasText: text }).first().click();
}

const row = (i: number) => `.formio-component-goals .datagrid-table > tbody > tr:nth-child(${i})`;

async function journey(username: string, locale: Locale, first: 1440 | 390, second: 1440 | 390): Promise<void> {
  const words = WORDS[locale];
  const employee = await HttpUser.signIn(stack.baseUrl, username);
  const { cycle } = await agreed(employee, locale);
  const shot = `goal-change-${locale}`;

  // My performance: version 1 in force, and the way to propose a change.
  const page = await signInAs(browser, stack.baseUrl, username, locale);
  await page.setViewportSize({ width: first, height: 900 });
  await page.goto(`${stack.baseUrl}/me?cycle=${cycle}`);
  await page.locator('.me-goal-version', { hasText: words.version1 }).waitFor();
  await atWidth(page, first, `${shot}-1-me-${first}`);

  // The proposal starts from the goals in force: one weight lowered, one goal added, a reason.
  await Promise.all([page.waitForURL(/\/tasks\//), page.getByRole('button', { name: words.propose }).click()]);
  await page.waitForSelector(`${row(2)} input[name$="[title]"]`);
  expect(await page.inputValue(`${row(1)} input[name$="[title]"]`)).toBe(words.agreed[0][0]);
  await page.fill(`${row(1)} input[name$="[weight]"]`, '40');
  await page.click('.formio-component-goals .formio-button-add-row');
  await page.fill(`${row(3)} input[name$="[title]"]`, words.added.title);
  await choose(page, row(3), 'unitGoalId', words.added.unitGoal);
  await choose(page, row(3), 'kind', words.added.kind);
  await choose(page, row(3), 'dimension', words.added.dimension);
  await page.fill(`${row(3)} input[name$="[weight]"]`, '20');
  await page.fill(`${row(3)} input[name$="[target]"]`, words.added.target);
  await page.fill('[name="data[reason]"]', words.reason);
  await page.locator('.mf-total-value.is-ok').waitFor();
  await atWidth(page, second, `${shot}-2-proposal-${second}`);
  await Promise.all([page.waitForURL(/\/inbox\?submitted=1/), page.getByRole('button', { name: words.submitChange }).click()]);

  // The manager sees the goals in force and the proposal side by side, and approves.
  const changeCaseId = (await employee.get(`/api/goal-changes/${cycle}/${employee.id}`)).body.openChange as string;
  const decision = await openTask(manager, changeCaseId, 'decideGoalChange');
  const managerPage = await signInAs(browser, stack.baseUrl, 'cb.head', locale);
  await managerPage.setViewportSize({ width: first, height: 900 });
  await managerPage.goto(`${stack.baseUrl}/tasks/${decision.id}`);
  const context = managerPage.locator('.context-goal-change');
  await context.waitFor();
  const rows = context.locator('.goal-diff-row');
  expect(await rows.count()).toBe(3);
  expect(await rows.nth(0).locator('.goal-before').innerText()).toContain('60 %');
  expect(await rows.nth(0).locator('.goal-after').innerText()).toContain('40 %');
  expect(await rows.nth(0).locator('.goal-diff-change').innerText()).toBe(words.changed);
  expect(await rows.nth(2).locator('.goal-diff-change').innerText()).toBe(words.added2);
  expect(await rows.nth(2).locator('.goal-after').innerText()).toContain(words.added.title);
  expect(await context.innerText()).toContain(words.reason);
  await atWidth(managerPage, first, `${shot}-3-decision-${first}`);
  await atWidth(managerPage, second, `${shot}-4-decision-${second}`);
  await managerPage.getByLabel(words.approve).check();
  await managerPage.fill('[name="data[comment]"]', words.comment);
  await Promise.all([managerPage.waitForURL(/\/inbox\?submitted=1/), managerPage.getByRole('button', { name: words.submitDecision, exact: true }).click()]);
  await managerPage.context().close();

  // Back on My performance: version 2 in force; the versions page keeps version 1 with who and why.
  await eventually('version 2', async () => (await employee.get(`/api/goal-changes/${cycle}/${employee.id}`)).body.inForce?.version === 2);
  await page.goto(`${stack.baseUrl}/me?cycle=${cycle}`);
  await page.locator('.me-goal-version', { hasText: words.version2 }).waitFor();
  expect(await page.locator('.me-goal').count()).toBe(3);
  await atWidth(page, second, `${shot}-5-me-after-${second}`);
  await page.getByRole('link', { name: words.history }).click();
  const versions = page.locator('.goal-version');
  await versions.first().waitFor();
  expect(await versions.count()).toBe(2);
  expect(await versions.nth(0).locator('h2').innerText()).toContain(`${words.version2} ${words.inForce}`.split(' ')[0]!);
  expect(await versions.nth(0).innerText()).toContain(words.reason);
  expect(await versions.nth(0).innerText()).toContain(words.comment);
  expect(await versions.nth(1).locator('h2').innerText()).toContain(words.replaced);
  expect(await versions.nth(1).innerText()).toContain(words.agreed[0][0]);
  expect(await versions.nth(1).innerText()).toContain('60 %');
  await atWidth(page, second, `${shot}-6-versions-${second}`);
  await atWidth(page, first, `${shot}-7-versions-${first}`);
  await page.context().close();
}

test('a goal change approved mid-cycle in zh-CN (desktop, then phone): version 2 in force, version 1 kept', async () => {
  await journey('cb.rm06', 'zh-CN', 1440, 390);
  expect(pageErrors).toEqual([]);
}, 240_000);

test('the same in en on a phone, then a desktop', async () => {
  await journey('cb.rm07', 'en', 390, 1440);
  expect(pageErrors).toEqual([]);
}, 240_000);
