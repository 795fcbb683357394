import { spawn, spawnSync } from 'node:child_process';
import { recordAudit } from '../../src/platform/audit/record-audit';
import { join } from 'node:path';
import { AuditEntryModel } from '../../src/db/models/audit-entry';
import { AuditEventClaimModel } from '../../src/db/models/audit-event-claim';
import { eventually, startTestStack, startWorker, stopWorker, type TestStack } from '../support/stack';
import { HttpUser } from '../support/http-user';
import { driveToSelfAssessment, launchReview } from '../support/review-driver';
import type { ChildProcess } from 'node:child_process';

let stack: TestStack;
let worker: ChildProcess;

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('audit');
});
afterAll(async () => {
  await stopWorker(worker);
  await stack?.close();
});

/** `npm run audit:verify` as an operator runs it, against the test store. */
function auditVerify(): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [join(__dirname, '..', '..', 'dist', 'cli', 'audit-verify.js')], { env: process.env, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test('every state change of a review is in the hash-chained audit log, and tampering is found at its entry', async () => {
  const hr = await HttpUser.signIn(stack.baseUrl, 'hr');
  const employee = await HttpUser.signIn(stack.baseUrl, 'ops.clerk1');
  const manager = await HttpUser.signIn(stack.baseUrl, 'ops.head');
  const { cycle, caseId } = await launchReview(hr, employee, 'audit');
  const taskId = await driveToSelfAssessment(employee, manager, caseId);
  const data = { businessRating: 3, riskRating: 3, complianceRating: 4, behaviourRating: 4, achievements: 'Reconciliations on time' };
  expect((await employee.post(`/api/tasks/${taskId}/submission`, { data })).status).toBe(201);
  await eventually('self score audited', () => AuditEntryModel.findOne({ action: 'score.computed', 'subject.id': `${cycle}:${employee.id}:self` }).lean());
  expect((await new HttpUser(stack.baseUrl, 'ops.clerk1').post('/api/session', { username: 'ops.clerk1', password: 'wrong' })).status).toBe(401);

  const actions = (await AuditEntryModel.find({}, { action: 1, 'subject.id': 1, actor: 1 }).lean())
    .filter((e) => [caseId, taskId, `${cycle}:${employee.id}:self`, employee.id, hr.id, 'ops.clerk1'].includes(e.subject.id))
    .map((e) => `${e.action} by ${e.actor}`);
  expect(actions).toEqual(expect.arrayContaining([
    `session.signed-in by ${hr.id}`,
    `case.launched by ${hr.id}`,
    `submission.stored by ${employee.id}`,
    `task.completed by ${employee.id}`,
    'score.computed by worker',
    'session.sign-in-refused by anonymous',
  ]));

  const intact = auditVerify();
  expect(intact.output).toMatch(/audit log intact: \d+ entries verified/);
  expect(intact.status).toBe(0);

  // Someone with database access rewrites who submitted.
  const target = (await AuditEntryModel.findOne({ action: 'submission.stored', 'subject.id': taskId }).lean())!;
  await AuditEntryModel.updateOne({ _id: target._id }, { $set: { actor: 'E0001' } });
  try {
    const broken = auditVerify();
    expect(broken.status).toBe(1);
    expect(broken.output).toContain(`audit log BROKEN at entry ${target.seq}`);
  } finally {
    await AuditEntryModel.updateOne({ _id: target._id }, { $set: { actor: target.actor } });
  }
  expect(auditVerify().status).toBe(0);
});

test('appends racing from two processes at once stay one unbroken chain, with every entry in it', async () => {
  const root = join(__dirname, '..', '..');
  // A second process appending at the same time, as the worker does beside the server.
  const otherProcess = spawn(process.execPath, ['-e', `
    const { connectStore, disconnectStore } = require('${root}/dist/db/connection');
    const { recordAudit } = require('${root}/dist/platform/audit/record-audit');
    connectStore(process.env.MONGODB_URI)
      .then(() => Promise.all(Array.from({ length: 200 }, (_, i) => recordAudit({ actor: 'other-process', action: 'test.burst', subject: { type: 'burst', id: 'o' + i } }))))
      .then(() => disconnectStore()).then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
  `], { env: process.env, stdio: 'inherit' });
  const otherDone = new Promise<number | null>((resolve) => otherProcess.on('exit', resolve));
  await Promise.all(Array.from({ length: 200 }, (_, i) => recordAudit({ actor: 'this-process', action: 'test.burst', subject: { type: 'burst', id: `t${i}` } })));
  expect(await otherDone).toBe(0);

  expect(await AuditEntryModel.countDocuments({ action: 'test.burst' })).toBe(400);
  const verdict = auditVerify();
  expect(verdict.output).toMatch(/audit log intact/);
  expect(verdict.status).toBe(0);
});

const entriesOf = (eventId: string) => AuditEntryModel.countDocuments({ 'details.auditEventId': eventId });

test('an event recorded again, at once or after the log has grown, stays one entry with one number', async () => {
  const eventId = `test-once:${Date.now()}`;
  const event = { actor: 'this-process', action: 'test.once', subject: { type: 'once', id: 'a' }, eventId };
  const first = await recordAudit(event);
  expect(await recordAudit(event)).toBe(first);

  // Far past the claim's head: the repeat still finds its entry, and notes its number on the claim.
  await Promise.all(Array.from({ length: 1200 }, (_, i) => recordAudit({ actor: 'this-process', action: 'test.growth', subject: { type: 'growth', id: String(i) } })));
  expect(await recordAudit(event)).toBe(first);
  expect(await entriesOf(eventId)).toBe(1);
  expect(await AuditEventClaimModel.findById(eventId).lean()).toMatchObject({ seq: first });
});

test('events recorded by two processes at once are one entry each, and the chain stays whole', async () => {
  const root = join(__dirname, '..', '..');
  const prefix = `test-race:${Date.now()}`;
  const events = (actor: string) => Array.from({ length: 60 }, (_, i) => ({ actor, action: 'test.race', subject: { type: 'race', id: String(i) }, eventId: `${prefix}:${i}` }));
  const otherProcess = spawn(process.execPath, ['-e', `
    const { connectStore, disconnectStore } = require('${root}/dist/db/connection');
    const { recordAudit } = require('${root}/dist/platform/audit/record-audit');
    const events = ${JSON.stringify(events('other-process'))};
    connectStore(process.env.MONGODB_URI)
      .then(() => Promise.all(events.map((event) => recordAudit(event))))
      .then((seqs) => { process.stdout.write(JSON.stringify(seqs)); return disconnectStore(); }).then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
  `], { env: process.env, stdio: ['ignore', 'pipe', 'inherit'] });
  let printed = '';
  otherProcess.stdout!.on('data', (chunk: Buffer) => { printed += chunk.toString(); });
  const otherDone = new Promise<number | null>((resolve) => otherProcess.on('exit', resolve));
  const ours = await Promise.all(events('this-process').map((event) => recordAudit(event)));
  expect(await otherDone).toBe(0);

  // Both processes answer each event with the number of its one entry.
  expect(JSON.parse(printed)).toEqual(ours);
  for (const [i, seq] of ours.entries()) {
    const stored = await AuditEntryModel.find({ 'details.auditEventId': `${prefix}:${i}` }, { seq: 1 }).lean();
    expect(stored.map((entry) => entry.seq)).toEqual([seq]);
  }
  expect(auditVerify().status).toBe(0);
});

test('an event whose claimer died before appending is appended once by the next attempt', async () => {
  const eventId = `test-orphan:${Date.now()}`;
  const newest = await AuditEntryModel.findOne({}, { seq: 1 }).sort({ seq: -1 }).lean();
  // A claim made 10 s ago by a process that died before its entry.
  await AuditEventClaimModel.create({ _id: eventId, headSeq: newest!.seq, claimedAt: new Date(Date.now() - 10_000) });
  const event = { actor: 'this-process', action: 'test.orphan', subject: { type: 'orphan', id: 'a' }, eventId };
  const seq = await recordAudit(event);
  expect(seq).toBeGreaterThan(newest!.seq);
  expect(await recordAudit(event)).toBe(seq);
  expect(await entriesOf(eventId)).toBe(1);
});
