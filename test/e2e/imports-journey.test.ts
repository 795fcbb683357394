import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { MetricModel, metricId } from '../../src/db/models/metric';
import { launchBrowser, pageErrors, screenshot, signInAs } from '../support/browser';
import { startTestStack, uniqueCycle, type TestStack } from '../support/stack';

/**
 * The risk officer sends the risk engine's figures as an Excel workbook: a wrong cell is refused
 * with its row and column and nothing written, the corrected file goes in, a large file shows its
 * progress, and the cycle's metrics come out as a workbook that, corrected in Excel, the page takes
 * back as one change. In Chinese at desktop width, and in English on a phone.
 */
let stack: TestStack;
let browser: Browser;
const cycle = uniqueCycle('e2e-xlsx');
const files = mkdtempSync(join(tmpdir(), 'meritflow-imports-'));
const HEADER = ['cycle', 'scopeType', 'scopeId', 'key', 'value'];

beforeAll(async () => {
  stack = await startTestStack({ rateLimits: { writesPerUser: 1000 } });
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function workbookFile(name: string, rows: unknown[][]): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('risk');
  for (const row of rows) sheet.addRow(row);
  const path = join(files, name);
  writeFileSync(path, Buffer.from(await book.xlsx.writeBuffer()));
  return path;
}

async function send(page: Page, path: string): Promise<void> {
  await page.locator('#file').setInputFiles(path);
  await page.getByRole('button', { name: '校验并导入' }).click();
}

test('the risk officer imports a workbook, corrects a refused cell, and takes the cycle back out and in again', async () => {
  const page = await signInAs(browser, stack.baseUrl, 'risk.officer', 'zh-CN');
  await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '数据导入' }).click();
  await page.waitForURL(/\/imports$/);
  await expect(page.locator('#kind option').allTextContents()).resolves.toEqual(['业务、风险和合规指标', '合规事件']); // not pay: that is HR's
  await expect(page.locator('#kind-columns').textContent()).resolves.toBe(HEADER.join(','));
  await page.getByLabel('来源系统').fill('risk-engine');

  const rows = [HEADER, [cycle, 'unit', 'CB', 'expectedLossMinor', 3_000_000], [cycle, 'unit', 'WM', 'economicCapitalMinor', -5]];
  await send(page, await workbookFile('el-wrong.xlsx', rows));
  const problems = page.locator('#import-problems tbody tr');
  await problems.first().waitFor();
  await expect(page.locator('#import-result').textContent()).resolves.toBe('未写入任何数据。请修改以下单元格后重新上传：');
  await expect(problems.locator('td').allTextContents()).resolves.toEqual(['第 3 行 E 列（value）', 'value 不得小于 0']);
  await expect(page.locator('#file-name').textContent()).resolves.toBe('el-wrong.xlsx');
  expect(await MetricModel.countDocuments({ cycle })).toBe(0);
  await screenshot(page, '90-imports-refused-zh');

  rows[2]![4] = 90_000_000;
  await send(page, await workbookFile('el.xlsx', rows));
  await page.locator('#import-result.success').waitFor();
  await expect(page.locator('#import-result').textContent()).resolves.toBe('已导入 2 行：新增 2，更新 0，未变 0。');
  await expect(page.locator('#import-problems').isHidden()).resolves.toBe(true);
  await screenshot(page, '91-imports-done-zh');
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(page, '91-imports-done-zh-phone');
  await page.setViewportSize({ width: 1280, height: 900 });

  // A long history: the bar shows the upload, then that the server is checking.
  const history: unknown[][] = [HEADER];
  for (let i = 0; history.length <= 5000; i++) history.push([`${cycle}-h${i}`, 'unit', i % 2 ? 'CB' : 'WM', 'loansTotalMinor', i * 1000]);
  await send(page, await workbookFile('history.xlsx', history));
  await page.locator('#import-progress').waitFor({ state: 'visible' });
  await screenshot(page, '92-imports-progress-zh');
  await page.locator('#import-result.success').waitFor({ timeout: 120_000 });
  await expect(page.locator('#import-result').textContent()).resolves.toBe('已导入 5000 行：新增 5000，更新 0，未变 0。');
  await expect(page.locator('#import-progress').isHidden()).resolves.toBe(true);

  // Out as a workbook, corrected in Excel, back in: one figure changes, and both rows now name this
  // file as their source (a record names the import that last set it).
  await page.getByLabel('考核周期').fill(cycle);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 Excel 文件' }).click()]);
  expect(download.suggestedFilename()).toBe(`metrics-${cycle}.xlsx`);
  const exported = join(files, 'exported.xlsx');
  await download.saveAs(exported);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(exported);
  const sheet = book.worksheets[0]!;
  expect(sheet.getRow(1).values).toEqual([undefined, ...HEADER]);
  const wmRow = [2, 3].find((r) => sheet.getCell(`C${r}`).value === 'WM')!;
  expect(sheet.getCell(`E${wmRow}`).value).toBe(90_000_000);
  sheet.getCell(`E${wmRow}`).value = 95_000_000;
  await book.xlsx.writeFile(exported);
  await send(page, exported);
  await page.waitForFunction(() => document.querySelector('#import-result')?.textContent?.includes('更新 2'));
  await expect(page.locator('#import-result').textContent()).resolves.toBe('已导入 2 行：新增 0，更新 2，未变 0。');
  expect((await MetricModel.findById(metricId(cycle, { type: 'unit', id: 'WM' }, 'economicCapitalMinor')).lean())!.value).toBe(95_000_000);

  // On a phone, in English: nothing wider than the screen, the refused cells readable.
  const small = await signInAs(browser, stack.baseUrl, 'risk.officer', 'en');
  await small.setViewportSize({ width: 390, height: 844 });
  await small.goto(`${stack.baseUrl}/imports`);
  await small.getByLabel('Sending system').fill('risk-engine');
  await small.locator('#file').setInputFiles(await workbookFile('phone.xlsx', [HEADER, [cycle, 'team', 'CB', 'expectedLossMinor', 'abc']]));
  await small.getByRole('button', { name: 'Check and import' }).click();
  await small.locator('#import-problems tbody tr').first().waitFor();
  await expect(small.locator('#import-result').textContent()).resolves.toBe('Nothing was written. Correct these cells and send the file again:');
  await expect(small.locator('#import-problems tbody td').allTextContents()).resolves.toEqual([
    'row 2, column B (scopeType)', 'scopeType must be one of unit, person', 'row 2, column E (value)', 'value must be a number (minor currency units)',
  ]);
  expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(small, '93-imports-refused-phone-en');
  await small.context().close();
  expect(pageErrors).toEqual([]);
}, 300_000);
