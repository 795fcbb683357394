import type { ChildProcess } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { SubmissionModel } from '../../src/db/models/submission';
import { TaskActivityModel } from '../../src/db/models/task-activity';
import { HttpUser } from '../support/http-user';
import { goalApprovals, setDates } from '../support/inbox-fixtures';
import { launchBrowser, pageErrors, screenshot, signInAs } from '../support/browser';
import { eventually, startTestStack, startWorker, stopWorker, type TestStack } from '../support/stack';

let stack: TestStack;
let worker: ChildProcess;
let browser: Browser;

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('e2e-inbox');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stopWorker(worker);
  await stack?.close();
});

async function asPhone(page: Page): Promise<Page> {
  await page.setViewportSize({ width: 390, height: 844 });
  return page;
}

test('a manager works the inbox: filters, opens a goal approval with the case history beside it, comments, approves, then approves two more at once', async () => {
  const hr = await HttpUser.signIn(stack.baseUrl, 'hr');
  const managerOverHttp = await HttpUser.signIn(stack.baseUrl, 'cb.head');
  const employees = await Promise.all(['cb.rm01', 'cb.rm02', 'cb.rm03', 'cb.rm10'].map((u) => HttpUser.signIn(stack.baseUrl, u)));
  const { cycle, taskIds, caseIds } = await goalApprovals(hr, managerOverHttp, employees, 'e2e-inbox');
  await setDates(stack, taskIds[0]!, { due: new Date(Date.now() - 86_400_000) });
  await setDates(stack, taskIds[3]!, { due: new Date(Date.now() + 3_600_000), followUp: new Date(Date.now() - 60_000) });
  // Dates set at the engine reach the kept inbox within a second (tasks/assigned-task-index.ts).
  await eventually('the new due dates in the inbox', async () => {
    const items = (await managerOverHttp.get('/api/inbox')).body.items as Array<{ id: string; dueState: string | null }>;
    return items.find((i) => i.id === taskIds[0])?.dueState === 'overdue' && items.find((i) => i.id === taskIds[3])?.dueState === 'soon';
  }, 30_000);

  // In Chinese on a desktop: filter the inbox to goal approvals assigned to me.
  const manager = await signInAs(browser, stack.baseUrl, 'cb.head', 'zh-CN');
  await manager.selectOption('select[name=step]', 'goalApproval');
  await manager.selectOption('select[name=who]', 'me');
  await Promise.all([manager.waitForURL(/step=goalApproval/), manager.click('.inbox-filters button[type=submit]')]);
  const rows = manager.locator('tr', { hasText: cycle });
  expect(await rows.count()).toBe(4);
  // Overdue first, said in words; then the one due soon with its follow-up date reached.
  expect(await rows.nth(0).getAttribute('data-task-id')).toBe(taskIds[0]);
  expect(await rows.nth(0).textContent()).toContain('已逾期');
  expect(await rows.nth(1).textContent()).toContain('即将到期');
  expect(await rows.nth(1).textContent()).toContain('请立即跟进');
  expect(await manager.locator('select[name=step] option[value=goalApproval]').textContent()).toMatch(/目标审批 \(\d+\)/);
  await screenshot(manager, '20-inbox-filtered-zh-desktop');

  // Open the overdue one: the form, and the case's history beside it.
  await Promise.all([manager.waitForURL(/\/tasks\//), rows.nth(0).getByRole('link').click()]);
  await manager.waitForSelector('input[value="approve"]');
  const form = await manager.locator('#task-form').boundingBox();
  const history = await manager.locator('section.history').boundingBox();
  expect(history!.x).toBeGreaterThan(form!.x + form!.width - 1);
  const historyText = await manager.locator('section.history').textContent();
  expect(historyText).toContain('目标设定');
  expect(historyText).toContain('已完成');
  // Form.io's own texts are in Chinese too: leaving the decision empty says so.
  await manager.fill('#comment-text', '第二个目标请与部门目标对齐 <b>注意</b>');
  await Promise.all([manager.waitForLoadState('load'), manager.click('#comment-form button[type=submit]')]);
  await manager.waitForSelector('#comment-status:not([hidden])');
  expect(await manager.locator('section.history').textContent()).toContain('第二个目标请与部门目标对齐 <b>注意</b>');
  expect(await manager.locator('section.history b').count()).toBe(0);
  await manager.check('input[value="return"]');
  await manager.waitForSelector('#return-note:not([hidden])');
  expect(await manager.locator('#task-form').textContent()).toContain('需要修改的内容');
  await screenshot(manager, '21-task-history-zh-desktop');
  await manager.check('input[value="approve"]');
  await Promise.all([manager.waitForURL(/\/inbox\?submitted=1/), manager.click('button[name="data[submit]"]')]);
  expect(await SubmissionModel.findById(taskIds[0]).lean()).toMatchObject({ data: { decision: 'approve' }, submittedBy: managerOverHttp.id });
  expect(await TaskActivityModel.countDocuments({ taskId: taskIds[0], kind: 'comment' })).toBe(1);

  // Bulk: the next two goal approvals at once, with a progress bar and a line per task.
  await manager.goto(`${stack.baseUrl}/inbox?step=goalApproval`);
  await manager.check(`input.bulk-pick[value="${taskIds[1]}"]`);
  await manager.check(`input.bulk-pick[value="${taskIds[2]}"]`);
  await manager.click('#bulk-approve');
  await manager.waitForSelector('#bulk-status.success');
  expect(await manager.locator('#bulk-progress').getAttribute('hidden')).toBeNull();
  expect(await manager.locator('#bulk-results li.done').count()).toBe(2);
  expect(await manager.locator('#bulk-status').textContent()).toContain('2 / 2');
  await screenshot(manager, '22-inbox-bulk-approved-zh-desktop');
  for (const i of [1, 2]) {
    expect(await SubmissionModel.findById(taskIds[i]).lean()).toMatchObject({ data: { decision: 'approve' } });
    await eventually(`check-in of ${caseIds[i]}`, () => employees[i]!.taskFor(caseIds[i]!, 'checkIn'));
  }

  // The same on a phone: the inbox as cards, the history under the form.
  await asPhone(manager);
  await manager.goto(`${stack.baseUrl}/inbox`);
  await screenshot(manager, '23-inbox-zh-phone');
  await manager.goto(`${stack.baseUrl}/tasks/${taskIds[3]}`);
  await manager.waitForSelector('input[value="approve"]');
  const phoneForm = await manager.locator('#task-form').boundingBox();
  const phoneHistory = await manager.locator('section.history').boundingBox();
  expect(phoneHistory!.y).toBeGreaterThan(phoneForm!.y + phoneForm!.height - 1);
  expect(await manager.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(manager, '24-task-zh-phone');

  // In English, desktop and phone.
  const english = await signInAs(browser, stack.baseUrl, 'cb.head', 'en');
  await english.goto(`${stack.baseUrl}/inbox?step=goalApproval&sort=due`);
  expect(await english.locator('tr', { hasText: cycle }).first().textContent()).toContain('Due soon');
  await screenshot(english, '25-inbox-en-desktop');
  await english.goto(`${stack.baseUrl}/tasks/${taskIds[3]}`);
  await english.waitForSelector('input[value="approve"]');
  expect(await english.locator('section.history').textContent()).toContain('Goal setting');
  await screenshot(english, '26-task-en-desktop');
  await asPhone(english);
  await english.reload();
  await english.waitForSelector('input[value="approve"]');
  await screenshot(english, '27-task-en-phone');
  await english.goto(`${stack.baseUrl}/inbox`);
  await screenshot(english, '28-inbox-en-phone');
  expect(pageErrors).toEqual([]);
});
