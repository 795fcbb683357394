import { SubmissionModel, submissionVariable, type Submission } from '../db/models/submission';
import { requireStringVariable, type TopicTask } from './topic-handler';

/** The latest submission of a form in this instance, named by its `<form>SubmissionId` variable. */
export async function latestSubmission(task: TopicTask, formKey: string): Promise<Submission> {
  const id = requireStringVariable(task, submissionVariable(formKey));
  const submission = await SubmissionModel.findById(id).lean();
  if (!submission) throw new Error(`${formKey} submission ${id} not found`);
  return submission;
}
