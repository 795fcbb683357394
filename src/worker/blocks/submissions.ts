import { submissionVariable, type Submission } from '../../db/models/submission';
import { requireStringVariable, type TopicTask } from '../topic-handler';
import type { SubmissionsPort } from './ports';

/**
 * The submission a user task just stored, found through the variable the server completed the task
 * with (`<formKey>SubmissionId`). Missing means the hand-off failed: a technical error, retried.
 */
export async function submittedForm(task: TopicTask, submissions: SubmissionsPort, formKey: string): Promise<Submission> {
  const id = task.variable(submissionVariable(formKey));
  const submission = typeof id === 'string' ? await submissions.byId(id) : null;
  if (!submission) throw new Error(`no ${formKey} submission for instance ${task.processInstanceId}`);
  return submission;
}

/** The latest submission of a form in this instance, named by its `<form>SubmissionId` variable, which must be set. */
export async function latestSubmission(task: TopicTask, submissions: SubmissionsPort, formKey: string): Promise<Submission> {
  const id = requireStringVariable(task, submissionVariable(formKey));
  const submission = await submissions.byId(id);
  if (!submission) throw new Error(`${formKey} submission ${id} not found`);
  return submission;
}
