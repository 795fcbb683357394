import type { ChildProcess } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { BonusRoundModel, bonusRoundId } from '../../src/db/models/bonus-round';
import { CalibrationModel, calibrationId } from '../../src/db/models/calibration';
import { OrgUnitModel } from '../../src/db/models/org-unit';
import { PersonModel } from '../../src/db/models/person';
import { PolicyVersionModel } from '../../src/db/models/policy-version';
import { ReviewCaseModel, caseIdFor } from '../../src/db/models/review-case';
import { RiskWarningModel } from '../../src/db/models/risk-warning';
import { ScoreModel, scoreId } from '../../src/db/models/score';
import { SubmissionModel } from '../../src/db/models/submission';
import { DEMO_PASSWORD } from '../../src/seed/demo-org';
import { launchBrowser, pageErrors, screenshot, signInAs } from '../support/browser';
import { createPerson, createUnit } from '../support/fixtures';
import { HttpUser } from '../support/http-user';
import { eventually, startTestStack, startWorker, stopWorker, uniqueCycle, type TestStack } from '../support/stack';

/**
 * A calibration meeting done by moving people, in chromium: the unit head sees ten people by name on
 * the curve and the 9-box, tries a what-if on a phone, moves a person by the rating menu and submits
 * a set that breaks the curve (the server refuses it, in the head's language, and nothing is stored),
 * fixes it by dragging a card with a reason, submits; the HRBP's approval then shows who moved, from
 * what to what and why. Both languages, 1440 and 390 px, screenshots in test-artifacts/e2e/50-*.
 *
 * The ten finalized reviews are test data as the review flow leaves them (a final score with its
 * explanation, the case finalized): the review flow itself is tested in review-flow and
 * calibration-flow; here the calibration flow runs for real from its launch.
 */
