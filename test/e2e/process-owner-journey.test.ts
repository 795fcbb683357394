import type { ChildProcess } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { eventually, startTestStack, startWorker, stopWorker, uniqueCycle, type TestStack } from '../support/stack';
import { HttpUser } from '../support/http-user';
import { openTask, submit } from '../support/review-driver';
import { bonusUnit, removeCreated, reviewToStandingRating, type BonusUnit, type Created } from '../support/bonus-driver';
import { launchBrowser, pageErrors, screenshot, signInAs } from '../support/browser';

/**
 * The process owner's journey on the bonus approval (issue 4): in the modeler, an HR final sign-off
 * goes onto the "all approved" flow between the approval chain and the award letters (a user task
 * offered to the hr group, its form picked from the list: the bonus approval form); save, read the
 * diff, deploy. In the form builder a field is added to that form and saved as a new version. Then a
 * NEW bonus round for a unit whose review was driven to a standing rating (support/bonus-driver.ts)
 * runs through both: the line head's approval shows the new field, HR claims the new step from the
 * inbox, fills the new field on the task page, and the round goes on to letters and payout. No code
 * changed. At the end the shipped flow and form are put back on top (roll back, and the shipped schema
 * saved again) for the test files that run after this one.
 */
let stack: TestStack;
let worker: ChildProcess;
let browser: Browser;
let owner: HttpUser;
let hr: HttpUser;
const FLOW = 'bonus-approval';
const FORM = 'bonus-approval';
const STEP_NAME = 'HR final sign-off';
const STEP_ID = 'hrFinalSignOff';
const AWARD_DATE = '2027-03-31';
let shippedFlowVersion = 0;
let shippedFormSchema: Record<string, unknown> | null = null;
const cycle = uniqueCycle('owner-e2e');
const created: Created = { people: [], units: [] };
let unit: BonusUnit;
/** The unit's review runs to a standing rating while the owner works in the browser. */
let unitReady: Promise<void>;

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('e2e-owner');
  browser = await launchBrowser();
  owner = await HttpUser.signIn(stack.baseUrl, 'owner');
  hr = await HttpUser.signIn(stack.baseUrl, 'hr');
  shippedFlowVersion = (await owner.get(`/api/processes/${FLOW}/versions`)).body.runningVersion;
  const forms = (await owner.get('/api/forms')).body.forms as Array<{ key: string; latestVersion: number }>;
  const latest = forms.find((f) => f.key === FORM)!.latestVersion;
  shippedFormSchema = (await owner.get(`/api/forms/${FORM}/versions/${latest}`)).body.schema;
  // ¥200,000 pool for one person rated B: below every threshold but the line head's.
  unit = await bonusUnit(stack.baseUrl, cycle, 'owner-e2e', 20_000_000, [{ rating: 4, comp: { currency: 'CNY', fixedPayMinor: 50_000_000, roleCategory: 'otherStaff' } }], created);
  const launched = await hr.post(`/api/cycles/${cycle}/reviews`, { employeeIds: unit.members.map((m) => m.id) });
  expect(launched.status).toBe(201);
  unitReady = reviewToStandingRating(stack.baseUrl, cycle, unit, unit.members[0]!);
  unitReady.catch(() => undefined); // awaited in the test; not an unhandled rejection meanwhile
}, 180_000);

afterAll(async () => {
  // Put the shipped flow and form back on top, through the same routes an owner would use.
  if (owner && shippedFlowVersion) {
    const running = (await owner.get(`/api/processes/${FLOW}/versions`)).body.runningVersion;
    if (running !== shippedFlowVersion) await owner.post(`/api/processes/${FLOW}/deployments`, { version: shippedFlowVersion });
  }
  if (owner && shippedFormSchema) await owner.post(`/api/forms/${FORM}/versions`, { schema: shippedFormSchema });
  await browser?.close();
  await stopWorker(worker);
  await removeCreated(created);
  await stack?.close();
});

async function openModeler(page: Page, lang: 'en' | 'zh-CN'): Promise<void> {
  await page.goto(`${stack.baseUrl}/modeler/${FLOW}?lang=${lang}`);
  await page.waitForSelector('body[data-modeler-ready="true"]');
  await page.waitForSelector('[data-element-id="bonusApproval"]');
}

