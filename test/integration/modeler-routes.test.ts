import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditEntryModel } from '../../src/db/models/audit-entry';
import { FormVersionModel } from '../../src/db/models/form-version';
import { deployForms, deployProcesses } from '../../src/deploy/deploy-all';
import { formVariables } from '../../src/domain/form-variables';
import { lintProcess } from '../../src/server/modeler/process-lint';
import { HttpUser } from '../support/http-user';
import { smallFlow, uniqueFlowKey } from '../support/small-flow';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * The modeler's and the builder's routes over HTTP against the real engine and store, on a flow and
 * a form of this file's own: versions, the server's lint refusing with element-level reasons, the
 * diff, deploy, roll back, a running case keeping its definition, and restarts that leave an owner's
 * flow and form alone.
 */
let stack: TestStack;
let owner: HttpUser;
const key = uniqueFlowKey('mt-flow');
const formKey = uniqueFlowKey('mt-form');
const v1 = smallFlow(key, [{ id: 'firstStep', name: 'First step', formKey: 'check-in', candidateGroups: 'hr' }]);
const v2 = smallFlow(key, [
  { id: 'firstStep', name: 'First step', formKey: 'check-in', candidateGroups: 'hr' },
  { id: 'hrSignOff', name: 'HR sign-off', formKey: 'goal-approval', candidateGroups: 'hr' },
]);

async function auditActions(subjectId: string): Promise<string[]> {
  return (await AuditEntryModel.find({ 'subject.id': subjectId }, { action: 1 }).lean()).map((e) => e.action);
}

beforeAll(async () => {
  stack = await startTestStack();
  owner = await HttpUser.signIn(stack.baseUrl, 'owner');
});

afterAll(async () => {
  await stack?.close();
});

test('the shipped flows pass the server lint, with only warnings', async () => {
  // The shipped forms with the process variables each sets, as the modeler's lint reads them from the store.
  const formsDir = join(__dirname, '..', '..', 'forms');
  const forms = new Map(readdirSync(formsDir).filter((f) => f.endsWith('.json'))
    .map((f) => [f.replace(/\.json$/, ''), formVariables(JSON.parse(readFileSync(join(formsDir, f), 'utf8')) as { components?: unknown }).map((v) => v.name)] as const));
  for (const file of readdirSync(join(__dirname, '..', '..', 'processes')).filter((f) => f.endsWith('.bpmn'))) {
    const report = await lintProcess(file.replace(/\.bpmn$/, ''), readFileSync(join(__dirname, '..', '..', 'processes', file), 'utf8'), forms);
    expect({ file, errors: report.errors }).toEqual({ file, errors: [] });
  }
});

test('the shipped flows are listed with their running version', async () => {
  const list = await owner.get('/api/processes');
  expect(list.status).toBe(200);
  const review = list.body.processes.find((p: { key: string }) => p.key === 'performance-review');
  expect(review).toEqual(expect.objectContaining({ latestVersion: expect.any(Number), runningVersion: expect.any(Number) }));
  const xml = await owner.get(`/api/processes/performance-review/versions/${review.runningVersion}/xml`);
  expect(xml.body.xml).toContain('id="managerAssessment"');
});

test('a draft with errors is refused with the element and the reason, and nothing is stored', async () => {
  const broken = smallFlow(key, [{ id: 'noForm', name: 'No form' }, { id: 'unknownForm', name: 'Unknown form', formKey: 'no-such-form', candidateGroups: 'hr' }],
    '<bpmn:serviceTask id="loose" name="Loose" camunda:type="external" camunda:topic="no.such-topic" />');
  const refused = await owner.post(`/api/processes/${key}/drafts`, { xml: broken });
  expect(refused.status).toBe(400);
  const problems = refused.body.problems as Array<{ field: string; code: string; message: string }>;
  expect(problems).toEqual(expect.arrayContaining([
    expect.objectContaining({ field: 'xml#noForm', code: 'form-key' }),
    expect.objectContaining({ field: 'xml#noForm', code: 'no-assignee' }),
    expect.objectContaining({ field: 'xml#unknownForm', code: 'form-unknown' }),
    expect.objectContaining({ field: 'xml#loose', code: 'topic-unknown' }),
    expect.objectContaining({ field: 'xml#loose', code: 'lint.no-disconnected' }),
  ]));
  expect((await owner.post(`/api/processes/${key}/drafts`, { xml: 'not xml at all' })).body.problems).toEqual([expect.objectContaining({ code: 'not-bpmn' })]);
  expect((await owner.post(`/api/processes/other-${key}/drafts`, { xml: v1 })).body.problems).toEqual([expect.objectContaining({ code: 'process-id' })]);
  expect((await owner.get(`/api/processes/${key}/versions`)).status).toBe(404);
});

