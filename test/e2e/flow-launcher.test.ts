import type { Browser, Page } from 'playwright-core';
import { CycleLaunchModel } from '../../src/db/models/cycle-launch';
import { PersonModel } from '../../src/db/models/person';
import { launchBrowser, pageErrors, screenshot, signInAs } from '../support/browser';
import { HttpUser } from '../support/http-user';
import { uniqueFlowKey } from '../support/small-flow';
import { startTestStack, uniqueCycle, type TestStack } from '../support/stack';

/**
 * The launch page's flow picker: HR picks a process owner's unit flow (deployed through the modeler
 * API a minute before, named in its diagram), dry-runs it for two units and launches it; then picks
 * the shipped calibration, whose dry run says why a unit cannot start yet; a launch whose server
 * stopped is resumed with one click. zh-CN and en, desktop and phone.
 */
let stack: TestStack;
let browser: Browser;
const flowKey = uniqueFlowKey('e2e-unit-flow');
const cycle = uniqueCycle('e2e-flows');

function unitFlow(key: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="${key}-definitions" targetNamespace="https://meritflow.example/test">
  <bpmn:process id="${key}" name="Unit risk culture review" isExecutable="true" camunda:historyTimeToLive="P30D" camunda:candidateStarterGroups="hr">
    <bpmn:extensionElements><camunda:properties><camunda:property name="subjectType" value="unit" /></camunda:properties></bpmn:extensionElements>
    <bpmn:startEvent id="started" name="Started"><bpmn:outgoing>toReview</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="unitReview" name="Unit review" camunda:formKey="formio:check-in" camunda:assignee="\${managerId}"><bpmn:incoming>toReview</bpmn:incoming><bpmn:outgoing>toFinished</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="finished" name="Finished"><bpmn:incoming>toFinished</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="toReview" sourceRef="started" targetRef="unitReview" />
    <bpmn:sequenceFlow id="toFinished" sourceRef="unitReview" targetRef="finished" />
  </bpmn:process>
</bpmn:definitions>
`;
}

beforeAll(async () => {
  stack = await startTestStack();
  browser = await launchBrowser();
  const owner = await HttpUser.signIn(stack.baseUrl, 'owner');
  const draft = await owner.post(`/api/processes/${flowKey}/drafts`, { xml: unitFlow(flowKey) });
  expect(draft.status).toBe(201);
  expect((await owner.post(`/api/processes/${flowKey}/deployments`, { version: draft.body.version })).status).toBe(201);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const optionTexts = (page: Page) => page.locator('#flow option').allTextContents();

test('HR picks an owner\'s unit flow, dry-runs and launches it; the calibration says why a unit cannot start', async () => {
  const page = await signInAs(browser, stack.baseUrl, 'hr.analyst', 'zh-CN');
  await page.goto(`${stack.baseUrl}/cycles/launch`);
  // Shipped flows by their Chinese names, the owner's by its diagram's name; no appeal, no clawback.
  const options = await optionTexts(page);
  expect(options).toEqual(expect.arrayContaining(['绩效考核', '绩效校准', '奖金审批', 'Unit risk culture review']));
  // (Other test files' flows that name HR may be listed too: the engine is shared.)
  expect(options).not.toContain('绩效申诉');
  expect(options).not.toContain('扣减与追索');
  await expect(page.locator('#flow').inputValue()).resolves.toBe('performance-review');
  await expect(page.locator('#scope-bank-choice').isVisible()).resolves.toBe(true);

  await page.locator('#flow').selectOption(flowKey);
  await expect(page.locator('#scope-bank-choice').isVisible()).resolves.toBe(false);
  await expect(page.locator('#scope-help-unit').isVisible()).resolves.toBe(true);
  await expect(page.locator('#process-version option').allTextContents()).resolves.toEqual(['v1 (最新)']);
  await page.getByLabel('考核周期', { exact: true }).fill(cycle);
  await page.locator('input[name=unitIds][value=CB]').check();
  await page.locator('input[name=unitIds][value=WM]').check();
  await page.getByRole('button', { name: '试运行' }).click();
  await page.locator('#dry-run-result').waitFor({ state: 'visible' });
  await expect(page.locator('#dry-cases').textContent()).resolves.toBe('2');
  await expect(page.locator('#dry-subject-heading').textContent()).resolves.toBe('机构');
  await expect(page.locator('#dry-manager-heading').textContent()).resolves.toBe('机构负责人');
  await expect(page.locator('#dry-approvers tbody tr').count()).resolves.toBe(2);
  // Each unit's head by name, not by id; no second unit column for a unit's own case.
  const headCell = await page.locator('#dry-approvers tbody tr').first().locator('td').nth(1).textContent();
  expect(headCell).toMatch(/^\S.*\S$/);
  expect(headCell).not.toMatch(/E\d{4}/); // a name, never an id (the test asserted "name (E0002)" before issue 15)
  await expect(page.locator('#dry-unit-heading').isVisible()).resolves.toBe(false);
  await screenshot(page, '49-launch-owner-unit-flow-dry-run-zh');

  await page.getByRole('button', { name: '正式发起' }).click();
  await page.waitForURL(/\/cycles\/launch\/[0-9a-f-]{36}$/);
  await page.waitForFunction(() => document.querySelector('[role=progressbar]')!.getAttribute('aria-valuenow') === '100', undefined, { timeout: 60_000 });
  await page.locator('#progress-status').waitFor({ state: 'visible' });
  await expect(page.locator('#progress-status').textContent()).resolves.toBe('发起完成：新发起 2，跳过 0，失败 0。');
  await expect(page.locator('#progress-cycle').textContent()).resolves.toBe(`${cycle} · Unit risk culture review v1`);
  // The bar's fill has finished moving before the picture.
  await page.waitForFunction(() => { const fill = document.getElementById('progress-fill')!; return fill.getBoundingClientRect().width >= fill.parentElement!.clientWidth - 1; });
  await screenshot(page, '50-launch-owner-unit-flow-finished-zh');

  // A launch of the same flow whose server stopped half-way (CB and WM started, OPS not): resumed with one click.
  const [definition] = await stack.engine.processDefinitions(flowKey, 1);
  const stoppedId = '00000000-0000-4000-8000-00000000e2e1';
  const long = new Date(Date.now() - 10 * 60_000);
  await CycleLaunchModel.create({
    _id: stoppedId, cycle, unitIds: ['CB', 'WM', 'OPS'], subjectIds: null, subjectType: 'unit', processKey: flowKey, processName: 'Unit risk culture review',
    processDefinitionId: definition!.id, processVersion: definition!.version, total: 3, started: 2, skipped: 0, failed: [], withoutApprover: [], notStarted: [],
    status: 'running', startedBy: (await PersonModel.findOne({ username: 'hr.analyst' }, { _id: 1 }).lean())!._id, startedAt: long, updatedAt: long,
  });
  await page.goto(`${stack.baseUrl}/cycles/launch/${stoppedId}`);
  await page.getByRole('button', { name: '继续发起' }).waitFor();
  await expect(page.locator('#progress-text').textContent()).resolves.toContain('已处理 2 / 3');
  await screenshot(page, '50b-launch-interrupted-zh');
  await page.getByRole('button', { name: '继续发起' }).click();
  await page.waitForURL((url) => /\/cycles\/launch\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(stoppedId));
  await page.locator('#progress-status').waitFor({ state: 'visible' });
  await expect(page.locator('#progress-status').textContent()).resolves.toBe('发起完成：新发起 1，跳过 2，失败 0。');
  await expect(page.locator('#progress-resumes').isVisible()).resolves.toBe(true);
  await expect(page.getByRole('button', { name: '继续发起' }).isVisible()).resolves.toBe(false);
  await page.waitForFunction(() => { const fill = document.getElementById('progress-fill')!; return fill.getBoundingClientRect().width >= fill.parentElement!.clientWidth - 1; });
  await screenshot(page, '50c-launch-resumed-zh');
  await CycleLaunchModel.deleteOne({ _id: stoppedId });

  // The same page on a phone: the picker, the scope and the recent launches with their flow.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${stack.baseUrl}/cycles/launch`);
  await page.locator('#flow').selectOption(flowKey);
  await expect(page.locator('table.tasks').last().locator('tbody tr').first().locator('td').first().textContent()).resolves.toBe('Unit risk culture review v1');
  await screenshot(page, '51-launch-flow-picker-zh-phone');

  // In English, the calibration: a unit without finished reviews is named with the reason.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${stack.baseUrl}/cycles/launch?lang=en`);
  expect(await optionTexts(page)).toEqual(expect.arrayContaining(['Performance review', 'Calibration', 'Bonus approval', 'Unit risk culture review']));
  await page.locator('#flow').selectOption('calibration');
  await page.getByLabel('Cycle', { exact: true }).fill(`${cycle}-cal`);
  await page.locator('input[name=unitIds][value=CB]').check();
  await page.getByRole('button', { name: 'Dry run' }).click();
  await page.locator('#dry-run-result').waitFor({ state: 'visible' });
  await expect(page.locator('#dry-cases').textContent()).resolves.toBe('0');
  await expect(page.locator('#dry-without').textContent()).resolves.toBe('1');
  await expect(page.locator('#dry-without-names li').textContent()).resolves.toMatch(/^Corporate Banking: nobody in the unit has a finished review in this cycle$/); // by name, no unit code (issue 15)
  await screenshot(page, '52-launch-calibration-not-ready-en');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, '53-launch-calibration-not-ready-en-phone');
  expect(pageErrors).toEqual([]);
}, 180_000);
