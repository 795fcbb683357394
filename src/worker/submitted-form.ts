import { SubmissionModel, submissionVariable, type Submission } from '../db/models/submission';
import type { TopicTask } from './topic-handler';

/**
 * The submission a user task just stored, found through the variable the server completed the task
 * with (`<formKey>SubmissionId`). Missing means the hand-off failed: a technical error, retried.
 */
export async function submittedForm(task: TopicTask, formKey: string): Promise<Submission> {
  const id = task.variable(submissionVariable(formKey));
  const submission = typeof id === 'string' ? await SubmissionModel.findById(id).lean() : null;
  if (!submission) throw new Error(`no ${formKey} submission for instance ${task.processInstanceId}`);
  return submission;
}
