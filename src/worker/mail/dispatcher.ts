import type { Transporter } from 'nodemailer';
import { recordAudit } from '../../platform/audit/record-audit';
import { MailCursorModel, MailModel, MailPreferenceModel, type Mail } from '../../db/models/mail';
import { NotificationModel } from '../../db/models/notification';
import { PersonModel, type Person } from '../../db/models/person';
import { policyInForce } from '../../db/policies-in-force';
import { retryOnBusy } from '../../db/retry-on-busy';
import {
  deliveryMode, digestDay, groupDigests, mailId, nextAttemptDelay, readMailPolicy, redactPay, reminderStages,
  type MailPolicy, type MailPreferences,
} from '../../domain/mail';
import type { EngineClient, EngineTask } from '../../platform/engine-client';
import { renderMail } from '../../platform/mail/render-mail';
import { isDuplicateKey } from '../../db/duplicate-key';
import { idChunks, readByIds } from '../../db/read-by-ids';

/**
 * The outbox dispatcher: one pass (mailTick) turns what happened into mails and sends those due.
 *
 * Why a dispatcher and not a building block: most mails answer events no service task sees (the
 * engine creating a user task, a due date passing, the digest hour), and a block would need every
 * shipped diagram changed. The blocks keep writing notifications (ports.notify), keyed per case,
 * kind and person; the dispatcher mails each once. Every worker runs it; two at once are safe:
 *   - a mail's _id names its event and reader (a notification's id, `task:<id>:offered:<person>`,
 *     `task:<id>:<stage>:<person>`, `digest:<person>:<day>`) and is written with $setOnInsert, so a
 *     redelivered task or a second worker noticing the same event makes no second mail;
 *   - sending is claimed first, one conditional update on the mail (claimedBy/claimUntil); the mail
 *     goes with its _id as Message-ID and the send is audited with the same id as its eventId
 *     (record-audit's once-only events), so a crash between sending and marking it sent, the one
 *     window left, repeats the same Message-ID, which the sink (and most relays) keep once.
 * A failed send waits (policy attempts and back-off) and is tried again; then it is 'failed' and
 * the incidents page shows it.
 */
export interface MailDeps {
  engine: EngineClient;
  transport: Transporter;
  from: string;
  appUrl: string;
  nodeId: string;
  /** Instead of the policy in force (tests). */
  policy?: MailPolicy;
}

const CLAIM_MS = 60_000;
const BATCH = 200;

export async function mailTick(deps: MailDeps, now = new Date()): Promise<void> {
  const policy = deps.policy ?? readMailPolicy((await policyInForce('mail', now))?.body);
  const pass = new MailPass();
  await queueNotifications(pass, policy, now);
  await queueNewTasks(deps, pass, policy, now);
  await queueReminders(deps, pass, policy, now);
  await queueDigests(policy, now);
  await sendDue(deps, policy, now);
}

/**
 * What one pass reads once: a burst of new tasks (a cycle launched for thousands, a queue offered to
 * a group) names the same people and groups again and again, and each mail read the person's
 * preferences, their task mails of the day and the group's members anew: three reads a mail, most of
 * the store's work in the inbox bench while it mailed 10,000 new tasks' holders.
 */
class MailPass {
  private readonly preferences = new Map<string, Promise<MailPreferences>>();
  /** Immediate task mails of the day per person: counted once, then counted on as this pass queues them. */
  private readonly taskMails = new Map<string, Promise<number>>();
  private readonly members = new Map<string, Promise<string[]>>();

  preferencesOf(personId: string): Promise<MailPreferences> {
    return memo(this.preferences, personId, async () => {
      const row = await MailPreferenceModel.findById(personId).lean();
      return row ? { tasks: row.tasks, reminders: row.reminders, results: row.results } : {};
    });
  }

  taskMailsToday(personId: string, now: Date): Promise<number> {
    return memo(this.taskMails, personId, () => MailModel.countDocuments({ recipientId: personId, kind: { $in: ['task.offered', 'task.assigned'] }, mode: 'immediate', createdAt: { $gte: startOfDay(now) } }).exec());
  }

  countTaskMail(personId: string): void {
    const counted = this.taskMails.get(personId);
    if (counted) this.taskMails.set(personId, counted.then((n) => n + 1));
  }

