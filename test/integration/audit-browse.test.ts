import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyExport, parseExport } from '../../src/platform/audit/audit-export';
import { AuditEntryModel } from '../../src/db/models/audit-entry';
import { DEMO_PASSWORD } from '../../src/seed/demo-org';
import { createPerson } from '../support/fixtures';
import { HttpUser } from '../support/http-user';
import { eventually, startTestStack, type TestStack } from '../support/stack';

/**
 * An auditor browses, searches, verifies and exports the audit log over HTTP; what they read is
 * recorded in the same log; a changed entry shows as a broken chain on the page and in the API.
 */
let stack: TestStack;
let auditor: HttpUser;
let subject: { id: string; username: string };
let signedInAt = '';

beforeAll(async () => {
  stack = await startTestStack();
  auditor = await HttpUser.signIn(stack.baseUrl, 'auditor');
  // A person of this file's own, so the searches below find entries nobody else writes.
  const person = await createPerson({ prefix: 'audited', password: DEMO_PASSWORD });
  subject = { id: person._id, username: person.username };
  signedInAt = new Date(Date.now() - 1000).toISOString();
  await HttpUser.signIn(stack.baseUrl, person.username);
  expect((await new HttpUser(stack.baseUrl, 'x').post('/api/session', { username: person.username, password: 'wrong-password' })).status).toBe(401);
});

afterAll(async () => {
  await stack?.close();
});

interface Entry { seq: number; actor: string; action: string; subject: { type: string; id: string }; at: string; details: Record<string, unknown>; hash: string; prevHash: string }

test('the newest entries come first, and following "next" pages back without gaps or repeats', async () => {
  const first = await auditor.get('/api/audit?limit=5');
  expect(first.status).toBe(200);
  const seqs1 = first.body.entries.map((e: Entry) => e.seq);
  expect(seqs1).toHaveLength(5);
  expect(seqs1).toEqual([...seqs1].sort((a: number, b: number) => b - a));
  expect(first.body.order).toBe('descending');
  const second = await auditor.get(`/api/audit?limit=5&before=${first.body.next.before}`);
  const seqs2 = second.body.entries.map((e: Entry) => e.seq);
  expect(seqs2[0]).toBe(seqs1[4] - 1);
  expect(seqs2).toEqual(Array.from({ length: 5 }, (_, i) => seqs1[4] - 1 - i));

  const oldest = await auditor.get('/api/audit?from=1&limit=3');
  expect(oldest.body).toMatchObject({ order: 'ascending', next: { from: 4 } });
  expect(oldest.body.entries.map((e: Entry) => e.seq)).toEqual([1, 2, 3]);
  expect(oldest.body.entries[1].prevHash).toBe(oldest.body.entries[0].hash);
});

