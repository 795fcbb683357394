import { TtlCache } from '../../lib/ttl-cache';
import type { EngineClient, EngineTask } from '../engine-client';
import { AssignedTaskIndex, type LocalTaskChange } from './assigned-task-index';

/**
 * The tasks behind an inbox, put together so that a poll costs the engine about what a bare
 * tasklist query costs (docs/architecture.md, "Performance"):
 * - the person's own tasks: kept by this server from the engine's record of what changed, read for
 *   everyone together about twice a second while anyone polls (assigned-task-index.ts);
 * - each group's queue: one query per group, shared by every member polling within GROUP_QUEUE_MS
 *   (everyone has the "employee" group; a query per person and poll made the engine the bench's
 *   bottleneck). A claim, give-back, delegation or completion through this server forgets the
 *   queues at once, so the person acting sees the change; tasks the engine creates show within the window.
 *   A queue past GROUP_REFRESH_MS is asked again in the background while it is still shown, so a
 *   member's poll seldom waits for the engine; none is shown once GROUP_QUEUE_MS after its query began;
 * - the case variables the inbox shows (caseId, subjectId, cycle): read once per process instance
 *   and kept, since a case never changes them.
 * One `orQueries` query with `withTaskVariablesInReturn` did all three at about three times the
 * engine's cost of a bare assignee query (measured on 3,000 open tasks).
 */
export const INBOX_VARIABLES = ['caseId', 'subjectId', 'cycle'];
const GROUP_QUEUE_MS = 1_000;
const GROUP_REFRESH_MS = 500;
const MAX_TASKS = 200;

interface GroupQueue {
  tasks: Promise<EngineTask[]>;
  askedAt: number;
  /** The queue's task ids, once the engine has answered. */
  ids?: Set<string>;
  /** Asked again in the background already: one refresh per queue. */
  refreshing?: boolean;
}
/** By group: a process knows a handful of groups (the roles), so this stays small. */
const groupQueues = new Map<string, GroupQueue>();
const caseVariables = new TtlCache<NonNullable<EngineTask['variables']>>(60 * 60_000, 100_000);

const indexes = new WeakMap<EngineClient, AssignedTaskIndex>();

function assignedTaskIndex(engine: EngineClient): AssignedTaskIndex {
  let index = indexes.get(engine);
  if (!index) {
    index = new AssignedTaskIndex(engine, MAX_TASKS);
    indexes.set(engine, index);
  }
  return index;
}

export function forgetGroupQueues(): void {
  groupQueues.clear();
}

/**
 * A claim, give-back, hand-over or completion made through this server: the acting person's inbox
 * shows it at once, and the group queues are asked again (the next step may be offered to a group).
 */
export function taskChangedHere(engine: EngineClient, change: LocalTaskChange): void {
  forgetGroupQueues();
  assignedTaskIndex(engine).changedHere(change);
}

function askGroup(engine: EngineClient, group: string): GroupQueue {
  const queue: GroupQueue = { tasks: engine.tasksOfferedToGroup(group, MAX_TASKS), askedAt: Date.now() };
  queue.tasks.then((tasks) => { queue.ids = new Set(tasks.map((t) => t.id)); }, () => { if (groupQueues.get(group) === queue) groupQueues.delete(group); });
  return queue;
}

/**
 * Whether the engine, asked within GROUP_QUEUE_MS for one of these groups' queues, listed this task:
 * then it is offered to that group, and the task page need not ask for the task's identity links
 * (nothing in the product takes a candidate group off a task). False says only "not known here".
 */
export function recentlyOfferedTo(taskId: string, groups: string[]): boolean {
  const now = Date.now();
  return groups.some((group) => {
    const kept = groupQueues.get(group);
    return kept !== undefined && now - kept.askedAt < GROUP_QUEUE_MS && kept.ids?.has(taskId) === true;
  });
}

function groupQueue(engine: EngineClient, group: string): Promise<EngineTask[]> {
  const kept = groupQueues.get(group);
  const age = kept ? Date.now() - kept.askedAt : Number.POSITIVE_INFINITY;
  if (!kept || age >= GROUP_QUEUE_MS) {
    const fresh = askGroup(engine, group);
    groupQueues.set(group, fresh);
    return fresh.tasks;
  }
  if (age >= GROUP_REFRESH_MS && !kept.refreshing) {
    kept.refreshing = true;
    const next = askGroup(engine, group);
    // Only over the queue it refreshes: after a forget (a claim meanwhile), a query begun before it does not count.
    // A failed refresh leaves the kept queue to run out its second, and the next poll asks anew.
    next.tasks.then(() => { if (groupQueues.get(group) === kept) groupQueues.set(group, next); }, () => undefined);
  }
  return kept.tasks;
}

/** Own tasks and the groups' queues, each task once, oldest first, at most MAX_TASKS. */
export function mergeInbox(own: EngineTask[], queues: EngineTask[][], max = MAX_TASKS): EngineTask[] {
  const byId = new Map<string, EngineTask>();
  for (const task of [...own, ...queues.flat()]) if (!byId.has(task.id)) byId.set(task.id, task);
  return [...byId.values()].sort((a, b) => a.created.localeCompare(b.created) || a.id.localeCompare(b.id)).slice(0, max);
}

async function withCaseVariables(engine: EngineClient, tasks: EngineTask[]): Promise<EngineTask[]> {
  const missing = [...new Set(tasks.map((t) => t.processInstanceId).filter((id) => !caseVariables.get(id)))];
  if (missing.length > 0) {
    const found = await engine.processVariables(missing);
    const byInstance = new Map<string, NonNullable<EngineTask['variables']>>();
    // Process-scope values first; a same-named variable of an inner scope never hides them.
    const wanted = found.filter((v) => INBOX_VARIABLES.includes(v.name));
    for (const v of wanted.sort((a, b) => Number(b.activityInstanceId === b.processInstanceId) - Number(a.activityInstanceId === a.processInstanceId))) {
      const variables = byInstance.get(v.processInstanceId) ?? {};
      variables[v.name] ??= { value: v.value, type: v.type };
      byInstance.set(v.processInstanceId, variables);
    }
    // An instance with none has ended meanwhile: nothing to keep.
    for (const [instanceId, variables] of byInstance) caseVariables.set(instanceId, variables);
  }
  return tasks.map((task) => ({ ...task, variables: caseVariables.get(task.processInstanceId) ?? {} }));
}

export async function inboxTasks(engine: EngineClient, userId: string, groups: string[]): Promise<EngineTask[]> {
  const [own, ...queues] = await Promise.all([assignedTaskIndex(engine).tasksOf(userId), ...groups.map((group) => groupQueue(engine, group))]);
  return withCaseVariables(engine, mergeInbox(own!, queues));
}
