import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditEntryModel } from '../../src/db/models/audit-entry';
import { FormVersionModel } from '../../src/db/models/form-version';
import { deployForms, deployProcesses } from '../../src/deploy/deploy-all';
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
  const forms = new Set(readdirSync(join(__dirname, '..', '..', 'forms')).map((f) => f.replace(/\.json$/, '')));
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
