import { SMTPServer } from 'smtp-server';
import nodemailer from 'nodemailer';
import type { AddressInfo } from 'node:net';
import { MailCursorModel, MailModel, MailPreferenceModel, OutboxMessageModel, type OutboxMessage } from '../../src/db/models/mail';
import { NotificationModel, notify } from '../../src/db/models/notification';
import { AuditEntryModel } from '../../src/db/models/audit-entry';
import { PersonModel, type Role } from '../../src/db/models/person';
import { readMailPolicy, type MailMode } from '../../src/domain/mail';
import { mailTick, markOlderNotificationsWaiting, type MailDeps } from '../../src/worker/mail/dispatcher';
import { createPerson } from '../support/fixtures';
import { HttpUser } from '../support/http-user';
import { startTestStack, uniqueCycle, type TestStack } from '../support/stack';

/**
 * Mail on the real engine, store and SMTP sink (the stack's, SMTP_URL): the dispatcher runs here, in
 * the test, at chosen times, with a shortened policy (remind 60 minutes before the due time, escalate
 * 30 minutes after it). The task is a flow of the test's own with a due date.
 */
// The digest hour half a day from now, so that no digest falls due between the test's ticks (two and a half hours).
const DIGEST_HOUR = (new Date().getUTCHours() + 12) % 24;
const POLICY = readMailPolicy({ remindBeforeMinutes: 60, escalateAfterMinutes: 30, digestAfterTasksPerDay: 50, digestHourUtc: DIGEST_HOUR, alwaysSent: ['task.escalated', 'bonus.letter'], payFiguresIn: [], attempts: 3, firstBackoffMs: 1000 });
const MIN = 60_000;

const flowKey = `mail-test-${Date.now().toString(36)}`;
const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://meritflow.example/test">
  <bpmn:process id="${flowKey}" name="Mail test" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="check" />
    <bpmn:userTask id="check" name="Check the mail test" camunda:candidateGroups="auditor" camunda:dueDate="\${dateTime().plusMinutes(120).toDate()}"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="check" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

let stack: TestStack;
const smtpUrl = process.env.SMTP_URL!;
const deps = (nodeId: string, url = smtpUrl): MailDeps => ({
  engine: stack.engine, transport: nodemailer.createTransport(url), from: 'meritflow <meritflow@test.example>', appUrl: 'http://app.test', nodeId, policy: POLICY,
});

function received(email: string): Promise<OutboxMessage[]> {
  return OutboxMessageModel.find({ to: email }).sort({ receivedAt: 1 }).lean<OutboxMessage[]>();
}

/** A person of the test's own, an auditor (the group the test's task is offered to; no shipped flow offers it tasks), reading English unless told. */
async function person(prefix: string, mode: MailMode | null, managerId?: string, locale: 'en' | 'zh-CN' = 'en', roles: Role[] = ['auditor']) {
  const p = await createPerson({ prefix, password: 'not-used-1', roles, managerId });
  await PersonModel.updateOne({ _id: p._id }, { $set: { locale } });
  if (mode) await MailPreferenceModel.create({ _id: p._id, tasks: mode, reminders: mode, results: mode, updatedAt: new Date() });
  return p;
}