test('searches by actor, action (exact or prefix), subject and time find exactly the matching entries', async () => {
  const byActor = await auditor.get(`/api/audit?actor=${subject.id}&action=session.signed-in`);
  expect(byActor.body.entries.map((e: Entry) => `${e.actor} ${e.action} ${e.subject.id}`)).toEqual([`${subject.id} session.signed-in ${subject.id}`]);

  const bySubject = await auditor.get(`/api/audit?subjectType=username&subjectId=${encodeURIComponent(subject.username)}&action=session.*`);
  expect(bySubject.body.entries.map((e: Entry) => e.action)).toEqual(['session.sign-in-refused']);
  expect(bySubject.body.entries[0].details).toEqual({ reason: 'wrong-credentials' });

  const inWindow = await auditor.get(`/api/audit?actor=${subject.id}&since=${encodeURIComponent(signedInAt)}&until=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
  expect(inWindow.body.entries).toHaveLength(1);
  const beforeIt = await auditor.get(`/api/audit?actor=${subject.id}&until=${encodeURIComponent(signedInAt)}`);
  expect(beforeIt.body.entries).toEqual([]);
  const nobody = await auditor.get('/api/audit?actor=no-such-actor');
  expect(nobody.body).toEqual({ entries: [], order: 'descending', next: null });
});

test('a search that cannot be read is a 400 naming the parameter', async () => {
  for (const [query, field] of [['from=0', 'from'], ['limit=500', 'limit'], ['since=yesterday', 'since'], ['actor=a&actor=b', 'actor'],
    ['from=3&before=9', 'before'], ['since=2026-02-30T25:00Z', 'since'], ['format=csv', 'format']] as const) {
    const response = await auditor.get(`/api/audit?${query}`);
    expect({ query, status: response.status, fields: response.body.problems?.map((p: { field: string }) => p.field) }).toEqual({ query, status: 400, fields: [field] });
  }
});

test('an export verifies away from meritflow, names the head, and is itself recorded', async () => {
  const verification = await auditor.get('/api/audit/verification');
  expect(verification.body).toMatchObject({ ok: true });

  for (const format of ['jsonl', 'csv'] as const) {
    const response = await auditor.get<string>(`/api/audit/export?format=${format}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(new RegExp(`attachment; filename="meritflow-audit-1-head-.*\\.${format}"`));
    const text = String(response.body);
    const check = verifyExport(text);
    expect(check).toMatchObject({ ok: true, summaryAgrees: true });
    // The head the export names is the stored entry of that number, and at least as new as the last verification.
    expect(check.head.seq).toBeGreaterThanOrEqual(verification.body.verifiedHead.seq);
    const stored = await AuditEntryModel.findOne({ seq: check.head.seq }).lean();
    expect(stored?.hash).toBe(check.head.hash);
    expect(parseExport(text).entries.some((e) => e.actor === subject.id && e.action === 'session.signed-in')).toBe(true);
    // Anyone who changes a line of the file is found out.
    const line = text.split('\n').find((l) => l.includes(subject.id) && l.includes('session.signed-in'))!;
    expect(verifyExport(text.replace(line, line.replace('session.signed-in', 'session.signed-out'))).ok).toBe(false);

    const recorded = await eventually('export recorded', async () => (await auditor.get(`/api/audit?actor=${auditor.id}&action=audit.exported&limit=1`)).body.entries[0]);
    expect(recorded.details).toMatchObject({ format, from: 1, verified: true, head: check.head });
  }

  // The operator's command checks a file as it checks the store.
  const file = join(mkdtempSync(join(tmpdir(), 'audit-export-')), 'export.csv');
  const verifyFile = () => spawnSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'audit-verify.mjs'), '--file', file], { encoding: 'utf8' });
  const csv = String((await auditor.get<string>('/api/audit/export?format=csv')).body);
  writeFileSync(file, csv);
  expect(verifyFile()).toMatchObject({ status: 0, stdout: expect.stringMatching(/audit export intact: \d+ entries verified, head #\d+ [0-9a-f]{64}/) });
  writeFileSync(file, csv.replace(`,${subject.id},session.signed-in,`, ',E0001,session.signed-in,'));
  expect(verifyFile()).toMatchObject({ status: 1, stderr: expect.stringMatching(/audit export BROKEN at entry \d+/) });

  const part = await auditor.get<string>('/api/audit/export?format=jsonl&from=3&to=6');
  const partCheck = verifyExport(String(part.body));
  expect(partCheck).toMatchObject({ ok: true, checked: 4, head: { seq: 6 }, summaryAgrees: true });
  expect(parseExport(String(part.body)).summary!.anchor).toEqual({ seq: 2, hash: (await AuditEntryModel.findOne({ seq: 2 }).lean())!.hash });
});

test('browsing is recorded with what was searched', async () => {
  await auditor.get(`/api/audit?actor=${subject.id}&limit=7`);
  const browsed = await auditor.get(`/api/audit?actor=${auditor.id}&action=audit.browsed&limit=1`);
  expect(browsed.body.entries[0]).toMatchObject({ actor: auditor.id, action: 'audit.browsed', details: { filter: { actor: subject.id }, returned: 1 } });
});

test('the page shows entries, the verified head, and a clear warning when an entry was changed in the store', async () => {
  // The page shows the latest verification (a walk of a long log outlasts a page load): have one.
  expect((await auditor.get('/api/audit/verification')).body.ok).toBe(true);
  const page = await auditor.get<string>(`/audit?actor=${subject.id}&lang=en`);
  expect(page.status).toBe(200);
  expect(page.body).toContain('data-chain="intact"');
  expect(page.body).toMatch(/Chain verified up to #\d+, head hash <code class="hash"[^>]*>[0-9a-f]{64}<\/code>/);
  expect(page.body).toContain(`<td data-label="Action">session.signed-in</td>`);
  const zh = await auditor.get<string>(`/audit?actor=${subject.id}&lang=zh-CN`);
  expect(zh.body).toContain('哈希链已验证至');
  expect(zh.body).toContain('审计日志');

  const target = (await AuditEntryModel.findOne({ actor: subject.id, action: 'session.signed-in' }).lean())!;
  await AuditEntryModel.updateOne({ _id: target._id }, { $set: { actor: 'E0001' } });
  try {
    const verification = await auditor.get('/api/audit/verification');
    expect(verification.body).toMatchObject({ ok: false, firstBroken: { seq: target.seq }, verifiedHead: { seq: target.seq - 1 } });
    const broken = await auditor.get<string>('/audit?lang=en');
    expect(broken.body).toContain('data-chain="broken"');
    expect(broken.body).toContain(`The audit chain is BROKEN at entry #${target.seq}`);
    const exported = await auditor.get<string>('/api/audit/export?format=csv');
    expect(verifyExport(String(exported.body))).toMatchObject({ ok: false, firstBroken: { seq: target.seq } });
    expect(String(exported.body)).toContain(`# chain BROKEN at #${target.seq}`);
  } finally {
    // The store is shared with the other test files of the run.
    await AuditEntryModel.updateOne({ _id: target._id }, { $set: { actor: target.actor } });
  }
  expect((await auditor.get('/api/audit/verification')).body.ok).toBe(true);
});

test('only auditors and admins read the log: others get 403 from the API and "not found" for the page', async () => {
  for (const username of ['hr', 'hrbp', 'cb.head', 'cb.rm01', 'risk.officer', 'ceo', 'owner']) {
    const user = await HttpUser.signIn(stack.baseUrl, username);
    expect((await user.get('/api/audit')).status).toBe(403);
    expect((await user.get('/api/audit/export?format=csv')).status).toBe(403);
    expect((await user.get('/api/audit/verification')).status).toBe(403);
    const page = await user.get<string>('/audit');
    expect(page.status).toBe(404);
    expect(page.body).not.toContain('session.');
  }
  const admin = await HttpUser.signIn(stack.baseUrl, 'admin');
  expect((await admin.get('/api/audit?limit=1')).status).toBe(200);
  expect((await admin.get<string>('/audit')).body).toContain('href="/audit"');
  const anonymous = new HttpUser(stack.baseUrl, 'anonymous');
  expect(await anonymous.get('/api/audit')).toMatchObject({ status: 401 });
  expect((await anonymous.get('/audit')).headers.get('location')).toBe('/login?next=%2Faudit');
});
