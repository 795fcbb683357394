import { peopleCalibratedBy } from '../calibrations/calibration-view';
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../../platform/audit/record-audit';
import { notify } from '../../db/models/notification';
import { PersonModel, type Person } from '../../db/models/person';
import { TaskActivityModel, type TaskActivityKind } from '../../db/models/task-activity';
import type { CurrentUser } from '../current-user';
import { EngineError, taskVariable, type EngineClient, type EngineTask } from '../engine-client';
import { HttpError, badRequest, busy, forbidden, notFound } from '../http-errors';
import { oneWriterAtATime } from '../../db/document-lock';
import { personName } from '../../db/person-cards';
import { taskChangedHere } from './inbox-tasks';
import { claimedByAnotherCandidate, visibleTask, type VisibleTask } from './task-access';

/** The task-local variable naming who claimed a group task: only they may give it back. */
export const CLAIMED_BY = 'claimedBy';

async function isGroupTask(engine: EngineClient, taskId: string): Promise<boolean> {
  const links = await engine.taskIdentityLinks(taskId);
  return links.some((link) => link.type === 'candidate');
}

async function workable(engine: EngineClient, taskId: string, user: CurrentUser): Promise<VisibleTask> {
  const visible = await visibleTask(engine, taskId, user);
  if (!visible) throw notFound('task');
  if (!visible.canWork) throw forbidden('claim this task before working on it');
  return visible;
}

async function note(task: EngineTask, user: CurrentUser, kind: TaskActivityKind, extra: { text?: string; toPersonId?: string } = {}): Promise<void> {
  await TaskActivityModel.create({
    _id: randomUUID(),
    caseId: taskVariable(task, 'caseId') ?? task.processInstanceId,
    processInstanceId: task.processInstanceId,
    taskId: task.id,
    step: task.taskDefinitionKey,
    kind,
    actor: user.id,
    ...extra,
    at: new Date(),
  });
}

/** A claim of a group task, remembered on the task so that only its claimant can give it back. False: it was theirs already. */
export function claimTask(engine: EngineClient, taskId: string, user: CurrentUser): Promise<boolean> {
  return oneWriterAtATime(`task:${taskId}`, () => claimOnce(engine, taskId, user), () => busy('task'));
}

/** The loser of a claim race is told who has the task now, by name in the reader's language. */
async function claimedFirst(holder: string): Promise<HttpError> {
  const name = await personName(holder);
  if (!name) return new HttpError(409, 'someone else claimed this task first');
  return new HttpError(409, `someone else claimed this task first: ${name.en} has it now`, undefined, { name });
}

async function claimOnce(engine: EngineClient, taskId: string, user: CurrentUser): Promise<boolean> {
  const visible = await visibleTask(engine, taskId, user);
  if (!visible) {
    const holder = await claimedByAnotherCandidate(engine, taskId, user);
    if (holder !== null) throw await claimedFirst(holder);
    throw notFound('task');
  }
  if (visible.canWork) return false;
  try {
    await engine.claimTask(taskId, user.id);
  } catch (error) {
    if (error instanceof EngineError && error.status === 404) throw notFound('task');
    if (error instanceof EngineError && error.status >= 400 && error.status < 600) {
      const holder = await claimedByAnotherCandidate(engine, taskId, user).catch(() => null);
      throw holder === null ? new HttpError(409, 'someone else claimed this task first') : await claimedFirst(holder);
    }
    throw error;
  }
  taskChangedHere(engine, { taskId, to: user.id });
  await engine.setTaskLocalVariable(taskId, CLAIMED_BY, user.id);
  await recordAudit({ actor: user.id, action: 'task.claimed', subject: { type: 'task', id: taskId }, details: { step: visible.task.taskDefinitionKey } });
  return true;
}

/**
 * Gives a claimed group task back to its group. Only the person who claimed it may: a task the flow
 * assigned to someone by name is theirs to work or delegate, not to drop.
 */
export function unclaimTask(engine: EngineClient, taskId: string, user: CurrentUser): Promise<void> {
  return oneWriterAtATime(`task:${taskId}`, () => unclaimOnce(engine, taskId, user), () => busy('task'));
}

async function unclaimOnce(engine: EngineClient, taskId: string, user: CurrentUser): Promise<void> {
  const { task } = await workable(engine, taskId, user);
  const [group, claimedBy] = await Promise.all([isGroupTask(engine, taskId), engine.taskLocalVariable(taskId, CLAIMED_BY)]);
  if (!group) throw forbidden('this task was assigned to you by the flow: it cannot be given back, only delegated');
  if (claimedBy !== user.id) throw forbidden('only the person who claimed this task can give it back');
  await engine.unclaimTask(taskId);
  taskChangedHere(engine, { taskId, from: user.id });
  await note(task, user, 'unclaimed');
  await recordAudit({ actor: user.id, action: 'task.unclaimed', subject: { type: 'task', id: taskId }, details: { step: task.taskDefinitionKey, caseId: taskVariable(task, 'caseId') ?? null } });
}

type DelegateCandidate = Pick<Person, '_id' | 'name' | 'title' | 'unitId' | 'managerId' | 'active'>;

/**
 * Who may take over a task from its assignee, by the rule a bank's delegation of authority keeps:
 * the assignee's own manager, or a colleague in the assignee's own unit; never the assignee, never
 * the person the case is about, never someone who reports to that person, never someone who left.
 */