let stack: TestStack;
let worker: ChildProcess;
let browser: Browser;
const cycle = uniqueCycle('e2e-calib');
const createdPeople: string[] = [];
let unitId = '';
let headUsername = '';
let meetingTask = '';
const NAMES: Array<[string, string]> = [
  ['Wang Fang', '王芳'], ['Li Na', '李娜'], ['Zhang Wei', '张伟'], ['Liu Yang', '刘洋'], ['Chen Jing', '陈静'],
  ['Yang Fan', '杨帆'], ['Zhao Lei', '赵磊'], ['Huang Min', '黄敏'], ['Zhou Jie', '周杰'], ['Wu Ting', '吴婷'],
];
// The shipped curve for ten people allows exactly A 1, B 2, C 4, D 2, E 1. Proposed: D one too many, E one too few.
const PROPOSED = ['A', 'B', 'B', 'C', 'C', 'C', 'C', 'D', 'D', 'D'];
const SCORE: Record<string, number> = { A: 4.7, B: 3.9, C: 3.1, D: 2.3 };
const BEHAVIOUR = [5, 4, 3, 4, 3, 2, 3, 4, 2, 1];
const people: Array<{ id: string; name: { en: string; 'zh-CN': string } }> = [];

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('e2e-calibration-meeting');
  browser = await launchBrowser();
  const hr = await HttpUser.signIn(stack.baseUrl, 'hr');
  const hrbp = await HttpUser.signIn(stack.baseUrl, 'hrbp');
  const head = await createPerson({ prefix: 'calhead', password: DEMO_PASSWORD });
  createdPeople.push(head._id);
  headUsername = head.username;
  unitId = await createUnit({ prefix: 'calmeet', headId: head._id, hrbpId: hrbp.id });
  await PersonModel.updateOne({ _id: head._id }, { $set: { unitId, name: { en: 'Sun Hao', 'zh-CN': '孙浩' }, title: 'Head of Trade Finance' } });
  await OrgUnitModel.updateOne({ _id: unitId }, { $set: { name: { en: 'Trade Finance', 'zh-CN': '贸易金融部' } } });
  const scoring = (await PolicyVersionModel.findOne({ key: 'scoring' }).sort({ version: -1 }).lean())!;
  for (const [i, [en, zh]] of NAMES.entries()) {
    const person = await createPerson({ prefix: `calm${i + 1}`, password: DEMO_PASSWORD, unitId, managerId: head._id });
    createdPeople.push(person._id);
    await PersonModel.updateOne({ _id: person._id }, { $set: { name: { en, 'zh-CN': zh }, title: 'Relationship Manager' } });
    people.push({ id: person._id, name: { en, 'zh-CN': zh } });
    const caseId = caseIdFor('performance-review', cycle, person._id);
    await ReviewCaseModel.create({ _id: caseId, processKey: 'performance-review', cycle, subjectId: person._id, managerId: head._id, formVersions: {}, policyVersions: { scoring: scoring.version }, status: 'finalized', launchedBy: 'hr', launchedAt: new Date() });
    const rating = PROPOSED[i]!;
    await ScoreModel.create({
      _id: scoreId(cycle, person._id, 'final'), cycle, subjectId: person._id, step: 'final', caseId, score: SCORE[rating]!, rating, sourceSubmissionTaskId: 'e2e', computedAt: new Date(), deliveries: 1,
      explanation: { formula: 'e2e', businessLine: 'back', steps: [{ dimension: 'behaviour', rating: BEHAVIOUR[i]!, weight: 0.25, contribution: 0 }], rawScore: SCORE[rating]!, score: SCORE[rating]!, rating, band: { rating, min: 0 }, policy: { key: 'scoring', version: scoring.version } },
    });
  }
  expect((await hr.post(`/api/cycles/${cycle}/calibrations`, { unitIds: [unitId] })).status).toBe(201);
  const headUser = await HttpUser.signIn(stack.baseUrl, head.username);
  meetingTask = (await eventually('the calibration meeting', () => headUser.taskFor(caseIdFor('calibration', cycle, unitId), 'calibrationMeeting'), 90_000))!;
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stopWorker(worker);
  await PersonModel.deleteMany({ _id: { $in: createdPeople } });
  await RiskWarningModel.deleteMany({ $or: [{ personId: { $in: createdPeople } }, { unitId }] });
  await BonusRoundModel.deleteMany({ cycle });
  await OrgUnitModel.deleteMany({ _id: unitId });
  await stack?.close();
});

const RAW = [/\bT-calm/, /\bcalibration\.(meeting|standing|limit)/, /%[a-z]/i, /\bundefined\b/, /\bnull\b/, /NaN/, /\[object Object\]/];

async function openMeeting(page: Page, size: 'desktop' | 'phone'): Promise<void> {
  await page.setViewportSize(size === 'phone' ? { width: 390, height: 844 } : { width: 1440, height: 900 });
  await page.goto(`${stack.baseUrl}/tasks/${meetingTask}`);
  await page.waitForSelector('.calibration-meeting-board.cal-live .cal-card select');
}

async function noRawCodes(page: Page, where: string): Promise<void> {
  const text = await page.locator('.case-context').innerText();
  for (const code of RAW) expect({ where, code: String(code), found: code.test(text) }).toEqual({ where, code: String(code), found: false });
}

async function nothingWiderThanPhone(page: Page, where: string): Promise<void> {
  const wide = await page.evaluate(() => [...document.querySelectorAll('.task-layout *, h1, p.subtitle')]
    .filter((el) => el.getBoundingClientRect().right > 390.5 && getComputedStyle(el).position !== 'fixed' && !el.closest('.calibration-moves-grid'))
    .map((el) => `${el.tagName.toLowerCase()}.${el.className}`).slice(0, 8));
  expect({ where, wide }).toEqual({ where, wide: [] });
}

