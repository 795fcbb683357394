import type { BulkResult } from '../../domain/api-types';
import type { CurrentUser } from '../current-user';
import type { EngineClient } from '../engine-client';
import { validateSubmission } from '../forms/validate-submission';
import { HttpError } from '../http-errors';
import { bulkDecisionIn } from './inbox';
import { submitTask } from './submit-task';
import { visibleTask } from './task-access';
import { pinnedFormForTask } from './task-form';

export const BULK_MAX = 50;

// The inbox page reads the same shape from /api/tasks/bulk-approval.
export type { BulkResult };

type Checked = { taskId: string; data: Record<string, unknown> } | BulkResult;

/**
 * Whether one task may be approved in bulk, and with what: assigned to this user, its case's
 * pinned form allows bulk approval, and the form's decision alone passes the same server-side
 * validation as a single submission. Nothing is written here.
 */
async function check(engine: EngineClient, user: CurrentUser, taskId: string): Promise<Checked> {
  const visible = await visibleTask(engine, taskId, user);
  if (!visible) return { taskId, approved: false, error: 'task not found' };
  if (!visible.canWork) return { taskId, approved: false, error: 'claim this task before working on it' };
  let schema: Record<string, unknown>;
  try {
    schema = (await pinnedFormForTask(visible.task)).form.schema;
  } catch (error) {
    if (error instanceof HttpError) return { taskId, approved: false, error: error.message };
    throw error;
  }
  const decision = bulkDecisionIn(schema);
  if (!decision) return { taskId, approved: false, error: 'this step\'s form does not allow bulk approval: open the task' };
  const data = { decision };
  const result = validateSubmission(schema, data);
  if (!result.ok) return { taskId, approved: false, error: 'the form needs more than the decision: open the task', problems: result.problems };
  return { taskId, data };
}

/**
 * Approves each task as if its assignee had submitted the bulk decision on its form. All are checked
 * first; only those that pass are submitted (each stored, then completed, as a single submission
 * is), so a task that fails keeps no trace and stays in the inbox. The answer lists every task.
 */
export async function bulkApprove(engine: EngineClient, user: CurrentUser, taskIds: string[]): Promise<BulkResult[]> {
  const checked: Checked[] = [];
  for (const taskId of taskIds) checked.push(await check(engine, user, taskId));
  const results: BulkResult[] = [];
  for (const item of checked) {
    if (!('data' in item)) {
      results.push(item);
      continue;
    }
    try {
      await submitTask(engine, user, item.taskId, item.data);
      results.push({ taskId: item.taskId, approved: true });
    } catch (error) {
      if (!(error instanceof HttpError)) {
        // The ones before are approved already: report this one and go on; a retry finds its stored submission.
        console.error(error);
        results.push({ taskId: item.taskId, approved: false, error: 'something went wrong on our side; try this task again' });
        continue;
      }
      results.push({ taskId: item.taskId, approved: false, error: error.message, ...(error.problems ? { problems: error.problems } : {}) });
    }
  }
  return results;
}