test('save, diff, deploy, a running case keeps its version, roll back, and every step is audited', async () => {
  const first = await owner.post(`/api/processes/${key}/drafts`, { xml: v1, note: 'first cut' });
  expect(first.status).toBe(201);
  expect(first.body).toEqual(expect.objectContaining({ version: 1, created: true, against: null }));
  expect(first.body.diff.added.map((e: { id: string }) => e.id)).toEqual(expect.arrayContaining(['started', 'firstStep', 'finished']));
  // The same text again is no new version.
  expect((await owner.post(`/api/processes/${key}/drafts`, { xml: v1 })).body).toEqual(expect.objectContaining({ version: 1, created: false }));

  const deployed = await owner.post(`/api/processes/${key}/deployments`, { version: 1 });
  expect(deployed.status).toBe(201);
  expect(deployed.body).toEqual(expect.objectContaining({ version: 1, kind: 'deploy', engineVersion: 1 }));
  expect((await owner.post(`/api/processes/${key}/deployments`, { version: 1 })).status).toBe(409);

  // A case starts on version 1 and waits at its first step.
  const running = await stack.engine.startProcess(key, `${key}:case-1`, {});

  const second = await owner.post(`/api/processes/${key}/drafts`, { xml: v2, note: 'HR signs off' });
  expect(second.body).toEqual(expect.objectContaining({ version: 2, created: true, against: 1 }));
  expect(second.body.diff.added).toEqual([
    expect.objectContaining({ id: 'hrSignOff', name: 'HR sign-off', type: 'UserTask', properties: expect.objectContaining({ formKey: 'formio:goal-approval', candidateGroups: 'hr' }) }),
    expect.objectContaining({ id: 'to_hrSignOff', type: 'SequenceFlow' }),
  ]);
  expect(second.body.diff.changed).toEqual([expect.objectContaining({ id: 'to_finished', fields: [{ field: 'sourceRef', before: 'firstStep', after: 'hrSignOff' }] })]);
  const diff = await owner.get(`/api/processes/${key}/versions/2/diff`);
  expect(diff.body.diff).toEqual(second.body.diff);

  expect((await owner.post(`/api/processes/${key}/deployments`, { version: 2 })).body).toEqual(expect.objectContaining({ version: 2, kind: 'deploy', engineVersion: 2 }));
  const newCase = await stack.engine.startProcess(key, `${key}:case-2`, {});
  const history = await owner.get(`/api/processes/${key}/versions`);
  expect(history.body.runningVersion).toBe(2);
  expect(history.body.versions.map((v: { version: number; origin: string; createdBy: string; note: string }) => [v.version, v.origin, v.createdBy, v.note]))
    .toEqual([[2, 'owner', owner.id, 'HR signs off'], [1, 'owner', owner.id, 'first cut']]);
  // Each case stays on the definition it started with; the table says how many run on each.
  expect(history.body.deployments.map((d: { engineVersion: number; version: number; runningCases: number }) => [d.engineVersion, d.version, d.runningCases])).toEqual([[2, 2, 1], [1, 1, 1]]);
  expect((await stack.engine.processInstance(running.id)).definitionId).toBe(history.body.deployments[1].definitionId);
  expect(newCase.definitionId).toBe(history.body.deployments[0].definitionId);

  // Roll back: version 1 again as the newest definition; the case on version 2 keeps it.
  const rollback = await owner.post(`/api/processes/${key}/deployments`, { version: 1 });
  expect(rollback.body).toEqual(expect.objectContaining({ version: 1, kind: 'rollback', engineVersion: 3 }));
  const after = await owner.get(`/api/processes/${key}/versions`);
  expect(after.body.runningVersion).toBe(1);
  expect(after.body.deployments.map((d: { engineVersion: number; version: number; kind: string; runningCases: number }) => [d.engineVersion, d.version, d.kind, d.runningCases]))
    .toEqual([[3, 1, 'rollback', 0], [2, 2, 'deploy', 1], [1, 1, 'deploy', 1]]);
  expect((await stack.engine.processInstance(newCase.id)).definitionId).toBe(after.body.deployments[1].definitionId);

  expect(await auditActions(`${key}@1`)).toEqual(['process.version-saved', 'process.deployed', 'process.rolled-back']);
  expect(await auditActions(`${key}@2`)).toEqual(['process.version-saved', 'process.deployed']);
});