/** A whole page (not only a task's) fits a phone: every element that reaches past 390 px, named. */
async function pageFitsPhone(page: Page, where: string): Promise<void> {
  const wide = await page.evaluate(() => [...document.querySelectorAll('body *')]
    .filter((el) => el.getBoundingClientRect().right > 390.5 && getComputedStyle(el).position !== 'fixed')
    .map((el) => `${el.tagName.toLowerCase()}.${el.className}`).slice(0, 8));
  expect({ where, wide }).toEqual({ where, wide: [] });
}

const SUBMIT = '#task-form button[name="data[submit]"]';
const card = (page: Page, name: string) => page.locator('.cal-card', { hasText: name });
const band = (page: Page, letter: string) => page.locator(`.cal-standing .cal-band[data-band="${letter}"]`);

test('the head calibrates by moving people, with a reason, a what-if, an over-limit refusal and its fix; the HRBP sees who moved and why', async () => {
  const [, liNa, , , , , , , zhouJie] = people;
  // On a phone, in English: the board by name, the counts in words, a what-if made with the card's rating menu.
  const phone = await signInAs(browser, stack.baseUrl, headUsername, 'en');
  await openMeeting(phone, 'phone');
  await expect(band(phone, 'D').innerText()).resolves.toBe('D: 3 of at most 2 — one too many');
  await expect(band(phone, 'E').innerText()).resolves.toBe('E: 0 of at least 1 — one too few');
  await expect(band(phone, 'A').innerText()).resolves.toBe('A: 1 — within the limit (exactly 1)');
  expect(await card(phone, 'Zhou Jie').innerText()).toMatch(/Zhou Jie[\s\S]*score 2\.3 · suggested D/);
  await noRawCodes(phone, 'meeting en phone');
  await screenshot(phone, '50-calibration-meeting-en-phone');
  await phone.click('.cal-what-if-start');
  await card(phone, 'Zhou Jie').locator('select').selectOption('E');
  await expect(phone.locator('.cal-verdict').innerText()).resolves.toBe('Every rating is within the curve.');
  await expect(phone.locator('.cal-what-if-count').innerText()).resolves.toBe('People moved in the what-if: 1');
  expect(await phone.locator('.cal-moves .cal-move').count()).toBe(0); // a what-if is not a move
  await nothingWiderThanPhone(phone, 'meeting en phone what-if');
  await screenshot(phone, '50-calibration-meeting-en-phone-what-if');
  await phone.click('.cal-what-if-discard');
  await expect(band(phone, 'D').innerText()).resolves.toBe('D: 3 of at most 2 — one too many');
  await phone.context().close();

  // On a desktop, in Chinese: a move by the menu that breaks the curve, with its reason; the server refuses the set.
  const page = await signInAs(browser, stack.baseUrl, headUsername, 'zh-CN');
  await openMeeting(page, 'desktop');
  await expect(band(page, 'D').innerText()).resolves.toBe('D：3 人，最多 2 人——多 1 人');
  await expect(page.locator('.cal-board-link').getAttribute('href')).resolves.toBe(`/calibrations/${cycle}/${unitId}`);
  // The hand-over list offers nobody of the group being calibrated.
  const offered = await page.locator('#delegate-person option').allInnerTexts();
  for (const person of people) expect(offered.join(' ')).not.toContain(person.name['zh-CN']);
  await screenshot(page, '50-calibration-meeting-zh-desktop');
  await card(page, liNa!.name['zh-CN']).locator('select').selectOption('A');
  await expect(band(page, 'A').innerText()).resolves.toBe('A：2 人，最多 1 人——多 1 人');
  await page.fill(`.cal-move[data-person="${liNa!.id}"] textarea`, '牵头完成了年度最大的贸易融资项目');
  const refused = page.waitForResponse((r) => r.url().endsWith('/submission') && r.request().method() === 'POST');
  await page.click(SUBMIT);
  const answer = await refused;
  expect(answer.status()).toBe(400);
  await page.waitForSelector('.cal-server-problems');
  const refusal = await page.locator('.cal-server-problems').innerText();
  expect(refusal).toContain('提交未被接受，未保存任何内容');
  expect(refusal).toContain('A：2 人，最多 1 人——多 1 人');
  expect(refusal).toContain('E：0 人，至少 1 人——少 1 人');
  expect(await SubmissionModel.countDocuments({ caseId: caseIdFor('calibration', cycle, unitId) })).toBe(0);
  await screenshot(page, '50-calibration-meeting-zh-desktop-refused');

  // The fix: Li Na back to her suggested B (undo), Zhou Jie dragged from D to E with a reason.
  await page.click(`.cal-move[data-person="${liNa!.id}"] .cal-undo`);
  await card(page, zhouJie!.name['zh-CN']).dragTo(page.locator('.cal-lane[data-rating="E"]'));
  await expect(page.locator('.cal-verdict').innerText()).resolves.toBe('各等级人数均在曲线允许范围内。');
  // Submitting without the reason: the board asks for it, nothing is sent.
  await page.click(SUBMIT);
  await page.waitForSelector(`.cal-move.missing[data-person="${zhouJie!.id}"]`);
  await page.fill(`.cal-move[data-person="${zhouJie!.id}"] textarea`, '连续两个季度未完成合规整改');
  await screenshot(page, '50-calibration-meeting-zh-desktop-fixed');
  await Promise.all([page.waitForURL(/\/inbox/), page.click(SUBMIT)]);
  await page.context().close();

  const hrbpUser = await HttpUser.signIn(stack.baseUrl, 'hrbp');
  const approval = await eventually('the HRBP approval', () => hrbpUser.taskFor(caseIdFor('calibration', cycle, unitId), 'hrbpApproval'), 90_000);
  const record = (await CalibrationModel.findById(calibrationId(cycle, unitId)).lean())!;
  expect(record.rounds.map((r) => [r.accepted, r.changes])).toEqual([[true, [{ personId: zhouJie!.id, toRating: 'E', reason: '连续两个季度未完成合规整改' }]]]);

  // The HRBP's approval: who moved, from what to what and why, and the curve after; both languages, both sizes.
  for (const locale of ['zh-CN', 'en'] as const) {
    const hrbp = await signInAs(browser, stack.baseUrl, 'hrbp', locale);
    for (const size of ['desktop', 'phone'] as const) {
      await hrbp.setViewportSize(size === 'phone' ? { width: 390, height: 844 } : { width: 1440, height: 900 });
      await hrbp.goto(`${stack.baseUrl}/tasks/${approval}`);
      await hrbp.waitForSelector('.calibration-moves-context .cal-chart svg');
      const moves = await hrbp.locator('.context-moves tbody tr').allInnerTexts();
      expect(moves).toHaveLength(1);
      expect(moves[0]).toContain(zhouJie!.name[locale]);
      expect(moves[0]).toMatch(/D\s*→\s*E/);
      expect(moves[0]).toContain('连续两个季度未完成合规整改');
      expect(await hrbp.locator('.calibration-moves-context .cal-standing').innerText()).toContain(locale === 'en' ? 'E: 1 — within the limit (exactly 1)' : 'E：1 人——在允许范围内（恰好 1 人）');
      await noRawCodes(hrbp, `approval ${locale} ${size}`);
      if (size === 'phone') await nothingWiderThanPhone(hrbp, `approval ${locale}`);
      await screenshot(hrbp, `50-calibration-approval-${locale === 'en' ? 'en' : 'zh'}-${size}`);
      // The calibration board the approval links to: the round's move by name, from → to, and the curve as a chart.
      await hrbp.click('.calibration-moves-context .cal-board-link');
      await hrbp.waitForSelector('.calibration-board .cal-chart svg');
      const board = await hrbp.locator('main, body').first().innerText();
      expect(board).toContain(zhouJie!.name[locale]);
      expect(board).toMatch(/D\s*→\s*E/);
      expect(board).not.toMatch(/\bT-calm|calibration v\d/);
      // The status by its label, not its code.
      expect(await hrbp.locator('p.subtitle .badge').innerText()).not.toMatch(/^(meeting|approval|approved|applied|calibrated)$/);
      await screenshot(hrbp, `50-calibration-board-${locale === 'en' ? 'en' : 'zh'}-${size}`);
    }
    await hrbp.context().close();
  }
  expect(pageErrors).toEqual([]);
}, 300_000);

