import type { ChildProcess } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { AppealModel } from '../../src/db/models/appeal';
import { standingRating } from '../../src/db/models/score';
import { artifactsDir, launchBrowser, pageErrors, screenshot, signInAs } from '../support/browser';
import { HttpUser } from '../support/http-user';
import { approvedAwardWithMalus, assess, calibrateAndPublish, CALIBRATION_REASON, employeeWithGoals, FINAL_SCORE, UNIT_GOALS, type MyCycleFixture } from '../support/me-fixture';
import { eventually, startTestStack, startWorker, stopWorker, type TestStack } from '../support/stack';

/**
 * An employee's own page through a cycle, in both languages, on a desktop and on a phone (390×844):
 * their goals with the unit goal each serves and the strategy above it, no result before
 * publication, then the published result with its bars, steps and reasons, an appeal filed in the
 * browser within the window and decided by HR and the committee, and the bonus letter with the
 * deferral schedule (paid, vested, unvested, cancelled by malus).
 */
let stack: TestStack;
let worker: ChildProcess;
let browser: Browser;
let f: MyCycleFixture;

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('e2e-me');
  browser = await launchBrowser();
  const hr = await HttpUser.signIn(stack.baseUrl, 'hr');
  f = await employeeWithGoals(hr, stack.baseUrl, 'mejourney');
  await assess(f);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stopWorker(worker);
  await stack?.close();
});

async function openMe(locale: 'en' | 'zh-CN'): Promise<Page> {
  const page = await signInAs(browser, stack.baseUrl, f.employee.username, locale);
  await page.goto(`${stack.baseUrl}/me?cycle=${f.cycle}&lang=${locale}`);
  return page;
}

async function onPhone(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  // Nothing sticks out sideways on a phone: the page is no wider than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(page, name);
  await page.setViewportSize({ width: 1280, height: 900 });
}

const text = (page: Page, selector: string) => page.locator(selector).innerText();

test('before publication: the goals with their cascade and check-ins, and no trace of the rating', async () => {
  const page = await openMe('en');
  const goals = page.locator('.me-goal');
  expect(await goals.count()).toBe(2);
  const first = await goals.first().innerText();
  // The unit goal it supports (code and title) and the bank's strategic goal above that.
  expect(first).toContain('Grow the book');
  expect(first).toContain('60%');
  expect(first).toContain(`${UNIT_GOALS[0]!.code} ${UNIT_GOALS[0]!.title.en}`);
  expect(first).toContain('S1 Grow risk-adjusted profit');
  expect(first).toContain('50%'); // the check-in's progress
  expect(await text(page, '.me-result')).toContain('not published yet');
  const html = await page.content();
  expect(html).not.toContain(String(FINAL_SCORE));
  expect(await page.locator('.me-rating-badge, .me-bars, .me-why').count()).toBe(0);
  await screenshot(page, 'me-00-before-publication-en');
  await page.context().close();
}, 120_000);