test('a restart does not put a shipped file over a flow an owner deployed', async () => {
  // The shipped file of this flow says version 2's text; the owner rolled back to version 1.
  const dir = mkdtempSync(join(tmpdir(), 'modeler-shipped-'));
  writeFileSync(join(dir, `${key}.bpmn`), v2.replace('HR sign-off', 'HR sign-off (shipped)'));
  expect(await deployProcesses(stack.engine, dir, 'test')).toEqual([]);
  const history = await owner.get(`/api/processes/${key}/versions`);
  expect(history.body.runningVersion).toBe(1);
  expect(history.body.deployments).toHaveLength(3);
  // The shipped text waits in the store as a version the owner can open, compare and deploy.
  expect(history.body.versions[0]).toEqual(expect.objectContaining({ version: 3, origin: 'shipped', createdBy: 'test' }));
  // Restarting again adds nothing.
  await deployProcesses(stack.engine, dir, 'test');
  expect((await owner.get(`/api/processes/${key}/versions`)).body.versions).toHaveLength(3);

  // A flow no owner has touched is deployed from its file as before.
  const untouched = uniqueFlowKey('mt-shipped');
  writeFileSync(join(dir, `${untouched}.bpmn`), smallFlow(untouched, [{ id: 'only', name: 'Only step', formKey: 'check-in', candidateGroups: 'hr' }]));
  expect((await deployProcesses(stack.engine, dir, 'test')).length).toBe(1);
  expect((await owner.get(`/api/processes/${untouched}/versions`)).body).toEqual(expect.objectContaining({ runningVersion: 1, deployments: [expect.objectContaining({ kind: 'shipped', version: 1 })] }));
});

test('a form is saved as new versions, never in place; its shape is checked; a restart keeps the owner\'s version', async () => {
  const schema = { title: 'Modeler test form', display: 'form', components: [{ type: 'textarea', key: 'comment', label: 'Comment', input: true }] };
  const first = await owner.post(`/api/forms/${formKey}/versions`, { schema });
  expect(first.status).toBe(201);
  expect(first.body).toEqual({ key: formKey, version: 1, created: true });
  expect((await owner.post(`/api/forms/${formKey}/versions`, { schema })).body).toEqual({ key: formKey, version: 1, created: false });

  const refused = await owner.post(`/api/forms/${formKey}/versions`, { schema: { components: [{ type: 'textfield', key: 'comment' }, { type: 'textfield', key: 'comment' }, { type: 'textfield', key: 'a.b' }] } });
  expect(refused.status).toBe(400);
  expect(refused.body.problems).toEqual(expect.arrayContaining([
    expect.objectContaining({ field: 'schema.components[1].key', code: 'duplicate' }),
    expect.objectContaining({ field: 'schema.components[2].key', code: 'pattern' }),
  ]));
  expect((await owner.post(`/api/forms/${formKey}/versions`, { schema: { title: 'no components' } })).body.problems).toEqual([expect.objectContaining({ field: 'schema.components' })]);

  const withField = { ...schema, components: [...schema.components, { type: 'textfield', key: 'riskNote', label: 'Risk note', input: true }] };
  expect((await owner.post(`/api/forms/${formKey}/versions`, { schema: withField })).body).toEqual({ key: formKey, version: 2, created: true });
  expect((await owner.get(`/api/forms/${formKey}/versions/1`)).body.schema).toEqual(schema);
  expect((await owner.get(`/api/forms/${formKey}/versions/2`)).body.schema).toEqual(withField);
  const versions = await owner.get(`/api/forms/${formKey}/versions`);
  expect(versions.body.versions.map((v: { version: number; createdBy: string; origin: string }) => [v.version, v.createdBy, v.origin])).toEqual([[2, owner.id, 'owner'], [1, owner.id, 'owner']]);
  expect((await owner.request('PUT', `/api/forms/${formKey}/versions/1`, { schema })).status).toBe(404);
  expect(await auditActions(`${formKey}@2`)).toEqual(['FormVersion.created']);

  // A shipped file of the same key does not come back on top at a restart.
  const dir = mkdtempSync(join(tmpdir(), 'modeler-forms-'));
  writeFileSync(join(dir, `${formKey}.json`), JSON.stringify(schema));
  expect((await deployForms('test', dir))[formKey]).toBe(2);
  expect(await FormVersionModel.countDocuments({ key: formKey })).toBe(2);

  expect((await owner.get('/api/forms')).body.forms).toEqual(expect.arrayContaining([{ key: formKey, latestVersion: 2, title: 'Modeler test form' }]));
});

