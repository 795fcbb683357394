import type { ChildProcess } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { PersonModel } from '../../src/db/models/person';
import { DEMO_PASSWORD } from '../../src/seed/demo-org';
import { createPerson } from '../support/fixtures';
import { HttpUser } from '../support/http-user';
import { agreeGoals, checkIn, launchReview, openTask, skipPeerFeedback, submit } from '../support/review-driver';
import { launchBrowser, pageErrors, screenshot, signInAs } from '../support/browser';
import { eventually, startTestStack, startWorker, stopWorker, type TestStack } from '../support/stack';

/**
 * HR's talent view in the browser: after two cycles, HR (Chinese, desktop) finds a relationship
 * manager ready for promotion with the reasons, nominates her from the view and writes the
 * nomination on its form; the HRBP supports it and the committee approves (over HTTP); HR (English,
 * phone) finds the outcome on the view; the committee reads the view too (English desktop, Chinese phone).
 */
let stack: TestStack;
let worker: ChildProcess;
let browser: Browser;
const fixtureIds: string[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('e2e-talent');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stopWorker(worker);
  await PersonModel.deleteMany({ _id: { $in: fixtureIds } });
  await stack?.close();
});

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
const ratings = (n: number, behaviour = n) => ({ businessRating: n, riskRating: n, complianceRating: n, behaviourRating: behaviour });

test('HR\'s talent view: ready for promotion with its reasons, a nomination from the view, the committee\'s outcome on it', async () => {
  const head = await createPerson({ prefix: 'tj-head', password: DEMO_PASSWORD, unitId: 'CB' });
  const s = await createPerson({ prefix: 'tj-star', password: DEMO_PASSWORD, unitId: 'CB', managerId: head._id });
  fixtureIds.push(head._id, s._id);
  const [hr, hrbp, committee, manager, star] = await HttpUser.signInAll(stack.baseUrl, ['hr', 'hrbp', 'ceo', head.username, s.username]);
  const cycles: string[] = [];
  for (const [prefix, managerRatings] of [['tj1', ratings(4)], ['tj2', ratings(5)]] as const) {
    const { cycle, caseId } = await launchReview(hr, star, prefix);
    await agreeGoals(star, manager, caseId);
    await checkIn(star, caseId);
    const self = await openTask(star, caseId, 'selfAssessment');
    await submit(star, self.id, { ...managerRatings, achievements: 'Renewals' });
    await submit(manager, await skipPeerFeedback(manager, caseId), { ...managerRatings, strengths: 'Clients', overallComment: 'Strong' });
    await eventually('the final score', async () => (await star.get(`/api/cases/${encodeURIComponent(caseId)}`)).body.scores?.some((x: { step: string }) => x.step === 'final'));
    cycles.push(cycle);
  }

  // HR, in Chinese on a desktop: the view from the header, her row with its flags and reasons.
  const hrPage = await signInAs(browser, stack.baseUrl, 'hr', 'zh-CN');
  await hrPage.setViewportSize({ width: 1440, height: 900 });
  await hrPage.click('nav a[href="/talent"]');
  await hrPage.waitForSelector('h1:has-text("人才盘点")');
  const row = hrPage.locator(`tr[data-person="${s._id}"]`);
  const text = (await row.textContent())!;
  for (const words of ['测试tj-star', '具备晋升条件', '高潜力', '连续高绩效', `连续 2 次高评级（${cycles[0]} B, ${cycles[1]} A）`, '绩效高 · 行为高']) expect(text).toContain(words);
  await row.scrollIntoViewIfNeeded();
  await screenshot(hrPage, 'talent-01-view-zh-desktop');

  // Nominate: the launcher starts the flow, and the nomination form waits in HR's inbox.
  await Promise.all([hrPage.waitForURL(/\/inbox/), row.locator('button.nominate').click()]);
  const caseId = `${cycles[1]}:${s._id}:talent-nomination`;
  const taskId = await eventually('the nomination task', () => hr.taskFor(caseId, 'nominate'));
  await hrPage.goto(`${stack.baseUrl}/tasks/${taskId}`);
  await hrPage.waitForSelector('.context-talent');
  expect(await hrPage.locator('.context-talent').textContent()).toContain('具备晋升条件');
  await hrPage.check('input[value="promotion"]');
  await hrPage.fill('[name="data[grounds]"]', '两个半年度均为高绩效，客户评价突出');
  await screenshot(hrPage, 'talent-02-nomination-form-zh-desktop');
  await Promise.all([hrPage.waitForURL(/\/inbox\?submitted=1/), hrPage.click('button[name="data[submit]"]')]);

  // The HRBP supports, the committee approves.
  const review = await eventually('the HRBP review', () => hrbp.taskFor(caseId, 'nominationReview'));
  await hrbp.post(`/api/tasks/${review}/claim`, {});
  await submit(hrbp, review, { hrbpDecision: 'support', comment: 'Ready' });
  const decision = await eventually('the committee decision', () => committee.taskFor(caseId, 'nominationDecision'));
  await committee.post(`/api/tasks/${decision}/claim`, {});
  await submit(committee, decision, { committeeDecision: 'approve', comment: 'Promote from the next cycle' });

  // HR, in English on a phone: the outcome on the view.
  const hrPhone = await signInAs(browser, stack.baseUrl, 'hr', 'en');
  await hrPhone.setViewportSize({ width: 390, height: 844 });
  await hrPhone.goto(`${stack.baseUrl}/talent`);
  const phoneRow = hrPhone.locator(`tr[data-person="${s._id}"]`);
  for (const words of ['Ready for promotion', 'approved by the committee', 'Promote from the next cycle', 'performance high, behaviour high']) expect(await phoneRow.textContent()).toContain(words);
  expect(await phoneRow.locator('button.nominate').count()).toBe(0); // nominated in this cycle already
  expect(await overflow(hrPhone)).toBeLessThanOrEqual(0);
  await phoneRow.scrollIntoViewIfNeeded();
  await screenshot(hrPhone, 'talent-03-outcome-en-phone');

  // The committee reads it too: English on a desktop, Chinese on a phone.
  const ceo = await signInAs(browser, stack.baseUrl, 'ceo', 'en');
  await ceo.setViewportSize({ width: 1440, height: 900 });
  await ceo.goto(`${stack.baseUrl}/talent`);
  expect(await ceo.locator(`tr[data-person="${s._id}"]`).textContent()).toContain('approved by the committee');
  await screenshot(ceo, 'talent-04-committee-en-desktop');
  const ceoZh = await signInAs(browser, stack.baseUrl, 'ceo', 'zh-CN');
  await ceoZh.setViewportSize({ width: 390, height: 844 });
  await ceoZh.goto(`${stack.baseUrl}/talent`);
  expect(await ceoZh.locator(`tr[data-person="${s._id}"]`).textContent()).toContain('委员会已批准');
  expect(await overflow(ceoZh)).toBeLessThanOrEqual(0);
  await screenshot(ceoZh, 'talent-05-committee-zh-phone');
  expect(pageErrors).toEqual([]);
}, 300_000);
