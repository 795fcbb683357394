import type { ChildProcess } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { SubmissionModel } from '../../src/db/models/submission';
import { eventually, startTestStack, startWorker, stopWorker, uniqueCycle, type TestStack } from '../support/stack';
import { HttpUser } from '../support/http-user';
import { launchBrowser, pageErrors, screenshot, signInAs } from '../support/browser';

let stack: TestStack;
let worker: ChildProcess;
let browser: Browser;

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('e2e');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stopWorker(worker);
  await stack?.close();
});

test('an employee fills the self-assessment in the browser, then the manager finds the next step in the inbox', async () => {
  const hr = await HttpUser.signIn(stack.baseUrl, 'hr');
  const employeeId = (await HttpUser.signIn(stack.baseUrl, 'cb.rm04')).id;
  const cycle = uniqueCycle('e2e');
  expect((await hr.post(`/api/cycles/${cycle}/reviews`, { employeeIds: [employeeId] })).status).toBe(201);

  // The employee, in Chinese (the default for the demo bank).
  const employee = await signInAs(browser, stack.baseUrl, 'cb.rm04', 'zh-CN');
  const row = employee.locator('tr', { hasText: cycle });
  await eventually('the self-assessment row', async () => { await employee.reload(); return (await row.count()) === 1; });
  await screenshot(employee, '01-employee-inbox-zh');
  await row.getByRole('link').click();
  await employee.waitForSelector('[name="data[businessRating]"]');
  await employee.fill('[name="data[businessRating]"]', '5');
  await employee.fill('[name="data[riskRating]"]', '4');
  await employee.fill('[name="data[complianceRating]"]', '4');
  await employee.fill('[name="data[behaviourRating]"]', '3');
  await employee.fill('[name="data[achievements]"]', '完成三笔银团贷款 <script>alert(1)</script>');
  await screenshot(employee, '02-employee-self-assessment-filled');
  await Promise.all([employee.waitForURL(/\/inbox\?submitted=1/), employee.click('button[name="data[submit]"]')]);
  expect(await employee.locator('.alert.success').textContent()).toContain('已提交');
  await screenshot(employee, '03-employee-submitted');

  const stored = await SubmissionModel.findOne({ submittedBy: employeeId, caseId: `${cycle}:${employeeId}` }).lean();
  expect(stored!.data).toMatchObject({ businessRating: 5, riskRating: 4, complianceRating: 4, behaviourRating: 3 });

  // The manager, in English: the next step is waiting, with the employee's self score beside the form.
  const manager = await signInAs(browser, stack.baseUrl, 'cb.head', 'en');
  const managerRow = manager.locator('tr', { hasText: cycle });
  await eventually('the manager assessment row', async () => { await manager.reload(); return (await managerRow.count()) === 1; });
  expect(await managerRow.textContent()).toContain('Manager assessment');
  await screenshot(manager, '04-manager-inbox-en');
  await managerRow.getByRole('link').click();
  await manager.waitForSelector('[name="data[businessRating]"]');
  // Front office: 0.5×5 + 0.2×4 + 0.15×4 + 0.15×3 = 4.35 → B
  expect(await manager.locator('section.score h2').textContent()).toContain('4.35 (B)');
  await screenshot(manager, '05-manager-assessment-form');
  expect(pageErrors).toEqual([]);
});