test('a version number sent as text is refused on deploy, and nothing is deployed', async () => {
  const before = await engineDeploymentsCount();
  const refused = await owner.post(`/api/processes/${key}/deployments`, { version: '1' });
  expect(refused.status).toBe(400);
  expect(refused.body.problems).toEqual([expect.objectContaining({ field: 'version', code: 'type' })]);
  expect(await engineDeploymentsCount()).toBe(before);
});

async function engineDeploymentsCount(): Promise<number> {
  return (await stack.engine.processDefinitions(key)).length;
}

test('a new flow: blank, a copy, an imported file; each version 1 through the lint, under a key nothing has', async () => {
  const blankKey = uniqueFlowKey('mt-blank');
  const blank = await owner.post('/api/processes', { key: blankKey, name: 'Promotion & nomination', note: 'new flow' });
  expect([blank.status, blank.body]).toEqual([201, expect.objectContaining({ key: blankKey, version: 1, created: true, against: null })]);
  const blankXml = (await owner.get(`/api/processes/${blankKey}/versions/1/xml`)).body.xml as string;
  expect(blankXml).toContain(`<bpmn:process id="${blankKey}" name="Promotion &amp; nomination" isExecutable="true"`);
  // Deployable as it is: start → end.
  expect((await owner.post(`/api/processes/${blankKey}/deployments`, { version: 1 })).status).toBe(201);
  // The list shows the owner's name for it, not its key alone.
  const index = await owner.get('/modeler');
  expect(String(index.body)).toMatch(new RegExp(`data-process="${blankKey}"[\\s\\S]*?Promotion &amp; nomination`));

  // A key taken already, in another case too, or by a shipped flow: 409 naming the key, nothing stored.
  for (const taken of [blankKey, blankKey.toUpperCase(), 'appeal']) {
    const again = await owner.post('/api/processes', { key: taken, name: 'Again' });
    expect([again.status, again.body.problems]).toEqual([409, [expect.objectContaining({ field: 'key', code: 'taken' })]]);
  }
  expect((await owner.get(`/api/processes/${blankKey}/versions`)).body.versions).toHaveLength(1);

  // A copy of a deployed flow: the same diagram under the new key, its plane following the process.
  const copyKey = uniqueFlowKey('mt-copy');
  const copy = await owner.post('/api/processes', { key: copyKey, copyOf: 'appeal', name: 'Appeal (copy)' });
  expect([copy.status, copy.body.version]).toEqual([201, 1]);
  const copyXml = (await owner.get(`/api/processes/${copyKey}/versions/1/xml`)).body.xml as string;
  expect(copyXml).toMatch(new RegExp(`<bpmn:process id="${copyKey}" name="Appeal \\(copy\\)"`));
  expect(copyXml).toContain(`bpmnElement="${copyKey}"`);
  expect(copyXml).toContain('id="hrTriage"');
  expect(copyXml).not.toMatch(/<bpmn:process id="appeal"/);
  expect((await owner.post('/api/processes', { key: uniqueFlowKey('mt-copy'), copyOf: 'no-such-flow' })).body.problems).toEqual([expect.objectContaining({ field: 'copyOf', code: 'unknown' })]);

  // An imported file: its own process id as the key, or renamed to the key the owner typed.
  const fileKey = uniqueFlowKey('mt-file');
  const file = smallFlow(fileKey, [{ id: 'fileStep', name: 'File step', formKey: 'check-in', candidateGroups: 'hr' }]);
  expect(await owner.post('/api/processes', { xml: file })).toEqual(expect.objectContaining({ status: 201, body: expect.objectContaining({ key: fileKey, version: 1 }) }));
  const renamedKey = uniqueFlowKey('mt-renamed');
  expect((await owner.post('/api/processes', { key: renamedKey, xml: file })).body).toEqual(expect.objectContaining({ key: renamedKey, version: 1 }));
  expect((await owner.get(`/api/processes/${renamedKey}/versions/1/xml`)).body.xml).toMatch(new RegExp(`<bpmn:process id="${renamedKey}"`));

  // Not BPMN, or a flow the lint refuses: 400 with the reasons, nothing stored.
  const before = (await owner.get('/api/processes')).body.processes.length;
  const notBpmn = await owner.post('/api/processes', { key: uniqueFlowKey('mt-bad'), xml: '{"components": []}' });
  expect([notBpmn.status, notBpmn.body.problems]).toEqual([400, [expect.objectContaining({ field: 'xml', code: 'not-bpmn' })]]);
  const badKey = uniqueFlowKey('mt-bad');
  const unknownForm = await owner.post('/api/processes', { key: badKey, xml: smallFlow('x', [{ id: 'odd', name: 'Odd', formKey: 'no-such-form', candidateGroups: 'hr' }]) });
  expect([unknownForm.status, unknownForm.body.problems]).toEqual([400, [expect.objectContaining({ field: 'xml#odd', code: 'form-unknown' })]]);
  expect((await owner.post('/api/processes', { key: badKey, name: 'x', copyOf: 'appeal', xml: file })).status).toBe(400);
  expect((await owner.post('/api/processes', { key: badKey })).body.problems).toEqual([expect.objectContaining({ field: 'name', code: 'required' })]);
  expect((await owner.post('/api/processes', { key: 'a b', name: 'x' })).body.problems).toEqual([expect.objectContaining({ field: 'key', code: 'pattern' })]);
  expect((await owner.post('/api/processes', { key: badKey, name: '<b>x</b>' })).body.problems).toEqual([expect.objectContaining({ field: 'name', code: 'pattern' })]);
  expect((await owner.get('/api/processes')).body.processes.length).toBe(before);
  expect((await owner.get(`/api/processes/${badKey}/versions`)).status).toBe(404);
});