beforeAll(async () => {
  stack = await startTestStack();
  expect(smtpUrl).toMatch(/^smtp:\/\//);
  // What the dispatcher would have done had it run all along: older tasks and notifications of the
  // run's other files are mailed already (this test looks at its own people only).
  await MailCursorModel.updateOne({ _id: 'tasks' }, { $set: { createdAfter: new Date(Date.now() - 5_000) } }, { upsert: true });
  await NotificationModel.updateMany({ mail: 'waiting' }, { $set: { mailedAt: new Date(), mail: 'queued' } });
  await stack.engine.deploy(flowKey, [{ name: `${flowKey}.bpmn`, content: BPMN }]);
}, 120_000);
afterAll(() => stack?.close());

test('a task offered to a group: immediate at once, digest in the digest, off only what policy does not require; reminders, escalation, and results once though notified twice and seen by two workers', async () => {
  // The manager is no auditor: the task is not offered to them, only its escalation reaches them.
  const manager = await person('mail-mgr', null, undefined, 'en', []);
  const now = await person('mail-now', 'immediate', manager._id);
  const later = await person('mail-digest', 'digest', manager._id, 'zh-CN');
  const none = await person('mail-off', 'off', manager._id);

  const instance = await stack.engine.startProcess(flowKey, uniqueCycle('mail'), {});
  const [task] = await stack.engine.tasksOfProcess(instance.id);
  try {
  const due = new Date(task!.due!.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  const t0 = new Date(due.getTime() - 120 * MIN);

  // Two workers at once, and a result notified twice (a redelivered task).
  const caseId = uniqueCycle('mail-case');
  await notify(now._id, caseId, 'bonus.letter', { awardId: 'A-1', amountMinor: 1234567, currency: 'CNY' });
  await notify(now._id, caseId, 'bonus.letter', { awardId: 'A-1', amountMinor: 1234567, currency: 'CNY' });
  // Results: the letter is one the policy always sends, so the reader who chose none gets it too;
  // a published result follows each reader's choice.
  await notify(none._id, caseId, 'bonus.letter', { awardId: 'A-2', amountMinor: 7654321, currency: 'CNY' });
  await notify(none._id, caseId, 'review.published', { rating: '3' });
  await notify(later._id, caseId, 'review.published', { rating: '3' });
  await Promise.all([mailTick(deps('node-1'), t0), mailTick(deps('node-2'), t0)]);
  await mailTick(deps('node-1'), t0);

  const first = await received(now.email);
  expect(first.map((m) => m.subject).sort()).toEqual(['A task waits for your group: Check the mail test', 'Your award letter is issued']);
  const letter = first.find((m) => m.subject.includes('letter'))!;
  expect(letter.text).not.toMatch(/12,?345|1234567|CNY|¥/);
  expect(letter.text).toContain('http://app.test/me');
  expect(first.find((m) => m.subject.includes('task'))!.text).toMatch(/http:\/\/app\.test\/tasks\/[0-9a-f-]+/);
  expect(await received(later.email)).toEqual([]);
  const mandatory = await received(none.email);
  expect(mandatory.map((m) => m.subject)).toEqual(['Your award letter is issued']);
  expect(mandatory[0]!.text).not.toMatch(/76,?543|7654321|CNY|¥/);

  // Reminders: before the due time, at it; the manager is told once it is 30 minutes overdue.
  await mailTick(deps('node-1'), new Date(due.getTime() - 30 * MIN));
  await mailTick(deps('node-2'), new Date(due.getTime() + MIN));
  await mailTick(deps('node-1'), new Date(due.getTime() + 31 * MIN));
  await mailTick(deps('node-2'), new Date(due.getTime() + 32 * MIN));
  expect((await received(now.email)).map((m) => m.subject)).toEqual(expect.arrayContaining(['Reminder: Check the mail test is due soon', 'Due now: Check the mail test']));
  expect(await received(now.email)).toHaveLength(4);
  const escalations = await received(manager.email);
  expect(escalations.map((m) => m.subject)).toEqual(['Overdue in your team: Check the mail test']);
  expect(escalations[0]!.text).toContain('Test mail-now');
  expect(await received(none.email)).toHaveLength(1);

  // The digest hour: the digest reader gets one mail in their language with all three.
  await mailTick(deps('node-1'), new Date(t0.getTime() + 2 * 86_400_000));
  const digest = await received(later.email);
  expect(digest).toHaveLength(1);
  expect(digest[0]!.subject).toBe('meritflow 每日汇总：4 项');
  expect(digest[0]!.text).toContain('meritflow：您的考核结果已发布');
  expect(digest[0]!.text).toContain('您所在的组有一项待办任务：Check the mail test');
  expect(digest[0]!.text).toContain('提醒：Check the mail test 即将到期');
  expect(digest[0]!.text).toContain('已到期：Check the mail test');
  expect(await received(none.email)).toHaveLength(1);
  expect(await received(now.email)).toHaveLength(4);
  } finally {
    // Done: an open task of the auditors' would reach the next run's auditors with its reminders.
    await stack.engine.completeTask(task!.id, {});
  }
}, 60_000);

test('a relay that refuses: tried three times, then an incident operators see', async () => {
  const relay = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false, onRcptTo(_address, _session, callback) { callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 })); } });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const refusing = `smtp://127.0.0.1:${(relay.server.address() as AddressInfo).port}`;
  try {
    const reader = await person('mail-refused', 'immediate');
    const caseId = uniqueCycle('mail-fail');
    await notify(reader._id, caseId, 'review.published', { rating: '3' });
    const at = new Date(Date.now() + 1_000);
    const id = `notification:${caseId}:review.published:${reader._id}`;
    await mailTick(deps('node-f', refusing), at);
    expect(await MailModel.findById(id).lean()).toMatchObject({ status: 'pending', attempts: 1 });
    await mailTick(deps('node-f', refusing), new Date(at.getTime() + 1_000));
    await mailTick(deps('node-f', refusing), new Date(at.getTime() + 3_000));
    const failed = await MailModel.findById(id).lean();
    expect(failed).toMatchObject({ status: 'failed', attempts: 3 });
    expect(failed!.lastError).toMatch(/mailbox unavailable/);
    expect(await received(reader.email)).toEqual([]);

    const admin = await HttpUser.signIn(stack.baseUrl, 'admin');
    const list = await admin.get('/api/incidents');
    expect(list.status).toBe(200);
    expect((list.body as { mails: Array<{ id: string; recipient: string; error: string }> }).mails).toEqual(expect.arrayContaining([
      expect.objectContaining({ id, recipient: '测试mail-refused', error: expect.stringMatching(/mailbox unavailable/) }),
    ]));
    const outbox = await admin.get('/outbox');
    expect(outbox.status).toBe(200);
    const employee = await HttpUser.signIn(stack.baseUrl, 'ops.clerk1');
    expect((await employee.get('/outbox')).status).toBe(404);
    expect((await employee.get('/api/outbox')).status).toBe(404);

    // The relay is mended; an operator retries from the incidents page. Two presses at once (a double
    // click, a second operator) and two dispatchers at once: the reader gets the mail once.
    expect((await employee.post(`/api/incidents/mails/${encodeURIComponent(id)}/retry`, {})).status).toBe(404);
    const owner = await HttpUser.signIn(stack.baseUrl, 'owner');
    const presses = await Promise.all([admin.post(`/api/incidents/mails/${encodeURIComponent(id)}/retry`, {}), owner.post(`/api/incidents/mails/${encodeURIComponent(id)}/retry`, {})]);
    expect(presses.map((p) => p.status)).toEqual([200, 200]);
    expect(presses.map((p) => p.body.retried).sort()).toEqual([false, true]);
    expect(await MailModel.findById(id).lean()).toMatchObject({ status: 'pending', attempts: 0 });
    const later = new Date(Date.now() + 5_000);
    await Promise.all([mailTick(deps('node-r1'), later), mailTick(deps('node-r2'), later)]);
    await mailTick(deps('node-r1'), new Date(later.getTime() + 5_000));
    expect(await received(reader.email)).toHaveLength(1);
    expect(await MailModel.findById(id).lean()).toMatchObject({ status: 'sent' });
    expect(await AuditEntryModel.countDocuments({ action: 'mail.retried', 'subject.id': id })).toBe(1);
    // Sent: pressing again sends nothing, and says why.
    const again = await admin.post(`/api/incidents/mails/${encodeURIComponent(id)}/retry`, {});
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('this mail is sent: only a mail that could not be sent is tried again');
    expect((await admin.post('/api/incidents/mails/no-such-mail/retry', {})).status).toBe(404);
    await mailTick(deps('node-r2'), new Date(later.getTime() + 10_000));
    expect(await received(reader.email)).toHaveLength(1);
  } finally {
    await new Promise<void>((resolve) => relay.close(() => resolve()));
  }
}, 60_000);