test('published: the result with its bars, the steps that changed it and why, and the appeal form — in en and zh-CN, desktop and phone', async () => {
  await calibrateAndPublish(f);

  const en = await openMe('en');
  expect(await text(en, '.me-rating-badge')).toBe('C');
  const bars = en.locator('.me-bars li');
  expect(await bars.count()).toBe(4);
  expect(await bars.nth(0).innerText()).toMatch(/Business\s+30%[\s\S]*4 × 0.3 = 1.2/);
  expect(await en.locator('.me-bar-fill').first().getAttribute('style')).toContain('width: 80%');
  const steps = await text(en, '.me-steps');
  expect(steps).toMatch(/Manager's assessment\s+B/);
  expect(steps).toContain(`B → C`);
  expect(steps).toContain(CALIBRATION_REASON);
  const why = await text(en, '.me-why');
  expect(why).toContain(`Score ${FINAL_SCORE} reaches band B (from 3.5) under the scoring rules, version `); // the policy by name, not its key
  expect(why).toContain('Calibration changed the rating from B to C.');
  expect(await text(en, '.me-window')).toMatch(/You may appeal until \d{4}-\d{2}-\d{2} · 15 days left/);
  await en.waitForSelector('#appeal-form [name="data[statement]"]');
  await screenshot(en, 'me-01-published-en');
  await onPhone(en, 'me-02-published-en-phone');

  const zh = await openMe('zh-CN');
  expect(await text(zh, '.me-why')).toContain('绩效校准将等级由 B 调整为 C。');
  expect(await text(zh, '.me-goal >> nth=0')).toContain(UNIT_GOALS[0]!.title['zh-CN']);
  await zh.waitForSelector('#appeal-form [name="data[statement]"]');
  expect(await zh.locator('#appeal-form').innerText()).toContain('申诉事由');
  await screenshot(zh, 'me-03-published-zh');
  await onPhone(zh, 'me-04-published-zh-phone');
  await zh.context().close();

  // The appeal, filed on the phone in the browser.
  await en.setViewportSize({ width: 390, height: 844 });
  await en.check('input[name^="data[ground]"][value="calibration"]');
  await en.check('input[name^="data[requestedRating]"][value="B"]');
  await en.fill('[name="data[statement]"]', 'Calibration moved me to C although my files were the cleanest in the unit.');
  await screenshot(en, 'me-05-appeal-filled-en-phone');
  await Promise.all([en.waitForURL(/\/me\?cycle=/), en.click('button[name="data[submit]"]')]);
  expect(await text(en, '.me-appeal-status')).toBe('filed, awaiting HR');
  expect(await en.locator('#appeal-form').count()).toBe(0);
  const stored = await AppealModel.findById(`${f.cycle}:${f.employee.id}:appeal`).lean();
  expect(stored).toMatchObject({ ratingAtFiling: 'C', filing: { ground: 'calibration', requestedRating: 'B' } });
  await screenshot(en, 'me-06-appeal-filed-en-phone');
  await en.context().close();
}, 300_000);

async function claimAndSubmit(user: HttpUser, caseId: string, step: string, data: Record<string, unknown>): Promise<void> {
  const taskId = await eventually(`${step} for ${user.username}`, () => user.taskFor(caseId, step));
  expect((await user.post(`/api/tasks/${taskId}/claim`, {})).status).toBe(200);
  expect((await user.post(`/api/tasks/${taskId}/submission`, { data })).status).toBe(201);
}

test('decided and paid: the appeal decision, the bonus letter and the deferral schedule with the malus — in en and zh-CN, desktop and phone', async () => {
  const appealCaseId = `${f.cycle}:${f.employee.id}:appeal`;
  const hr = await HttpUser.signIn(stack.baseUrl, 'hr.analyst');
  const panel = await HttpUser.signIn(stack.baseUrl, 'ceo');
  await claimAndSubmit(hr, appealCaseId, 'hrTriage', { decision: 'accept', reasons: 'Calibration reason is disputed.' });
  await claimAndSubmit(panel, appealCaseId, 'panelReview', { outcome: 'upheld', newRating: 'B', reasons: 'The file quality evidence supports B.' });
  await eventually('appeal rating stands', async () => (await standingRating(f.cycle, f.employee.id))?.step === 'appeal');
  await approvedAwardWithMalus(f, 'B');

  const en = await openMe('en');
  expect(await text(en, '.me-rating-badge')).toBe('B');
  // The appeal decided the rating; the score stays the computed one.
  expect(await text(en, '.me-rating-label')).toBe(`Rating B · score ${FINAL_SCORE}`);
  expect(await en.locator('.me-window').count()).toBe(0);
  expect(await text(en, '.me-appeal-decision')).toContain('Upheld: C → B — The file quality evidence supports B.');
  expect(await text(en, '.me-why')).toContain('Your appeal was upheld: the rating changed from C to B. Reason: The file quality evidence supports B.');
  const tranches = en.locator('.me-tranche');
  expect(await tranches.count()).toBe(4);
  expect(await tranches.evaluateAll((items) => items.map((i) => i.getAttribute('data-state')))).toEqual(['paid', 'vested', 'unvested', 'cancelled']);
  expect(await tranches.nth(0).innerText()).toMatch(/2025-03-31[\s\S]*Paid upfront[\s\S]*CN¥72,000.00/);
  const bonus = await text(en, '.me-bonus');
  expect(bonus).toContain('CN¥120,000.00');
  expect(bonus).toMatch(/\(v\d+\)/); // the pack by its title and version, not its key
  expect(bonus).not.toContain('deferral-cn-bank');
  expect(bonus).toContain('Loan file approved outside the credit limit');
  expect(bonus).toContain('Limit breach confirmed by the risk committee');
  expect(await text(en, '.me-letter')).toContain('CN¥120,000.00');
  await screenshot(en, 'me-07-bonus-en');
  await onPhone(en, 'me-08-bonus-en-phone');
  await en.context().close();

  const zh = await openMe('zh-CN');
  expect(await zh.locator('.me-tranche').count()).toBe(4);
  const zhBonus = await text(zh, '.me-bonus');
  expect(zhBonus).toContain('¥120,000.00');
  expect(zhBonus).toContain('已扣减（malus）');
  expect(await text(zh, '.me-letter')).toMatch(/递延/);
  await screenshot(zh, 'me-09-bonus-zh');
  await onPhone(zh, 'me-10-bonus-zh-phone');
  await zh.setViewportSize({ width: 390, height: 844 });
  await zh.locator('.me-bonus').screenshot({ path: `${artifactsDir}/me-11-bonus-section-zh-phone.png` });
  await zh.context().close();
  expect(pageErrors).toEqual([]);
}, 300_000);