test('a new form under a key nothing has, through the same checks as every save', async () => {
  const newKey = uniqueFlowKey('mt-newform');
  const schema = { title: 'Nomination', title_i18n: { en: 'Nomination', 'zh-CN': '提名' }, display: 'form', components: [] };
  expect(await owner.post('/api/forms', { key: newKey, schema })).toEqual(expect.objectContaining({ status: 201, body: { key: newKey, version: 1, created: true } }));
  const again = await owner.post('/api/forms', { key: newKey, schema });
  expect([again.status, again.body.problems]).toEqual([409, [expect.objectContaining({ field: 'key', code: 'taken' })]]);
  expect((await owner.post('/api/forms', { key: 'check-in', schema })).status).toBe(409);
  // Not Form.io, markup in a label, code no shipped form carries: 400, nothing stored.
  const other = uniqueFlowKey('mt-newform');
  expect((await owner.post('/api/forms', { key: other, schema: { title: 'no components' } })).body.problems).toEqual([expect.objectContaining({ field: 'schema.components' })]);
  expect((await owner.post('/api/forms', { key: other, schema: { ...schema, components: [{ type: 'textfield', key: 'a', label: '<img src=x onerror=alert(1)>', input: true }] } })).status).toBe(400);
  expect((await owner.post('/api/forms', { key: other, schema: { ...schema, components: [{ type: 'textfield', key: 'a', label: 'A', input: true, validate: { custom: 'process.exit(1)' } }] } })).status).toBe(400);
  expect((await owner.post('/api/forms', { key: 'New-Form', schema })).body.problems).toEqual([expect.objectContaining({ field: 'key', code: 'pattern' })]);
  expect(await FormVersionModel.countDocuments({ key: other })).toBe(0);
  expect((await owner.get('/api/forms')).body.forms).toEqual(expect.arrayContaining([{ key: newKey, latestVersion: 1, title: 'Nomination' }]));
});