test('a process owner adds an approval step to the bonus approval and a field to its form, and the next new round runs through them', async () => {
  // The list of flows and forms, and the modeler, in Chinese.
  const zh = await signInAs(browser, stack.baseUrl, 'owner', 'zh-CN');
  await zh.click('a[href="/modeler"]');
  await zh.waitForSelector(`tr[data-process="${FLOW}"]`);
  expect(await zh.locator(`tr[data-process="${FLOW}"]`).textContent()).toContain('奖金');
  await screenshot(zh, 'owner-00-flows-and-forms-zh');
  await openModeler(zh, 'zh-CN');
  // The palette in Chinese (the translate module).
  expect(await zh.locator('.djs-palette [aria-label="创建任务"]').count()).toBe(1);
  await zh.locator('[data-element-id="bonusApproval"]').click();
  await zh.waitForSelector('#step-selected:not([hidden])');
  expect(await zh.locator('#step-form').inputValue()).toBe(FORM);
  expect(await zh.locator('.bio-properties-panel-header-type').first().textContent()).toContain('用户任务');
  await screenshot(zh, 'owner-01-modeler-zh');

  // The same in English; the owner works on.
  const page = await signInAs(browser, stack.baseUrl, 'owner', 'en');
  await openModeler(page, 'en');
  const runningBefore = Number((await page.locator('#running-version').textContent())!.replace('v', ''));
  const insert = page.getByRole('button', { name: 'Insert an approval step after the selected step, or on the selected flow' });
  // The gateway has three ways out: which one the step would go on is ambiguous, so the button is off.
  await page.locator('[data-element-id="approvalRouteGateway"]').click();
  await page.waitForSelector('#step-selected:not([hidden])');
  expect(await insert.isDisabled()).toBe(true);
  // The "all approved" flow, between the chain and the letters.
  // A click on empty canvas clears the selection (and the gateway's context pad, which sits over the arrow).
  await page.locator('#canvas').click({ position: { x: 650, y: 60 } }); // top right: clear of the diagram, the palette and the lint badge
  await page.waitForSelector('#step-none:not([hidden])');
  // A straight arrow has no height, which playwright counts as invisible: click on its line, as a person does.
  const line = await page.locator('[data-element-id="toLetters"] .djs-hit').evaluate((e) => { const r = e.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; });
  await page.mouse.click(line.x, line.y);
  await page.waitForFunction(() => document.getElementById('step-id')?.textContent === 'toLetters');
  await insert.click();
  expect(await page.locator('#step-id').textContent()).toMatch(/^Activity_/);
  const stepPanel = page.locator('.step-panel');
  await stepPanel.getByLabel('Name', { exact: true }).fill(STEP_NAME);
  await stepPanel.getByLabel('Name', { exact: true }).press('Tab');
  // The new step takes a readable id from its name.
  await page.waitForFunction((id) => document.getElementById('step-id')?.textContent === id, STEP_ID);
  // The form picker lists the forms in the store; the group picker the roles.
  const formOptions = await page.locator('#step-form option').allTextContents();
  expect(formOptions.some((o) => o.includes(`(${FORM}, v`))).toBe(true);
  await stepPanel.getByLabel('Form', { exact: true }).selectOption(FORM);
  await stepPanel.getByLabel('Offered to (candidate group)').selectOption('hr');
  await screenshot(page, 'owner-02-modeler-new-step-en');
  await page.fill('#version-note', 'HR signs off after the approval chain, before the letters');
  await page.getByRole('button', { name: 'Save as new version' }).click();
  await page.waitForSelector('#modeler-status.success');
  const savedText = (await page.locator('#modeler-status').textContent())!;
  const savedVersion = Number(/Saved as v(\d+)/.exec(savedText)?.[1]);
  expect(savedVersion).toBeGreaterThan(runningBefore);

  // What changed against the running version: the new step (with its form and group), and the "all approved" flow now ends there.
  const added = page.locator(`#diff-body tr.diff-added:has(td:text-is("${STEP_ID}"))`);
  expect(await added.textContent()).toContain(STEP_NAME);
  expect(await added.textContent()).toContain(`formio:${FORM}`);
  expect(await added.textContent()).toContain('candidateGroups: hr');
  expect(await page.locator('#diff-body tr.diff-changed:has(td:text-is("toLetters"))').textContent()).toContain(STEP_ID);
  await page.locator('#diff').scrollIntoViewIfNeeded();
  await screenshot(page, 'owner-03-modeler-diff-en');

  await page.getByRole('button', { name: 'Deploy the shown version' }).click();
  await page.waitForFunction(() => /Deployed v\d+/.test(document.getElementById('modeler-status')?.textContent ?? ''));
  expect(await page.locator('#running-version').textContent()).toBe(`v${savedVersion}`);
  expect(await page.locator('#deployments-body tr').first().textContent()).toContain(`v${savedVersion}`);
  await screenshot(page, 'owner-04-modeler-deployed-en');

  // The step's form in the builder: a field added, saved as a new version.
  // A second click on the selected step keeps it selected (diagram-js alone would deselect it).
  await page.locator(`[data-element-id="${STEP_ID}"]`).click();
  await page.waitForFunction((id) => document.getElementById('step-id')?.textContent === id, STEP_ID);
  expect(await page.locator('#step-selected').isVisible()).toBe(true);
  await Promise.all([
    page.waitForURL(new RegExp(`/forms-builder/${FORM}`), { waitUntil: 'domcontentloaded' }),
    page.getByRole('link', { name: 'Open this form in the builder' }).click(),
  ]);
  await page.waitForSelector('body[data-builder-ready="true"]');
  const versionBefore = Number((await page.locator('#shown-version').textContent())!.replace('v', ''));
  const quickAdd = page.locator('#quick-add');
  await quickAdd.getByLabel('Label', { exact: true }).fill('Risk remarks');
  await quickAdd.getByLabel('Label in Chinese (optional)').fill('风险意见');
  await quickAdd.getByLabel('Type', { exact: true }).selectOption('textarea');
  await page.getByRole('button', { name: 'Add field' }).click();
  await page.waitForSelector('#builder-status.success');
  await page.waitForSelector('.builder-component:has-text("Risk remarks")');
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.waitForSelector('#preview textarea[name="data[riskRemarks]"]');
  await screenshot(page, 'owner-05-form-builder-en');
  await page.getByRole('button', { name: 'Save as new version' }).click();
  await page.waitForFunction(() => /Saved as v\d+/.test(document.getElementById('builder-status')?.textContent ?? ''));
  const formVersion = versionBefore + 1;
  expect(await page.locator('#shown-version').textContent()).toBe(`v${formVersion}`);
  // Who saved it, by name.
  expect(await page.locator('#versions-body tr').first().textContent()).toContain('Tao Huang');

  // The same builder in Chinese.
  await zh.goto(`${stack.baseUrl}/forms-builder/${FORM}?lang=zh-CN`);
  await zh.waitForSelector('body[data-builder-ready="true"]');
  expect(await zh.locator('#shown-version').textContent()).toBe(`v${formVersion}`);
  // The canvas shows the form as a Chinese reader sees it, the new field with the label the owner gave in Chinese.
  await zh.waitForSelector('.builder-component:has-text("风险意见")');
  expect(await zh.locator('.builder-component', { hasText: '审批意见' }).count()).toBeGreaterThan(0);
  await screenshot(zh, 'owner-05b-form-builder-zh');

  // A NEW bonus round, once the unit's review has its standing rating. It pins the new form version.
  await unitReady;
  const launched = await hr.post(`/api/cycles/${cycle}/bonus-rounds`, { unitIds: [unit.id], awardDate: AWARD_DATE });
  expect(launched.status).toBe(201);
  expect(launched.body.launched).toEqual([unit.id]);
  const caseId = `${cycle}:${unit.id}:bonus-approval`;

  // The line head approves (the whole chain for a pool this size); the approval form already has the new field.
  const approval = await openTask(unit.head, caseId, 'bonusApproval');
  expect(approval.view.form).toEqual(expect.objectContaining({ key: FORM, version: formVersion }));
  expect(JSON.stringify(approval.view.form.schema)).toContain('riskRemarks');
  await submit(unit.head, approval.id, { decision: 'approve' });

  // The new step is offered to HR: it appears in HR's inbox as offered, with its name from the modeler.
  const signOff = await openTask(hr, caseId, STEP_ID);
  expect(signOff.view.form).toEqual(expect.objectContaining({ key: FORM, version: formVersion }));
  const hrPage = await signInAs(browser, stack.baseUrl, 'hr', 'en');
  const row = hrPage.locator('tr', { hasText: cycle });
  await eventually('the HR sign-off row', async () => { await hrPage.reload(); return (await row.count()) === 1; });
  expect(await row.textContent()).toContain(STEP_NAME);
  expect(await row.textContent()).toContain('offered to your group');
  // The task page has no claim button on this branch (the inbox screens are another helper's): HR claims over the API.
  expect((await hr.post(`/api/tasks/${signOff.id}/claim`, {})).status).toBe(200);
  // HR's task page in Chinese first, for a look: the form's own zh-CN strings, and the step's name as the owner typed it.
  const hrZh = await signInAs(browser, stack.baseUrl, 'hr', 'zh-CN');
  await hrZh.goto(`${stack.baseUrl}/tasks/${signOff.id}?lang=zh-CN`);
  await hrZh.waitForSelector('textarea[name="data[riskRemarks]"]');
  expect(await hrZh.locator('label', { hasText: '审批意见' }).count()).toBe(1);
  expect(await hrZh.locator('label', { hasText: '风险意见' }).count()).toBe(1);
  await screenshot(hrZh, 'owner-06b-new-step-task-zh');
  await row.getByRole('link').click();
  await hrPage.waitForSelector('textarea[name="data[riskRemarks]"]');
  expect(await hrPage.locator('h1').textContent()).toContain(STEP_NAME);
  // The round HR signs off is shown in the form (its context component): the line head's approval,
  // by the step's name rather than its id.
  const round = hrPage.locator('.context-bonus').first();
  expect(await round.locator('.context-chain li').first().textContent()).toContain('Line head');
  expect(await hrPage.locator('label', { hasText: 'Risk remarks' }).count()).toBe(1);
  // The new field sits above the Submit button, not under it.
  const fieldTop = (await hrPage.locator('textarea[name="data[riskRemarks]"]').boundingBox())!.y;
  expect(fieldTop).toBeLessThan((await hrPage.getByRole('button', { name: 'Submit' }).boundingBox())!.y);
  await hrPage.getByLabel('Approve', { exact: true }).check();
  await hrPage.locator('textarea[name="data[riskRemarks]"]').fill('Within the risk appetite for the unit');
  await screenshot(hrPage, 'owner-06-new-step-task-en');
  await Promise.all([hrPage.waitForURL(/\/inbox\?submitted=1/), hrPage.getByRole('button', { name: 'Submit' }).click()]);

  // The round goes on past the new step: letters and payout schedule.
  await eventually('round scheduled', async () => (await hr.get(`/api/bonus-rounds/${cycle}/${unit.id}`)).body.round?.status === 'scheduled', 90_000);
  const member = unit.members[0]!;
  const employee = await HttpUser.signIn(stack.baseUrl, member.username);
  const award = await employee.get(`/api/awards/${cycle}/${member.id}`);
  expect(award.status).toBe(200);
  expect(award.body.award.amountMinor).toBe(20_000_000);
  // The auditor finds HR's sign-off stored against the new form version (the log keeps a digest of what was written).
  const auditor = await HttpUser.signIn(stack.baseUrl, 'auditor');
  const stored = await auditor.get(`/api/audit?action=submission.stored&subjectId=${signOff.id}`);
  expect(stored.status).toBe(200);
  expect(stored.body.entries).toEqual([expect.objectContaining({ actor: hr.id, details: expect.objectContaining({ caseId, formKey: FORM, formVersion }) })]);
  expect(pageErrors).toEqual([]);
}, 600_000);
