import type { ChildProcess } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { SubmissionModel } from '../../src/db/models/submission';
import { eventually, startTestStack, startWorker, stopWorker, type TestStack } from '../support/stack';
import { HttpUser } from '../support/http-user';
import { agreeGoals, checkIn, launchReview, skipPeerFeedback } from '../support/review-driver';
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
  const employeeOverHttp = await HttpUser.signIn(stack.baseUrl, 'cb.rm04');
  const managerOverHttp = await HttpUser.signIn(stack.baseUrl, 'cb.head');
  const employeeId = employeeOverHttp.id;
  const { cycle, caseId } = await launchReview(hr, employeeOverHttp, 'e2e');

  // The employee, in Chinese (the default for the demo bank): goal setting comes first, with the unit's goals to link to.
  const employee = await signInAs(browser, stack.baseUrl, 'cb.rm04', 'zh-CN');
  const row = employee.locator('tr', { hasText: cycle });
  await eventually('the goal-setting row', async () => { await employee.reload(); return (await row.count()) === 1; });
  expect(await row.textContent()).toContain('目标设定');
  await row.getByRole('link').click();
  await employee.waitForSelector('label:has-text("权重（%）")'); // each goal card labels its own weight field
  await screenshot(employee, '00-employee-goal-setting-zh');
  // Goals, their approval and the check-in go over HTTP here; review-goals-360 tests them in depth.
  await agreeGoals(employeeOverHttp, managerOverHttp, caseId);
  await checkIn(employeeOverHttp, caseId);

  await employee.goto(`${stack.baseUrl}/inbox`);
  await eventually('the self-assessment row', async () => { await employee.reload(); return (await row.count()) === 1 && (await row.textContent())!.includes('自评'); });
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

  const stored = await SubmissionModel.findOne({ submittedBy: employeeId, caseId, taskDefinitionKey: 'selfAssessment' }).lean();
  expect(stored!.data).toMatchObject({ businessRating: 5, riskRating: 4, complianceRating: 4, behaviourRating: 3 });

  // The manager asks no peers for 360 feedback; then, in English, the assessment waits with the self score beside the form.
  await skipPeerFeedback(managerOverHttp, caseId);
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
