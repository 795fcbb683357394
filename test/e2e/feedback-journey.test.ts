import type { ChildProcess } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { FeedbackModel } from '../../src/db/models/feedback';
import { PersonModel } from '../../src/db/models/person';
import { DEMO_PASSWORD } from '../../src/seed/demo-org';
import { createPerson } from '../support/fixtures';
import { HttpUser } from '../support/http-user';
import { agreeGoals, checkIn, launchReview, openTask, skipPeerFeedback, submit } from '../support/review-driver';
import { launchBrowser, pageErrors, screenshot, signInAs } from '../support/browser';
import { eventually, startTestStack, startWorker, stopWorker, type TestStack } from '../support/stack';

/**
 * Recognition given and seen at assessment, in the browser: a colleague thanks an adviser for work on
 * one of her goals (Chinese, desktop); she reads it and shares it with her unit (English, phone); her
 * manager finds it on the assessment form beside the ratings (English desktop, Chinese phone).
 */
let stack: TestStack;
let worker: ChildProcess;
let browser: Browser;
const fixtureIds: string[] = [];
const THANKS = '感谢你挽回了港湾物流的续贷';

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('e2e-feedback');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stopWorker(worker);
  await FeedbackModel.deleteMany({ toId: { $in: fixtureIds } });
  await PersonModel.deleteMany({ _id: { $in: fixtureIds } });
  await stack?.close();
});

async function phone(page: Page): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
}
async function desktop(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 900 });
}
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('recognition given and seen at assessment, in Chinese and English, on a desktop and a phone', async () => {
  const head = await createPerson({ prefix: 'fbj-head', password: DEMO_PASSWORD, unitId: 'CB' });
  const a = await createPerson({ prefix: 'fbj-adviser', password: DEMO_PASSWORD, unitId: 'CB', managerId: head._id });
  const g = await createPerson({ prefix: 'fbj-giver', password: DEMO_PASSWORD, unitId: 'CB', managerId: head._id });
  fixtureIds.push(head._id, a._id, g._id);
  const [hr, managerOverHttp, adviserOverHttp] = await HttpUser.signInAll(stack.baseUrl, ['hr', head.username, a.username]);
  const { caseId } = await launchReview(hr, adviserOverHttp, 'e2e-fb');
  await agreeGoals(adviserOverHttp, managerOverHttp, caseId);
  await eventually('her agreed goals recorded', async () => (await managerOverHttp.get(`/api/feedback/people/${a._id}/topics`)).body.goals?.length === 2);

  // The colleague, in Chinese on a desktop: chooses her, one of her goals, and writes the thanks.
  const giver = await signInAs(browser, stack.baseUrl, g.username, 'zh-CN');
  await desktop(giver);
  await giver.click('nav a[href="/feedback"]');
  await giver.waitForSelector('h1:has-text("即时反馈与认可")');
  await giver.selectOption('#feedback-to', a._id);
  await giver.waitForSelector('optgroup[data-group=goals] option', { state: 'attached' });
  const goal = await giver.locator('optgroup[data-group=goals] option').first().getAttribute('value');
  await giver.selectOption('#feedback-about', goal!);
  await giver.fill('#feedback-text', THANKS);
  await screenshot(giver, 'feedback-01-give-zh-desktop');
  await Promise.all([giver.waitForEvent('framenavigated'), giver.click('form.give-feedback button[type=submit]')]);
  await giver.waitForSelector(`#given li:has-text("${THANKS}")`);
  expect((await giver.locator('#given li').first().textContent())!.replace(/\s+/g, ' ')).toContain('目标： Grow the book · 不公开');
  await screenshot(giver, 'feedback-02-given-zh-desktop');

  // The adviser, in English on a phone: reads it, and shares it with her unit.
  const adviser = await signInAs(browser, stack.baseUrl, a.username, 'en');
  await phone(adviser);
  await adviser.goto(`${stack.baseUrl}/feedback`);
  const received = adviser.locator(`#received li:has-text("${THANKS}")`);
  expect(await received.textContent()).toContain('Recognition');
  expect(await received.textContent()).toContain('Test fbj-giver');
  await received.locator('select[name=visibility]').selectOption('unit');
  await received.locator('button[type=submit]').click();
  await adviser.waitForSelector('#feedback-status:not([hidden])');
  expect(await adviser.locator('#feedback-status').textContent()).toContain('who sees it has changed');
  expect(await overflow(adviser)).toBeLessThanOrEqual(0);
  await screenshot(adviser, 'feedback-03-received-en-phone');
  expect((await FeedbackModel.findOne({ toId: a._id }).lean())!.visibility).toBe('unit');

  // The manager, at assessment time: the recognition beside the ratings, never in them.
  await checkIn(adviserOverHttp, caseId);
  const self = await openTask(adviserOverHttp, caseId, 'selfAssessment');
  await submit(adviserOverHttp, self.id, { businessRating: 4, riskRating: 4, complianceRating: 4, behaviourRating: 4, achievements: 'Renewals' });
  const taskId = await skipPeerFeedback(managerOverHttp, caseId);
  const manager = await signInAs(browser, stack.baseUrl, head.username, 'en');
  await desktop(manager);
  await manager.goto(`${stack.baseUrl}/tasks/${taskId}`);
  const context = manager.locator('.context-feedback');
  await context.waitFor();
  for (const words of ['Feedback and recognition received', THANKS, 'Test fbj-giver', 'Goal: Grow the book', 'not part of the score']) expect(await context.textContent()).toContain(words);
  await context.scrollIntoViewIfNeeded();
  await screenshot(manager, 'feedback-04-assessment-en-desktop');

  const managerZh = await signInAs(browser, stack.baseUrl, head.username, 'zh-CN');
  await phone(managerZh);
  await managerZh.goto(`${stack.baseUrl}/tasks/${taskId}`);
  const contextZh = managerZh.locator('.context-feedback');
  await contextZh.waitFor();
  for (const words of ['收到的反馈与认可', THANKS, '认可', '不计入评分']) expect(await contextZh.textContent()).toContain(words);
  expect(await overflow(managerZh)).toBeLessThanOrEqual(0);
  await screenshot(managerZh, 'feedback-05-assessment-zh-phone');
  expect(pageErrors).toEqual([]);
}, 240_000);