  /** The active members of any of these groups (a group is a role). */
  membersOf(groups: string[]): Promise<string[]> {
    return memo(this.members, [...groups].sort().join('\n'), async () =>
      (await PersonModel.find({ roles: { $in: groups }, active: true }, { _id: 1 }).lean()).map((m) => m._id));
  }
}

function memo<T>(kept: Map<string, Promise<T>>, key: string, read: () => Promise<T>): Promise<T> {
  let found = kept.get(key);
  if (!found) {
    found = read();
    // A failed read is not kept: the next mail of this pass reads again.
    found.catch(() => kept.delete(key));
    kept.set(key, found);
  }
  return found;
}

interface NewMail {
  id: string;
  recipientId: string;
  kind: string;
  params: Record<string, unknown>;
  /** A path in the app. */
  path: string;
  /** For a mail about a task: `<taskId>:<stage>` (see Mail.taskStage). */
  taskStage?: string;
}

function startOfDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/**
 * Makes the mail once (its id), in the mode the person's preference and the policy give. `unseen`:
 * the caller has just looked for this mail (or for any of its task stage) and found none, so the
 * look is spared (a mail made meanwhile by another worker is still made once, by the upsert).
 */
async function queueMail(pass: MailPass, mail: NewMail, policy: MailPolicy, now: Date, unseen = false): Promise<void> {
  if (!unseen && await MailModel.exists({ _id: mail.id })) return;
  const preferences = await pass.preferencesOf(mail.recipientId);
  const isTaskMail = mail.kind === 'task.offered' || mail.kind === 'task.assigned';
  const taskMailsToday = isTaskMail ? await pass.taskMailsToday(mail.recipientId, now) : 0;
  const mode = deliveryMode(mail.kind, preferences, policy, taskMailsToday);
  if (isTaskMail && mode === 'immediate') pass.countTaskMail(mail.recipientId);
  const status = mode === 'immediate' ? 'pending' : mode === 'digest' ? 'waiting-digest' : 'off';
  await retryOnBusy(() => MailModel.updateOne({ _id: mail.id }, {
    $setOnInsert: {
      recipientId: mail.recipientId, kind: mail.kind, mode, params: redactPay(mail.kind, mail.params, policy), link: mail.path,
      status, ...(mode === 'digest' ? { digestDay: digestDay(now, policy.digestHourUtc) } : {}),
      ...(mail.taskStage ? { taskStage: mail.taskStage } : {}),
      attempts: 0, nextAttemptAt: now, createdAt: now,
    },
  }, { upsert: true })).catch((error: unknown) => {
    // Another worker made the same mail at the same moment: it exists, once.
    if (!isDuplicateKey(error)) throw error;
  });
}

/** Where a notification's mail leads: the page its reader checks it on. */
function notificationPath(kind: string, params: Record<string, unknown>): string {
  // A task handed to someone: its own page.
  if (kind.startsWith('task.') && typeof params.taskId === 'string') return `/tasks/${encodeURIComponent(params.taskId)}`;
  if (kind.startsWith('bonus.')) return '/me#letters';
  if (kind.startsWith('appeal.escalated') || kind.startsWith('calibration.completed')) return '/inbox';
  if (kind.startsWith('risk-warning.')) return '/risk-warnings';
  return '/me';
}

async function queueNotifications(pass: MailPass, policy: MailPolicy, now: Date): Promise<void> {
  const rows = await NotificationModel.find({ mail: 'waiting' }).limit(BATCH).lean();
  if (rows.length === 0) return;
  const mailId = (row: { _id: string }) => `notification:${row._id}`;
  // The page's mails looked for in one read and its notifications marked in one write, not two
  // round trips each: a pass that dies between them queues again, and finds the mails it made.
  const made = await readByIds<{ _id: string }>(MailModel, rows.map(mailId), { _id: 1 });
  for (const row of rows) {
    if (made.has(mailId(row))) continue;
    await queueMail(pass, { id: mailId(row), recipientId: row.recipientId, kind: row.kind, params: row.params, path: notificationPath(row.kind, row.params) }, policy, now, true);
  }
  for (const ids of idChunks(rows.map((row) => row._id))) {
    await retryOnBusy(() => NotificationModel.updateMany({ _id: { $in: ids } }, { $set: { mailedAt: now, mail: 'queued' } }));
  }
}

