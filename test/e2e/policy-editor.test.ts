import type { ChildProcess } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { PersonModel } from '../../src/db/models/person';
import { PolicyVersionModel } from '../../src/db/models/policy-version';
import { ScoreModel } from '../../src/db/models/score';
import { launchBrowser, pageErrors, screenshot, signInAs } from '../support/browser';
import { HttpUser } from '../support/http-user';
import { driveToSelfAssessment, launchReview } from '../support/review-driver';
import { eventually, startTestStack, startWorker, stopWorker, type TestStack } from '../support/stack';

let stack: TestStack;
let browser: Browser;
let worker: ChildProcess;
const restore: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  stack = await startTestStack();
  browser = await launchBrowser();
  worker = startWorker('policy-editor-e2e');
});
afterAll(async () => {
  for (const undo of restore) await undo().catch(() => undefined);
  await stopWorker(worker);
  await browser?.close();
  await stack?.close();
});

const weight = (page: Page, line: string, dimension: string) => page.locator(`input[name="data[weightsByBusinessLine][${line}][${dimension}]"]`);

test('a process owner changes the front office weights: a wrong total is refused at the field, a right one becomes a new version with its date', async () => {
  const before = await PolicyVersionModel.countDocuments({ key: 'scoring' });
  const page = await signInAs(browser, stack.baseUrl, 'owner', 'zh-CN');
  await page.click('nav >> text=政策配置');
  await page.waitForURL(/\/policies$/);
  await screenshot(page, 'policy-list-zh-CN');
  await page.click('a[href="/policies/scoring"]');
  await weight(page, 'front', 'business').waitFor();
  expect(await weight(page, 'front', 'business').inputValue()).toBe('50');

  // 40 / 30 / 20 / 20: a total of 110.
  for (const [dimension, value] of [['business', '40'], ['risk', '30'], ['compliance', '20'], ['behaviour', '20']] as const) await weight(page, 'front', dimension).fill(value);
  // A version dated next year: it waits for its date, so the rest of the suite keeps scoring with the shipped weights.
  const effectiveFrom = `${new Date().getUTCFullYear() + 1}-01-01`;
  await page.fill('#effective-from', effectiveFrom);
  await page.click('#policy-save');
  const fieldError = page.locator('.formio-component-front .policy-field-error');
  await fieldError.waitFor();
  expect(await fieldError.textContent()).toBe('权重合计 110，必须为 100');
  // The list names the field as the form does, not by its path in the policy.
  expect(await page.locator('#policy-problems').textContent()).toContain('前台（业务条线） · 合计: 权重合计 110，必须为 100');
  await screenshot(page, 'policy-refused-zh-CN');
  expect(await PolicyVersionModel.countDocuments({ key: 'scoring' })).toBe(before);

  await weight(page, 'front', 'behaviour').fill('10');
  await page.click('#policy-preview');
  const diff = page.locator('#policy-diff');
  await diff.waitFor();
  expect(await diff.textContent()).toContain('前台（业务条线） · 业务');
  expect(await diff.textContent()).not.toContain('weightsByBusinessLine');
  await screenshot(page, 'policy-preview-zh-CN');
  await Promise.all([page.waitForURL(/saved=/), page.click('#policy-save')]);
  const saved = page.locator('#policy-saved');
  expect(await saved.textContent()).toContain(effectiveFrom);
  const newest = page.locator('#policy-versions tbody tr').first();
  expect(await newest.textContent()).toContain(effectiveFrom);
  expect(await newest.textContent()).toContain('待生效');
  await screenshot(page, 'policy-saved-zh-CN');

  const latest = await PolicyVersionModel.findOne({ key: 'scoring' }).sort({ version: -1 }).lean();
  expect(latest).toMatchObject({ version: before + 1, source: 'editor', body: { weightsByBusinessLine: { front: { business: 0.4, risk: 0.3, compliance: 0.2, behaviour: 0.1 } } } });
  expect(latest!.effectiveFrom.toISOString().slice(0, 10)).toBe(effectiveFrom);

  // The same page in English.
  await page.goto(`${stack.baseUrl}/policies/scoring?lang=en`);
  await weight(page, 'front', 'business').waitFor();
  expect(await weight(page, 'front', 'business').inputValue()).toBe('40');
  await screenshot(page, 'policy-editor-en');
  await page.goto(`${stack.baseUrl}/policies?lang=en`);
  await screenshot(page, 'policy-list-en');
  await page.context().close();
});

test('an operator sees a failed worker step as an incident, fixes the cause, retries, and it is gone', async () => {
  const hr = await HttpUser.signIn(stack.baseUrl, 'hr');
  const employee = await HttpUser.signIn(stack.baseUrl, 'cb.rm03');
  const manager = await HttpUser.signIn(stack.baseUrl, 'cb.head');
  const { cycle, caseId } = await launchReview(hr, employee, 'incident');
  const selfTaskId = await driveToSelfAssessment(employee, manager, caseId);

  // The cause: the org chart loses the employee's unit, so scoring cannot find the business line.
  const person = (await PersonModel.findById(employee.id, { unitId: 1 }).lean())!;
  await PersonModel.updateOne({ _id: employee.id }, { $set: { unitId: 'NO-SUCH-UNIT' } });
  restore.push(() => PersonModel.updateOne({ _id: employee.id }, { $set: { unitId: person.unitId } }));
  const data = { businessRating: 4, riskRating: 4, complianceRating: 4, behaviourRating: 4, achievements: 'Grew the book' };
  expect((await employee.post(`/api/tasks/${selfTaskId}/submission`, { data })).status).toBe(201);

  const page = await signInAs(browser, stack.baseUrl, 'owner', 'zh-CN');
  await page.click('nav >> text=运行异常');
  const row = page.locator('#incidents tbody tr', { hasText: caseId });
  // Three attempts with back-off (2 s, 4 s), then the incident; the page refreshes itself.
  await row.waitFor({ timeout: 60_000 });
  expect(await row.textContent()).toContain('the org unit of');
  // The flow and the step by name in the reader's language; the step's id, the case key and the worker's message as recorded.
  expect(await row.textContent()).toContain('绩效考核');
  expect(await row.textContent()).not.toContain('performance-review');
  await screenshot(page, 'incidents-zh-CN');
  await page.goto(`${stack.baseUrl}/operations/incidents?lang=en`);
  await row.waitFor();
  expect(await row.textContent()).toContain('Performance review');
  await row.locator('summary').click();
  await screenshot(page, 'incidents-en');

  // Fix the cause, then retry.
  await PersonModel.updateOne({ _id: employee.id }, { $set: { unitId: person.unitId } });
  await row.locator('button.retry').click();
  await page.locator('#incident-status.success').waitFor();
  await row.waitFor({ state: 'detached', timeout: 30_000 });
  const score = await eventually('the self score computed after the retry', () => ScoreModel.findOne({ cycle, subjectId: employee.id, step: 'self' }).lean());
  expect(score).toMatchObject({ rating: expect.any(String) });
  expect(await page.locator('#incidents-empty').isVisible() || !(await row.count())).toBe(true);
  await screenshot(page, 'incidents-after-retry-en');
  await page.context().close();
  expect(pageErrors).toEqual([]);
});
