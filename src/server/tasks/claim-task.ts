import { recordAudit } from '../../audit/record-audit';
import type { CurrentUser } from '../current-user';
import { EngineError, type EngineClient } from '../engine-client';
import { HttpError, notFound } from '../http-errors';
import { visibleTask } from './task-access';

/**
 * Takes a task offered to the user or one of their groups, so they may work it. Claiming one's own
 * task again is a no-op; a task someone else took meanwhile is a 409; a task the user cannot see
 * is a 404, as if it did not exist.
 */
export async function claimTask(engine: EngineClient, taskId: string, user: CurrentUser): Promise<{ taskId: string; assignee: string; claimed: boolean }> {
  const visible = await visibleTask(engine, taskId, user);
  if (!visible) throw notFound('task');
  if (visible.canWork) return { taskId, assignee: user.id, claimed: false };
  try {
    await engine.claimTask(taskId, user.id);
  } catch (error) {
    if (error instanceof EngineError && error.status === 404) throw notFound('task');
    if (error instanceof EngineError && /TaskAlreadyClaimed|already claimed/i.test(`${error.type ?? ''} ${error.message}`)) throw new HttpError(409, 'someone else has just claimed this task');
    throw error;
  }
  await recordAudit({ actor: user.id, action: 'task.claimed', subject: { type: 'task', id: taskId }, details: { step: visible.task.taskDefinitionKey } });
  return { taskId, assignee: user.id, claimed: true };
}
