import type { ChildProcess } from 'node:child_process';
import type { Browser, Locator, Page } from 'playwright-core';
import { personGoalId } from '../../src/db/models/goal';
import { MetricModel } from '../../src/db/models/metric';
import { PersonModel } from '../../src/db/models/person';
import { seedUnitGoals } from '../../src/seed/unit-goals';
import { launchBrowser, pageErrors, screenshot, signInAs } from '../support/browser';
import { HttpUser } from '../support/http-user';
import { agreeGoals, checkIn } from '../support/review-driver';
import { startTestStack, startWorker, stopWorker, uniqueCycle, type TestStack } from '../support/stack';

/**
 * A manager browses the strategy map down to a person: the head of Corporate Banking opens the map
 * from the header, picks the cycle, sees the board's themes with their bars and the units behind
 * each, opens "retail transformation", its indicators fed by the imported figures, CB's deposits goal,
 * and under it each of their people's goals with the latest check-in; the "how is this computed"
 * detail names the goals and their weights, and of another unit's people only how many. Then an
 * employee follows their own goal up to its place on the map. In zh-CN and en, at 1440 and 390 px.
 */
let stack: TestStack;
let worker: ChildProcess;
let browser: Browser;
const cycle = uniqueCycle('e2e-map');
const names: Record<string, { en: string; 'zh-CN': string }> = {};
let ids: Record<string, string> = {};

const WORDS = {
  'zh-CN': { nav: '战略地图', show: '查看', theme: '零售转型', deposits: '对公存款增长', aum: '管理资产规模增长', how: '这个数是怎么算的？', hidden: '您无权查看的个人目标：1 个', kpi: '前台营业收入', up: '在战略地图上查看', unit: '公司银行部' },
  en: { nav: 'Strategy map', show: 'Show', theme: 'Retail transformation', deposits: 'Grow corporate deposits', aum: 'Grow assets under management', how: 'How is this computed?', hidden: 'Goals of people not shown to you: 1', kpi: 'Front-office revenue', up: 'See it on the strategy map', unit: 'Corporate Banking' },
} as const;
type Locale = keyof typeof WORDS;

beforeAll(async () => {
  stack = await startTestStack({ rateLimits: { writesPerUser: 1000 } });
  worker = startWorker('e2e-strategy-map');
  browser = await launchBrowser();
  const [hr, cbHead, wmHead, rm06, rm07, adviser] = await HttpUser.signInAll(stack.baseUrl, ['hr', 'cb.head', 'wm.head', 'cb.rm06', 'cb.rm07', 'wm.adviser05']);
  ids = { rm06: rm06.id, rm07: rm07.id, adviser: adviser.id };
  for (const [key, id] of Object.entries(ids)) names[key] = (await PersonModel.findById(id).lean())!.name;
  await seedUnitGoals(cycle);
  expect((await hr.post(`/api/cycles/${cycle}/reviews`, { employeeIds: [rm06.id, rm07.id, adviser.id] })).status).toBe(201);
  await Promise.all([agreeGoals(rm06, cbHead, `${cycle}:${rm06.id}`), agreeGoals(rm07, cbHead, `${cycle}:${rm07.id}`), agreeGoals(adviser, wmHead, `${cycle}:${adviser.id}`)]);
  await Promise.all([checkIn(rm06, `${cycle}:${rm06.id}`), checkIn(rm07, `${cycle}:${rm07.id}`), checkIn(adviser, `${cycle}:${adviser.id}`)]);
  const imported = await hr.post('/api/metrics', {
    source: { system: 'general-ledger', reference: `GL-${cycle}` },
    records: [
      { cycle, scope: { type: 'unit', id: 'CB' }, key: 'revenueMinor', value: 42_000_000_000 },
      { cycle, scope: { type: 'unit', id: 'WM' }, key: 'revenueMinor', value: 18_000_000_000 },
      { cycle, scope: { type: 'unit', id: 'WM' }, key: 'salesMinor', value: 15_000_000_000 },
    ],
  });
  expect(imported.status).toBe(201);
}, 240_000);

afterAll(async () => {
  await MetricModel.deleteMany({ cycle });
  await browser?.close();
  await stopWorker(worker);
  await stack?.close();
});

const text = async (locator: Locator) => (await locator.innerText()).trim();

