import { ENGINE_ID } from '../../domain/ids';
import type { CurrentUser } from '../current-user';
import { EngineError, type EngineClient, type EngineTask } from '../engine-client';
import { recentlyOfferedTo } from './inbox-tasks';

export interface VisibleTask {
  task: EngineTask;
  /** Only the assignee may work a task; a candidate sees it and must claim it first. */
  canWork: boolean;
}

/**
 * The task if this user may see it: assigned to them, or unassigned and offered to them or one of
 * their groups. Anything else is reported as absent, so nobody learns which task ids exist.
 */
export async function visibleTask(engine: EngineClient, taskId: string, user: CurrentUser): Promise<VisibleTask | null> {
  if (!ENGINE_ID.test(taskId)) return null;
  let task: EngineTask;
  try {
    task = await engine.task(taskId);
  } catch (error) {
    if (error instanceof EngineError && error.status === 404) return null;
    throw error;
  }
  if (task.assignee === user.id) return { task, canWork: true };
  if (task.assignee) return null;
  return (await offeredTo(engine, task, user)) ? { task, canWork: false } : null;
}

async function offeredTo(engine: EngineClient, task: EngineTask, user: CurrentUser): Promise<boolean> {
  // A task offered to a group is never offered to the person the case is about: a committee member
  // does not decide their own appeal, an HR officer does not triage their own.
  if (task.variables?.subjectId?.value === user.id) return false;
  if (recentlyOfferedTo(task.id, user.groups)) return true;
  const links = await engine.taskIdentityLinks(task.id).catch((error: unknown) => {
    // Completed since it was read: offered to nobody now.
    if (error instanceof EngineError && error.status === 404) return [];
    throw error;
  });
  return links.some((link) => link.type === 'candidate' && (link.userId === user.id || (link.groupId !== null && user.groups.includes(link.groupId))));
}

/**
 * Who holds a group task this user was offered and someone else of the group has claimed: the one
 * who lost a race to claim it is told so, and by whom (409), where anyone else is told it does not
 * exist. Null when the task is not such a task.
 */
export async function claimedByAnotherCandidate(engine: EngineClient, taskId: string, user: CurrentUser): Promise<string | null> {
  if (!ENGINE_ID.test(taskId)) return null;
  const task = await engine.task(taskId).catch((error: unknown) => {
    if (error instanceof EngineError && error.status === 404) return null;
    throw error;
  });
  return task !== null && task.assignee !== null && task.assignee !== user.id && await offeredTo(engine, task, user) ? task.assignee : null;
}
