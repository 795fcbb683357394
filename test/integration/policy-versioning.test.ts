import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditEntryModel } from '../../src/db/models/audit-entry';
import { PolicyVersionModel } from '../../src/db/models/policy-version';
import { ReviewCaseModel } from '../../src/db/models/review-case';
import { deployPolicies } from '../../src/deploy/deploy-all';
import { HttpUser } from '../support/http-user';
import { launchReview } from '../support/review-driver';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let owner: HttpUser;
const today = new Date().toISOString().slice(0, 10);
const shipped = (key: string) => JSON.parse(readFileSync(join(__dirname, '..', '..', 'policies', `${key}.json`), 'utf8'));

beforeAll(async () => {
  stack = await startTestStack();
  owner = await HttpUser.signIn(stack.baseUrl, 'owner');
});
afterAll(async () => { await stack?.close(); });

test('a refused version writes nothing: 400 with the reason at the field path, no version, no audit entry', async () => {
  const versions = await PolicyVersionModel.countDocuments({ key: 'scoring' });
  const audits = await AuditEntryModel.countDocuments({ 'subject.type': 'PolicyVersion' });
  const body = structuredClone(shipped('scoring').body);
  body.weightsByBusinessLine.middle = { business: 0.4, risk: 0.3, compliance: 0.2, behaviour: 0.2 };
  const response = await owner.post('/api/policies/scoring/versions', { effectiveFrom: '2020-01-01', body });
  expect(response.status).toBe(400);
  expect(response.body.problems).toEqual(expect.arrayContaining([
    expect.objectContaining({ field: 'effectiveFrom', code: 'past' }),
    // text: the reason in the reader's language (the session's, zh-CN here)
    { field: 'body.weightsByBusinessLine.middle', code: 'total', message: 'weights total 110, must be 100', text: '权重合计 110，必须为 100' },
  ]));
  // A deferral pack for China banks that defers 30 % for senior management: below its own floor.
  const pack = structuredClone(shipped('deferral-cn-bank').body);
  pack.rules[1].bands[0].deferPercent = 30;
  const refused = await owner.post('/api/policies/deferral-cn-bank/versions', { effectiveFrom: today, body: pack });
  expect(refused.status).toBe(400);
  expect(refused.body.problems).toEqual([{ field: 'body.rules[1].bands[0].deferPercent', code: 'floor', message: 'defers 30 %, but the regulation requires at least 40 %', text: '递延 30 %，但监管要求不低于 40 %' }]);
  expect(await PolicyVersionModel.countDocuments({ key: 'scoring' })).toBe(versions);
  expect(await AuditEntryModel.countDocuments({ 'subject.type': 'PolicyVersion' })).toBe(audits);
});

test('a new version is pinned by a new case from its date; a running case keeps its version; a future date waits', async () => {
  const hr = await HttpUser.signIn(stack.baseUrl, 'hr');
  const first = await HttpUser.signIn(stack.baseUrl, 'wm.adviser05');
  const second = await HttpUser.signIn(stack.baseUrl, 'wm.adviser06');
  const running = await launchReview(hr, first, 'pin-a');
  const pinnedBefore = (await ReviewCaseModel.findById(running.caseId).lean())!.policyVersions.scoring!;
  const detail = await owner.get('/api/policies/scoring');
  const inForce = detail.body.versions.find((v: { inForce: boolean }) => v.inForce);
  expect(inForce.version).toBe(pinnedBefore);

  // A future-dated version (different weights) does not apply yet.
  const future = structuredClone(shipped('scoring').body);
  future.weightsByBusinessLine.back = { business: 0.25, risk: 0.25, compliance: 0.25, behaviour: 0.25 };
  const later = await owner.post('/api/policies/scoring/versions', { effectiveFrom: `${new Date().getUTCFullYear() + 2}-01-01`, body: future });
  expect(later.status).toBe(201);
  const notYet = await launchReview(hr, second, 'pin-b');
  expect((await ReviewCaseModel.findById(notYet.caseId).lean())!.policyVersions.scoring).toBe(pinnedBefore);

  // The shipped weights again, effective today: in force at once (same numbers, so other tests score as before).
  const now = await owner.post('/api/policies/scoring/versions', { effectiveFrom: today, body: shipped('scoring').body });
  expect(now.status).toBe(201);
  expect(now.body.version).toBe(later.body.version + 1);
  const third = await HttpUser.signIn(stack.baseUrl, 'wm.adviser07');
  const fresh = await launchReview(hr, third, 'pin-c');
  expect((await ReviewCaseModel.findById(fresh.caseId).lean())!.policyVersions.scoring).toBe(now.body.version);
  expect((await ReviewCaseModel.findById(running.caseId).lean())!.policyVersions.scoring).toBe(pinnedBefore);
  expect(await AuditEntryModel.countDocuments({ action: 'PolicyVersion.created', 'subject.id': `scoring@${now.body.version}`, actor: owner.id })).toBe(1);
});

test('a restart does not undo an edit; a changed shipped file still becomes a new version', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'policies-'));
  const key = `restart-${Date.now().toString(36)}`;
  const file = join(dir, `${key}.json`);
  writeFileSync(file, JSON.stringify({ key, effectiveFrom: '2026-01-01', body: { windowDays: 15, panelSla: 'P10D' } }));
  expect((await deployPolicies('test', dir))[key]).toBe(1);

  const edit = await owner.post(`/api/policies/${key}/versions`, { effectiveFrom: today, body: { windowDays: 20, panelSla: 'P10D' } });
  expect(edit.status).toBe(201);
  expect(edit.body).toMatchObject({ version: 2, changes: [{ field: 'windowDays', before: 15, after: 20 }] });

  // The server starts again: the file is unchanged, the edit stays the latest version.
  expect((await deployPolicies('test', dir))[key]).toBe(2);
  expect(await PolicyVersionModel.countDocuments({ key })).toBe(2);
  const afterRestart = await owner.get(`/api/policies/${key}`);
  expect(afterRestart.body.latest).toMatchObject({ version: 2, body: { windowDays: 20 } });

  // A release changes the shipped default: that is deployed, as version 3.
  writeFileSync(file, JSON.stringify({ key, effectiveFrom: '2026-01-01', body: { windowDays: 30, panelSla: 'P10D' } }));
  expect((await deployPolicies('test', dir))[key]).toBe(3);
  expect(await PolicyVersionModel.findById(`${key}@3`).lean()).toMatchObject({ source: 'file', body: { windowDays: 30 } });
  await PolicyVersionModel.deleteMany({ key });
});