test('an early warning on one of the people shows on the board, and leads the head to its figures', async () => {
  const [hr, complianceOfficer] = await HttpUser.signInAll(stack.baseUrl, ['hr', 'cmp.officer1']);
  const wangFang = people[0]!;
  const figure = (period: string, key: string, value: number) => ({ cycle: period, scope: { type: 'person', id: wangFang.id }, key, value });
  expect((await hr.post('/api/metrics', { source: { system: 'crm' }, records: [figure('2026-Q1', 'salesMinor', 1_000_000), figure('2026-Q2', 'salesMinor', 1_800_000)] })).status).toBe(201);
  expect((await complianceOfficer.post('/api/metrics', { source: { system: 'complaints-desk' }, records: [figure('2026-Q1', 'complaintsCount', 0), figure('2026-Q2', 'complaintsCount', 2)] })).body).toMatchObject({ warningsRaised: 1 });

  const page = await signInAs(browser, stack.baseUrl, headUsername, 'zh-CN');
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${stack.baseUrl}/calibrations/${cycle}/${unitId}`);
  const badges = page.locator('table.nine-box a.badge');
  await expect(badges.count()).resolves.toBe(1);
  await expect(badges.first().locator('xpath=..').innerText()).resolves.toContain(wangFang.name['zh-CN']);
  await screenshot(page, '58-calibration-board-warning-zh');
  await badges.first().click();
  await page.waitForURL(/\/risk-warnings$/);
  const warning = page.locator('section.warning').filter({ hasText: wangFang.name['zh-CN'] });
  await expect(warning.locator('.warning-evidence tbody tr').count()).resolves.toBe(2);
  await expect(warning.innerText()).resolves.toContain('+80 %');
  await expect(warning.locator('.warning-evidence tbody tr').nth(1).locator('td').last().innerText()).resolves.toBe('+2'); // from zero complaints: no percentage
  await expect(warning.locator('form.decide').count()).resolves.toBe(0); // the head reads it; the risk officer decides
  await screenshot(page, '59-risk-warnings-head-zh');
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(page, '59-risk-warnings-head-zh-phone');

  // The risk officer decides on the same page, in English.
  const officer = await signInAs(browser, stack.baseUrl, 'risk.officer', 'en');
  await officer.goto(`${stack.baseUrl}/risk-warnings`);
  const open = officer.locator('section.warning').filter({ hasText: wangFang.name.en });
  await open.getByLabel('Confirm: file a compliance event').check();
  await open.getByLabel('Severity of the event').selectOption('minor');
  await open.getByLabel('Cycle it counts against').fill(cycle);
  await open.getByLabel('What was found').fill('Complaints about a structured deposit sold to retirees');
  await screenshot(officer, '59-risk-warnings-officer-en');
  await officer.setViewportSize({ width: 390, height: 844 });
  expect(await officer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(officer, '59-risk-warnings-officer-en-phone');
  await officer.setViewportSize({ width: 1280, height: 900 });
  await Promise.all([officer.waitForLoadState('load'), open.getByRole('button', { name: 'Record the decision' }).click()]);
  await officer.locator('section.warning').filter({ hasText: wangFang.name.en }).getByText('compliance event filed').waitFor();
  expect(pageErrors).toEqual([]);
}, 180_000);

test('the unit\'s own figures warn on the unit: its calibration board says so, and the bonus round lists every warning on its people and the unit with the figures and the state', async () => {
  const [hr, complianceOfficer, riskOfficer] = await HttpUser.signInAll(stack.baseUrl, ['hr', 'cmp.officer1', 'risk.officer']);
  // Li Na: sales +60 % with the high-risk share doubled, dismissed by the risk officer. Wang Fang's (above) is confirmed.
  const liNa = people[1]!;
  const personFigure = (id: string, period: string, key: string, value: number) => ({ cycle: period, scope: { type: 'person', id }, key, value });
  expect((await hr.post('/api/metrics', { source: { system: 'crm' }, records: [personFigure(liNa.id, '2026-Q1', 'salesMinor', 1_000_000), personFigure(liNa.id, '2026-Q2', 'salesMinor', 1_600_000)] })).status).toBe(201);
  expect((await riskOfficer.post('/api/metrics', { source: { system: 'product-risk' }, records: [personFigure(liNa.id, '2026-Q1', 'highRiskSharePercent', 8), personFigure(liNa.id, '2026-Q2', 'highRiskSharePercent', 18)] })).body).toMatchObject({ warningsRaised: 1 });
  const liNaWarning = (await RiskWarningModel.findOne({ personId: liNa.id }).lean())!;
  expect((await riskOfficer.post(`/api/risk-warnings/${encodeURIComponent(liNaWarning._id)}/decision`, { decision: 'dismissed', note: 'A trade-finance client rebalanced into a QDII fund at its own request' })).status).toBe(201);
  // The unit as a whole: sales +45 % while complaints go from 4 to 7.
  const unitFigure = (period: string, key: string, value: number) => ({ cycle: period, scope: { type: 'unit', id: unitId }, key, value });
  expect((await hr.post('/api/metrics', { source: { system: 'general-ledger' }, records: [unitFigure('2026-Q1', 'salesMinor', 80_000_000), unitFigure('2026-Q2', 'salesMinor', 116_000_000)] })).status).toBe(201);
  expect((await complianceOfficer.post('/api/metrics', { source: { system: 'complaints-desk' }, records: [unitFigure('2026-Q1', 'complaintsCount', 4), unitFigure('2026-Q2', 'complaintsCount', 7)] })).body).toMatchObject({ warningsRaised: 1 });

  // The head's calibration board, in English: the unit's warning in its own section.
  const head = await signInAs(browser, stack.baseUrl, headUsername, 'en');
  await head.setViewportSize({ width: 1440, height: 900 });
  await head.goto(`${stack.baseUrl}/calibrations/${cycle}/${unitId}`);
  const unitSection = head.locator('section.unit-warnings');
  await expect(unitSection.innerText()).resolves.toMatch(/Trade Finance · the unit as a whole · 2026-Q2\s+open/);
  await expect(unitSection.innerText()).resolves.toContain('+45 %');
  await screenshot(head, '60-calibration-board-unit-warning-en');
  await head.setViewportSize({ width: 390, height: 844 });
  await head.reload(); // the curve's chart is drawn for the width the page loads at
  await pageFitsPhone(head, 'calibration board');
  await screenshot(head, '60-calibration-board-unit-warning-en-phone');

  // The unit's bonus round (as the bonus flow writes it) for three of its people.
  const allocated = (id: string, awardMinor: number) => ({ personId: id, standingRating: 'B', ratingStep: 'final', rating: 'B', roleCategory: 'general', packRole: 'general', fixedPayMinor: 1, complianceMultiplier: 1, complianceFired: [], capMinor: null, awardMinor, deferredMinor: 0, overridden: false });
  await BonusRoundModel.create({
    _id: bonusRoundId(cycle, unitId), cycle, unitId, caseId: `${cycle}:${unitId}:bonus-approval`, currency: 'CNY', status: 'in-approval', awardDate: '2027-03-31',
    deferralPack: { key: 'deferral-cn-bank', version: 1 }, policyVersions: {}, allocationRun: 1,
    pool: { poolMinor: 30_000_000, basePoolMinor: 30_000_000, coefficient: 1, metricIds: [], riskAdjustment: null, explanation: null },
    allocation: { people: [allocated(people[0]!.id, 10_000_000), allocated(liNa.id, 9_000_000), allocated(people[2]!.id, 8_000_000)], allocatedMinor: 27_000_000, complianceRetainedMinor: 0, capRetainedMinor: 0, unallocatedMinor: 3_000_000, overriddenMinor: 0, maxAwardMinor: 10_000_000, complianceActionFired: false, explanation: null },
    overrides: [], appliedRevisionIds: [], approvals: [], updatedAt: new Date(),
  });

  // HR's page of the round, in Chinese: Wang Fang confirmed, Li Na dismissed, the unit open, each with its figures; Zhang Wei not warned.
  const page = await signInAs(browser, stack.baseUrl, 'hr', 'zh-CN');
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${stack.baseUrl}/bonus-rounds/${cycle}/${unitId}`);
  const round = page.locator('section.round-warnings');
  const states = await round.locator('.warning-brief').evaluateAll((items) => items.map((i) => `${i.querySelector('h4')!.textContent!.replace(/\s+/g, ' ').trim()}`));
  expect(states.sort()).toEqual(['李娜 · 2026-Q2 已排除', '王芳 · 2026-Q2 已确认', '贸易金融部 · 机构整体 · 2026-Q2 待核查']);
  const text = await round.innerText();
  for (const words of ['+80 %', '+45 %', '高风险产品销售占比', 'A trade-finance client rebalanced', '已登记合规事件']) expect(text).toContain(words);
  expect(text).not.toContain('张伟');
  for (const raw of [...RAW, /\b(open|confirmed|dismissed|salesMinor|complaintsCount)\b/]) expect(text).not.toMatch(raw);
  // Beside the awards, the two warned people carry the state.
  await expect(page.locator('.context-awards a.warn-flag').allInnerTexts()).resolves.toEqual(['风险预警 · 已确认', '风险预警 · 已排除']);
  await round.scrollIntoViewIfNeeded();
  await screenshot(page, '61-bonus-round-warnings-zh');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await round.scrollIntoViewIfNeeded();
  await pageFitsPhone(page, 'bonus round');
  await screenshot(page, '61-bonus-round-warnings-zh-phone');
  // The link leads to the warnings themselves.
  await round.getByRole('link', { name: '查看风险预警' }).click();
  await page.waitForURL(/\/risk-warnings$/);
  await expect(page.locator('section.warning[data-scope="unit"]').filter({ hasText: '贸易金融部' }).locator('h2').innerText()).resolves.toContain('机构整体');

  // The risk officer confirms the unit's warning on a phone, in English: a note alone (no one to file a compliance event against).
  const officer = await signInAs(browser, stack.baseUrl, 'risk.officer', 'en');
  await officer.setViewportSize({ width: 390, height: 844 });
  await officer.goto(`${stack.baseUrl}/risk-warnings`);
  const unitCard = officer.locator('section.warning[data-scope="unit"]').filter({ hasText: 'Trade Finance' });
  await unitCard.getByLabel(/Confirm: the unit's figures call for action/).check();
  await expect(unitCard.locator('select[name=severity], input[name=cycle]').count()).resolves.toBe(0);
  await unitCard.getByLabel('What was found').fill('A branch campaign pushed a structured deposit; sales staff retrained');
  await unitCard.scrollIntoViewIfNeeded();
  await pageFitsPhone(officer, 'risk warnings');
  await screenshot(officer, '62-risk-warnings-unit-officer-en-phone');
  await Promise.all([officer.waitForLoadState('load'), unitCard.getByRole('button', { name: 'Record the decision' }).click()]);
  await officer.locator('section.warning[data-scope="unit"]').filter({ hasText: 'Trade Finance' }).locator('h2 .badge[data-status="confirmed"]').waitFor();
  expect((await RiskWarningModel.findOne({ scope: 'unit', unitId }).lean())!.outcome).toMatchObject({ decision: 'confirmed', note: 'A branch campaign pushed a structured deposit; sales staff retrained' });
  expect(pageErrors).toEqual([]);
}, 180_000);