test('a notification written before notifications carried their mail state is mailed once the dispatcher starts, and only once', async () => {
  const reader = await person('mail-older', 'immediate');
  const caseId = uniqueCycle('mail-older');
  const id = `${caseId}:review.published:${reader._id}`;
  // As notify() wrote it before `mail` existed: no mail state, no mailedAt.
  await NotificationModel.collection.insertOne({ _id: id as never, recipientId: reader._id, caseId, kind: 'review.published', params: { rating: '3' }, createdAt: new Date() });
  await mailTick(deps('node-o'), new Date());
  expect(await MailModel.findById(`notification:${id}`).lean()).toBeNull();

  await markOlderNotificationsWaiting();
  await mailTick(deps('node-o'), new Date());
  await markOlderNotificationsWaiting();
  await mailTick(deps('node-o'), new Date());
  expect(await MailModel.findById(`notification:${id}`).lean()).toMatchObject({ status: 'sent', attempts: 1 });
  expect(await NotificationModel.findById(id).lean()).toMatchObject({ mail: 'queued' });
  expect(await received(reader.email)).toHaveLength(1);
}, 60_000);

test('someone offered more tasks in a day than the policy allows gets the rest in the daily digest', async () => {
  const busy = await person('mail-busy', 'immediate');
  const policy = { ...POLICY, digestAfterTasksPerDay: 2 };
  const instances = [];
  for (let n = 0; n < 3; n++) instances.push(await stack.engine.startProcess(flowKey, uniqueCycle('mail-busy'), {}));
  const tasks = (await Promise.all(instances.map((i) => stack.engine.tasksOfProcess(i.id)))).flat();
  try {
    const at = new Date();
    await mailTick({ ...deps('node-b'), policy }, at);
    const single = await received(busy.email);
    expect(single.map((m) => m.subject)).toEqual(['A task waits for your group: Check the mail test', 'A task waits for your group: Check the mail test']);
    expect(await MailModel.countDocuments({ recipientId: busy._id, kind: 'task.offered', status: 'waiting-digest' })).toBe(1);

    // The digest hour: the third offer comes in the digest, and nothing twice.
    await mailTick({ ...deps('node-b'), policy }, new Date(at.getTime() + 2 * 86_400_000));
    const after = await received(busy.email);
    expect(after).toHaveLength(3);
    expect(after[2]!.subject).toBe('Your meritflow digest (1)');
    expect(after[2]!.text).toContain('A task waits for your group: Check the mail test');
    expect(after[2]!.text).toMatch(/http:\/\/app\.test\/tasks\/[0-9a-f-]+/);
  } finally {
    for (const task of tasks) await stack.engine.completeTask(task.id, {});
  }
}, 60_000);