/** Nothing is wider than the window (a phone must not scroll sideways). */
async function fits(page: Page, width: number): Promise<void> {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(width);
}

describe.each([['zh-CN', 1440], ['en', 1440], ['zh-CN', 390], ['en', 390]] as Array<[Locale, number]>)('%s at %i px', (locale, width) => {
  const words = WORDS[locale];
  const shot = (page: Page, step: string) => screenshot(page, `strategy-map-${locale}-${width}-${step}`);

  test('the head of CB browses the map down to each of their people', async () => {
    const page = await signInAs(browser, stack.baseUrl, 'cb.head', locale);
    await page.setViewportSize({ width, height: 900 });
    await Promise.all([page.waitForURL(/\/strategy/), page.click(`header nav a:has-text("${words.nav}")`)]);
    await page.selectOption('#sm-cycle', cycle);
    await Promise.all([page.waitForURL(/cycle=/), page.click(`form.sm-cycle button:has-text("${words.show}")`)]);

    // The management view: every theme with its bar and the units behind it.
    const retail = page.locator('li.sm-theme-row[data-theme="S1"]');
    expect(await text(retail.locator('h3'))).toBe(words.theme);
    // 50 % × indicators (sales 50 %, revenue 60 % → 55 %) + 50 % × unit goals (CB 50 %, WM 50 %) = 52.5 %.
    expect(await text(retail.locator('.sm-bar .sm-pct').first())).toBe('52.5%');
    expect(await text(retail.locator('table.sm-units'))).toContain(words.unit);
    await fits(page, width);
    await shot(page, '1-themes');

    await Promise.all([page.waitForURL(/theme=S1/), retail.locator('h3 a').click()]);
    expect(await text(page.locator('#theme-h'))).toBe(words.theme);
    const revenue = page.locator('tr[data-kpi="front-revenue"]');
    expect(await text(revenue)).toContain(words.kpi);
    expect(await text(revenue.locator('.sm-pct'))).toBe('60%');
    await fits(page, width);
    await shot(page, '2-theme');

    // Down to the people: CB's deposits goal, each person's goal with their check-in.
    const deposits = page.locator(`details.sm-goal[data-unit-goal="${cycle}:CB:G1"]`);
    await deposits.locator('summary').first().click();
    for (const person of ['rm06', 'rm07']) {
      const row = deposits.locator(`li.sm-person[data-person="${ids[person]}"]`);
      expect(await text(row)).toContain(names[person]![locale]);
      expect(await text(row.locator('.sm-pct'))).toBe('50%');
    }
    await deposits.locator('details.sm-how summary').first().click();
    expect(await text(deposits.locator('table.sm-parts'))).toContain(names.rm06![locale]);
    expect(await deposits.locator('table.sm-parts tbody tr').count()).toBe(2);
    await fits(page, width);
    await shot(page, '3-people');

    // Another unit's goal: its number, and its people only as a count.
    const aum = page.locator(`details.sm-goal[data-unit-goal="${cycle}:WM:G1"]`);
    await aum.locator('summary').first().click();
    expect(await aum.locator('li.sm-person').count()).toBe(0);
    await aum.locator('details.sm-how summary').first().click();
    expect(await text(aum.locator('table.sm-parts'))).toContain(words.hidden);
    expect(await text(page.locator('main'))).not.toContain(names.adviser![locale]);
    await fits(page, width);
    await shot(page, '4-other-unit');
    await page.context().close();
    expect(pageErrors).toEqual([]);
  });

  test('an employee follows their goal up to its place on the map', async () => {
    const page = await signInAs(browser, stack.baseUrl, 'cb.rm06', locale);
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${stack.baseUrl}/me?cycle=${cycle}`);
    await Promise.all([page.waitForURL(/\/strategy\?/), page.locator(`li.me-goal[data-goal-id="${personGoalId(cycle, ids.rm06!, 1)}"] a:has-text("${words.up}")`).click()]);
    expect(await text(page.locator('#theme-h'))).toBe(words.theme);
    const mine = page.locator('li.sm-person.here');
    expect(await mine.isVisible()).toBe(true);
    expect(await text(mine)).toContain(names.rm06![locale]);
    await fits(page, width);
    await shot(page, '5-from-my-goal');
    await page.context().close();
    expect(pageErrors).toEqual([]);
  });
});