/** The people a task waits for: its assignee, else the members of its candidate groups (a group is a role). */
async function taskRecipients(engine: EngineClient, pass: MailPass, task: EngineTask): Promise<{ kind: 'task.assigned' | 'task.offered'; people: string[] }> {
  if (task.assignee) return { kind: 'task.assigned', people: [task.assignee] };
  const links = await engine.taskIdentityLinks(task.id);
  const users = links.filter((l) => l.type === 'candidate' && l.userId).map((l) => l.userId!);
  const groups = links.filter((l) => l.type === 'candidate' && l.groupId).map((l) => l.groupId!);
  const members = groups.length === 0 ? [] : await pass.membersOf(groups);
  return { kind: 'task.offered', people: [...new Set([...users, ...members])] };
}

/** How far back each pass looks again for tasks committed after a newer one was seen (their mails' ids make a second look harmless). */
const OVERLAP_MS = 10_000;
/** Reminders catch up this long after a task's last stage (a worker that was down), then leave the task alone. */
const CATCH_UP_MS = 86_400_000;
/** At most this many tasks a pass, in pages of BATCH; the rest wait for the next pass. */
const TASKS_PER_PASS = 5_000;

/** The engine's time text (2026-01-31T09:00:00.000+0000) as a Date. */
function engineDate(text: string): Date {
  return new Date(text.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
}

/** Every page of an engine task query, up to TASKS_PER_PASS tasks. */
async function allPages(page: (firstResult: number, maxResults: number) => Promise<EngineTask[]>): Promise<EngineTask[]> {
  const out: EngineTask[] = [];
  while (out.length < TASKS_PER_PASS) {
    const tasks = await page(out.length, BATCH);
    out.push(...tasks);
    if (tasks.length < BATCH) break;
  }
  return out;
}

/** Whether a mail about a task at one of these stages exists already, so its people need not be looked up again. */
function taskMailed(taskId: string, stages: string[]): Promise<unknown> {
  return MailModel.exists({ taskStage: { $in: stages.map((stage) => `${taskId}:${stage}`) } });
}

async function queueNewTasks(deps: MailDeps, pass: MailPass, policy: MailPolicy, now: Date): Promise<void> {
  const cursor = await MailCursorModel.findById('tasks').lean();
  // First run: the last day's tasks; afterwards from the newest seen, less the overlap.
  const after = cursor?.createdAfter ? new Date(cursor.createdAfter.getTime() - OVERLAP_MS) : new Date(now.getTime() - 86_400_000);
  const tasks = await allPages((first, max) => deps.engine.tasksCreatedAfter(after, first, max));
  for (const task of tasks) {
    if (await taskMailed(task.id, ['offered', 'assigned'])) continue;
    const { kind, people } = await taskRecipients(deps.engine, pass, task);
    const stage = kind === 'task.assigned' ? 'assigned' : 'offered';
    for (const personId of people) {
      await queueMail(pass, { id: mailId(['task', task.id, stage, personId]), recipientId: personId, kind, params: taskParams(task), path: `/tasks/${task.id}`, taskStage: `${task.id}:${stage}` }, policy, now, true);
    }
  }
  const newest = tasks.reduce((max, t) => Math.max(max, engineDate(t.created).getTime()), 0);
  if (tasks.length > 0 && Number.isFinite(newest) && newest > (cursor?.createdAfter?.getTime() ?? 0)) {
    await MailCursorModel.updateOne({ _id: 'tasks' }, { $set: { createdAfter: new Date(newest) } }, { upsert: true });
  }
}

function taskParams(task: EngineTask): Record<string, unknown> {
  return { taskName: task.name ?? task.taskDefinitionKey, stepKey: task.taskDefinitionKey, due: task.due ? engineDate(task.due).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : null };
}

async function queueReminders(deps: MailDeps, pass: MailPass, policy: MailPolicy, now: Date): Promise<void> {
  // Only tasks with a stage still to come or just come: due from (escalation + catch-up) ago to the reminder time ahead.
  const from = new Date(now.getTime() - policy.escalateAfterMinutes * 60_000 - CATCH_UP_MS);
  const to = new Date(now.getTime() + policy.remindBeforeMinutes * 60_000);
  const tasks = await allPages((first, max) => deps.engine.tasksDueBetween(from, to, first, max));
  for (const task of tasks) {
    if (!task.due) continue;
    const due = reminderStages(engineDate(task.due), now, policy);
    const stages = [];
    for (const stage of due) if (!(await taskMailed(task.id, [stage]))) stages.push(stage);
    if (stages.length === 0) continue;
    const holders = task.assignee ? [task.assignee] : (await taskRecipients(deps.engine, pass, task)).people;
    for (const stage of stages) {
      if (stage === 'escalated') {
        // Each holder's manager, once per task: a task nobody took goes to the managers of those it was offered to.
        const people = await PersonModel.find({ _id: { $in: holders } }, { managerId: 1, name: 1 }).lean<Array<Pick<Person, '_id' | 'managerId' | 'name'>>>();
        const byManager = new Map<string, Array<Person['name']>>();
        for (const holder of people) if (holder.managerId) byManager.set(holder.managerId, [...(byManager.get(holder.managerId) ?? []), holder.name]);
        const managers = await PersonModel.find({ _id: { $in: [...byManager.keys()] } }, { locale: 1 }).lean<Array<Pick<Person, '_id' | 'locale'>>>();
        for (const manager of managers) {
          // The holders named in the manager's language.
          const holderName = byManager.get(manager._id)!.map((name) => name[manager.locale] ?? name.en).join(', ');
          await queueMail(pass, { id: mailId(['task', task.id, 'escalated', manager._id]), recipientId: manager._id, kind: 'task.escalated', params: { ...taskParams(task), holderName }, path: '/inbox', taskStage: `${task.id}:escalated` }, policy, now);
        }
      } else {
        for (const personId of holders) await queueMail(pass, { id: mailId(['task', task.id, stage, personId]), recipientId: personId, kind: `task.${stage}`, params: taskParams(task), path: `/tasks/${task.id}`, taskStage: `${task.id}:${stage}` }, policy, now);
      }
    }
  }
}

async function queueDigests(policy: MailPolicy, now: Date): Promise<void> {
  const waiting = await MailModel.find({ status: 'waiting-digest' }, { recipientId: 1, digestDay: 1, kind: 1 }).sort({ createdAt: 1 }).limit(2000).lean();
  const groups = groupDigests(waiting.map((m) => ({ id: m._id, recipientId: m.recipientId, day: m.digestDay ?? '', kind: m.kind })), now, policy.digestHourUtc);
  for (const group of groups) {
    const id = mailId(['digest', group.recipientId, group.day]);
    const ids = group.entries.map((e) => e.id);
    try {
      await MailModel.updateOne({ _id: id, status: 'pending' }, {
        $setOnInsert: { recipientId: group.recipientId, kind: 'digest', mode: 'immediate', params: {}, link: '/inbox', status: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now },
        $addToSet: { entries: { $each: ids } },
      }, { upsert: true });
      await MailModel.updateMany({ _id: { $in: ids } }, { $set: { status: 'digested' } });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // That day's digest went out already: these wait for the next one.
      const next = new Date(Date.parse(`${group.day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      await MailModel.updateMany({ _id: { $in: ids }, status: 'waiting-digest' }, { $set: { digestDay: next } });
    }
  }
}

const claimable = (now: Date) => ({ status: 'pending', nextAttemptAt: { $lte: now }, $or: [{ claimUntil: { $exists: false } }, { claimUntil: { $lt: now } }] });

/**
 * The mails due now, oldest due first, at most `max`: one read of the pending mails per pass. A
 * sorted claim per mail read and decoded every pending mail each time on FerretDB (it sorts in Go):
 * 200 ms a mail with 5,000 waiting, the store's busiest work in the inbox bench.
 */
async function dueMails(now: Date, max: number): Promise<Array<Pick<Mail, '_id' | 'recipientId'>>> {
  const pending = await MailModel.find(claimable(now), { nextAttemptAt: 1, recipientId: 1 }).lean<Array<Pick<Mail, '_id' | 'nextAttemptAt' | 'recipientId'>>>();
  return pending.sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime()).slice(0, max);
}

/** Claims one mail by its id, if nobody has meanwhile (another node, a pass before this one). */
async function claim(id: string, nodeId: string, now: Date): Promise<Mail | null> {
  return MailModel.findOneAndUpdate(
    { _id: id, ...claimable(now) },
    { $set: { claimedBy: nodeId, claimUntil: new Date(now.getTime() + CLAIM_MS) } },
    { new: true },
  ).lean<Mail>();
}

/** The Message-ID of a mail: its identity, so a repeated send is recognisable as the same mail. */
export function messageIdOf(id: string): string {
  return `<${Buffer.from(id).toString('base64url')}@meritflow>`;
}

type Reader = Pick<Person, '_id' | 'email' | 'name' | 'locale'>;

async function sendDue(deps: MailDeps, policy: MailPolicy, now: Date): Promise<void> {
  const due = await dueMails(now, BATCH);
  // The readers of the whole batch in one read, not one each.
  const readers = await readByIds<Reader>(PersonModel, due.map((m) => m.recipientId), { email: 1, name: 1, locale: 1 });
  for (const { _id } of due) {
    const mail = await claim(_id, deps.nodeId, now);
    if (mail) await sendOne(deps, policy, mail, readers.get(mail.recipientId), now);
  }
}

async function sendOne(deps: MailDeps, policy: MailPolicy, mail: Mail, person: Reader | undefined, now: Date): Promise<void> {
  if (!person) {
    await MailModel.updateOne({ _id: mail._id, claimedBy: deps.nodeId }, { $set: { status: 'off', lastError: 'no such person' }, $unset: { claimUntil: 1 } });
    return;
  }
  const entries = mail.entries ? await MailModel.find({ _id: { $in: mail.entries } }, { kind: 1, params: 1, link: 1, createdAt: 1 }).sort({ createdAt: 1 }).lean() : undefined;
  const { subject, text } = renderMail({
    kind: mail.kind, params: mail.params, link: deps.appUrl + mail.link, readerName: person.name[person.locale] ?? person.name.en, locale: person.locale,
    entries: entries?.map((e) => ({ kind: e.kind, params: e.params, link: deps.appUrl + e.link })),
  });
  try {
    await deps.transport.sendMail({ from: deps.from, to: person.email, subject, text, messageId: messageIdOf(mail._id), headers: { 'X-Meritflow-Mail': mail._id } });
  } catch (error) {
    const failures = mail.attempts + 1;
    const delay = nextAttemptDelay(failures, policy);
    const message = error instanceof Error ? error.message : String(error);
    await MailModel.updateOne({ _id: mail._id, claimedBy: deps.nodeId }, {
      $set: { attempts: failures, lastError: message.slice(0, 1000), ...(delay === null ? { status: 'failed' } : { nextAttemptAt: new Date(now.getTime() + delay) }) },
      $unset: { claimUntil: 1 },
    });
    if (delay === null) await recordAudit({ actor: 'meritflow-mail', action: 'mail.failed', subject: { type: 'mail', id: mail._id }, eventId: `mail:${mail._id}:failed`, details: { attempts: failures, error: message.slice(0, 300) } });
    return;
  }
  await MailModel.updateOne({ _id: mail._id }, { $set: { status: 'sent', sentAt: now, attempts: mail.attempts + 1 }, $unset: { claimUntil: 1 } });
  await recordAudit({ actor: 'meritflow-mail', action: 'mail.sent', subject: { type: 'mail', id: mail._id }, eventId: `mail:${mail._id}:sent`, details: { kind: mail.kind, recipientId: mail.recipientId } });
}

/** Notifications written before they carried `mail` (one full read, once per start) wait for their mail too. */
export async function markOlderNotificationsWaiting(): Promise<void> {
  await NotificationModel.updateMany({ mailedAt: { $exists: false }, mail: { $exists: false } }, { $set: { mail: 'waiting' } });
}

/** Runs mailTick every `everyMs`, one pass at a time; returns a stop function. */
export function startMailDispatcher(deps: MailDeps, everyMs: number): () => void {
  let running = false;
  let upgraded = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    (async () => {
      if (!upgraded) {
        await markOlderNotificationsWaiting();
        upgraded = true;
      }
      await mailTick(deps);
    })().catch((error) => console.error('mail pass failed:', error)).finally(() => { running = false; });
  }, everyMs);
  return () => clearInterval(timer);
}