test('a task handed over to a colleague: the colleague is mailed "assigned to you", in their language, with the task\'s link, once', async () => {
  const handKey = `${flowKey}-hand`;
  await stack.engine.deploy(handKey, [{ name: `${handKey}.bpmn`, content: BPMN.replaceAll(flowKey, handKey).replace('camunda:candidateGroups="auditor"', 'camunda:assignee="${holder}"') }]);
  const holder = await person('mail-holder', 'immediate');
  const colleague = await person('mail-taker', 'immediate', undefined, 'zh-CN');
  const instance = await stack.engine.startProcess(handKey, uniqueCycle('mail-hand'), { holder: holder._id });
  const [task] = await stack.engine.tasksOfProcess(instance.id);
  try {
    await mailTick(deps('node-h'), new Date());
    expect((await received(holder.email)).map((m) => m.subject)).toEqual(['A task is assigned to you: Check the mail test']);

    const signedIn = await HttpUser.signIn(stack.baseUrl, holder.username, 'not-used-1');
    const handed = await signedIn.post(`/api/tasks/${task!.id}/delegate`, { personId: colleague._id, reason: 'Away next week' });
    expect(handed.status).toBe(200);
    await Promise.all([mailTick(deps('node-h'), new Date()), mailTick(deps('node-i'), new Date())]);
    const mails = await received(colleague.email);
    expect(mails.map((m) => m.subject)).toEqual(['有一项任务分配给您：Check the mail test']);
    expect(mails[0]!.text).toContain(`http://app.test/tasks/${task!.id}`);
  } finally {
    await stack.engine.completeTask(task!.id, {});
  }
}, 60_000);