export function mayReceive(delegator: Pick<Person, '_id' | 'unitId' | 'managerId'>, candidate: DelegateCandidate, subjectId: string | undefined): boolean {
  if (!candidate.active || candidate._id === delegator._id) return false;
  if (subjectId && (candidate._id === subjectId || candidate.managerId === subjectId)) return false;
  return candidate._id === delegator.managerId || candidate.unitId === delegator.unitId;
}

/** The people this user may delegate this task to, for the task page's picker. */
export async function delegateCandidates(task: EngineTask, user: CurrentUser): Promise<Array<{ id: string; name: Person['name']; title: Person['title'] }>> {
  const me = await PersonModel.findById(user.id, { unitId: 1, managerId: 1 }).lean();
  if (!me) return [];
  const projection = { name: 1, title: 1, unitId: 1, managerId: 1, active: 1 };
  const [colleagues, manager] = await Promise.all([
    PersonModel.find({ unitId: me.unitId }, projection).limit(500).lean(),
    me.managerId ? PersonModel.findById(me.managerId, projection).lean() : null,
  ]);
  const subjectId = taskVariable(task, 'subjectId');
  const calibrated = await peopleCalibratedBy(task);
  const all = [...(manager ? [manager] : []), ...colleagues.filter((p) => p._id !== manager?._id)];
  return all.filter((p) => mayReceive(me, p, subjectId) && !calibrated.has(p._id)).map((p) => ({ id: p._id, name: p.name, title: p.title }));
}

/**
 * Hands a task assigned to this user to another person, who then finds it in their inbox and works
 * it as its assignee. A group task is given back to the group (unclaim) instead: its candidates are
 * the flow's choice.
 */
export function delegateTask(engine: EngineClient, taskId: string, user: CurrentUser, personId: string, reason?: string): Promise<{ assignee: string }> {
  return oneWriterAtATime(`task:${taskId}`, () => delegateOnce(engine, taskId, user, personId, reason), () => busy('task'));
}

async function delegateOnce(engine: EngineClient, taskId: string, user: CurrentUser, personId: string, reason?: string): Promise<{ assignee: string }> {
  const visible = await visibleTask(engine, taskId, user);
  // A second hand-over racing the first (a double click, another tab) is told what happened.
  if (!visible && await TaskActivityModel.exists({ taskId, actor: user.id, kind: 'delegated' })) throw new HttpError(409, 'you have handed this task over already');
  const { task } = await workable(engine, taskId, user);
  if (await isGroupTask(engine, taskId)) throw forbidden('a task offered to a group is not delegated: give it back to the group instead');
  const refused = badRequest('this person cannot take over the task', [{ field: 'personId', code: 'notAllowed', message: 'choose your own manager or a colleague in your unit; never the person the case is about' }]);
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(personId)) throw refused;
  const [me, candidate] = await Promise.all([
    PersonModel.findById(user.id, { unitId: 1, managerId: 1 }).lean(),
    PersonModel.findById(personId, { name: 1, title: 1, unitId: 1, managerId: 1, active: 1 }).lean(),
  ]);
  if (!me || !candidate || !mayReceive(me, candidate, taskVariable(task, 'subjectId')) || (await peopleCalibratedBy(task)).has(candidate._id)) throw refused;
  const text = reason?.trim();
  await engine.setAssignee(taskId, personId);
  taskChangedHere(engine, { taskId, from: user.id, to: personId });
  await note(task, user, 'delegated', { toPersonId: personId, ...(text ? { text } : {}) });
  // The engine made this task before it was theirs, so the mail of new tasks never told them: a
  // notification does (the mail dispatcher sends it as "a task is assigned to you").
  await notify(personId, `task:${taskId}`, 'task.assigned', { taskId, taskName: task.name ?? task.taskDefinitionKey, stepKey: task.taskDefinitionKey });
  await recordAudit({
    actor: user.id, action: 'task.delegated', subject: { type: 'task', id: taskId },
    details: { step: task.taskDefinitionKey, caseId: taskVariable(task, 'caseId') ?? null, from: user.id, to: personId },
  });
  return { assignee: personId };
}

export const COMMENT_MAX = 2000;

/** A comment on a task by whoever may see it; it joins the case history as plain text. */
/**
 * How long the same words from the same person on the same task count as one comment: a double
 * click, or a request the browser or a proxy sent again, must not put the remark in the case
 * history (and the audit log) twice. Saying it again later is a new comment.
 */
const REPEATED_COMMENT_MS = 30_000;

/** True: the comment was added; false: the same comment had just been added by the same person. */
export async function commentOnTask(engine: EngineClient, taskId: string, user: CurrentUser, text: string): Promise<boolean> {
  const visible = await visibleTask(engine, taskId, user);
  if (!visible) throw notFound('task');
  const trimmed = text.trim();
  if (trimmed === '') throw badRequest('the comment is empty', [{ field: 'text', code: 'required', message: 'write a comment' }]);
  return oneWriterAtATime(`comment:${taskId}:${user.id}`, async () => {
    const repeated = await TaskActivityModel.exists({ taskId, actor: user.id, kind: 'comment', text: trimmed, at: { $gt: new Date(Date.now() - REPEATED_COMMENT_MS) } });
    if (repeated) return false;
    await note(visible.task, user, 'comment', { text: trimmed });
    await recordAudit({ actor: user.id, action: 'task.commented', subject: { type: 'task', id: taskId }, after: { text: trimmed }, details: { step: visible.task.taskDefinitionKey, caseId: taskVariable(visible.task, 'caseId') ?? null } });
    return true;
  }, () => busy('comment'));
}
