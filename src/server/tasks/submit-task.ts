import { retryOnBusy } from '../../db/retry-on-busy';
import { recordAudit } from '../../platform/audit/record-audit';
import { SubmissionModel, submissionVariable, type Submission } from '../../db/models/submission';
import type { CurrentUser } from '../current-user';
import { EngineError, type EngineClient } from '../engine-client';
import { caseRuleProblems } from '../forms/case-rules';
import { validateSubmission } from '../forms/validate-submission';
import type { Locale } from '../i18n';
import { variablesOfSubmission } from '../../domain/form-variables';
import { badRequest, forbidden, HttpError, notFound } from '../http-errors';
import { digestOf } from '../../domain/digest';
import { taskChangedHere } from './inbox-tasks';
import { visibleTask } from './task-access';
import { formKeyOf, pinnedFormForTask } from './task-form';
import { isDuplicateKey } from '../../db/duplicate-key';
import { WriteBatcher } from '../../lib/write-batcher';
import { IDS_PER_READ } from '../../db/read-by-ids';

export interface SubmitOutcome {
  submission: Submission;
  /** True when this call found an earlier identical submission (a retry) instead of storing one. */
  replayed: boolean;
}

const COMPLETE_ATTEMPTS = 3;

/**
 * Submissions completed while one mark is written are marked together in the next: one write for
 * many people submitting at once, where each took an update of its own (the slowest write in the
 * full cycle's profile, 3,146 per run).
 */
const completionMarks = new WriteBatcher<string, null>(async (ids) => {
  await retryOnBusy(() => SubmissionModel.updateMany({ _id: { $in: [...new Set(ids)] } }, { $set: { completedAt: new Date() } }));
  return ids.map(() => null);
}, IDS_PER_READ);

async function taskIsGone(engine: EngineClient, taskId: string): Promise<boolean> {
  try {
    await engine.task(taskId);
    return false;
  } catch (error) {
    return error instanceof EngineError && error.status === 404;
  }
}

/** A second answer that differs from the stored one: it would silently not count, so it is refused. */
function differentAnswer(earlier: Submission, data: unknown): HttpError | null {
  if (!earlier.dataDigest || earlier.dataDigest === digestOf(data)) return null;
  return new HttpError(409, 'this task was already completed with other answers', [
    { field: 'data', code: 'already-submitted', message: `this step was completed on ${earlier.submittedAt.toISOString()} with other answers, which stand` },
  ]);
}

/** The audit entry of a stored submission; appended again on every replay, recorded once. */
function recordStored(submission: Submission): Promise<number> {
  return recordAudit({
    eventId: `task:${submission.taskId}:submission-stored`,
    actor: submission.submittedBy, action: 'submission.stored', subject: { type: 'task', id: submission.taskId }, after: submission.data,
    details: { caseId: submission.caseId, formKey: submission.formKey, formVersion: submission.formVersion },
  });
}

async function completeOnce(engine: EngineClient, submission: Submission): Promise<void> {
  // complete() appends the entry itself, before it marks the submission completed.
  if (!submission.completedAt) return complete(engine, submission);
  // An earlier attempt completed it, and may have died before this entry.
  await recordCompleted(submission);
}

function recordCompleted(submission: Submission): Promise<number> {
  return recordAudit({
    eventId: `task:${submission.taskId}:completed`,
    actor: submission.submittedBy, action: 'task.completed', subject: { type: 'task', id: submission.taskId }, details: { caseId: submission.caseId, step: submission.taskDefinitionKey },
  });
}

/**
 * The stored submission is the outbox of its completion: a server that died after storing it and
 * before completing the task and writing the entries leaves one without completedAt (the entry is
 * written before completedAt is set). A server starting finishes them, so the person's answer counts
 * and the log holds each entry once even when nobody sends the request again.
 */
export async function finishStoredSubmissions(engine: EngineClient): Promise<number> {
  const unfinished = await SubmissionModel.find({ completedAt: { $exists: false } }).lean();
  let finished = 0;
  for (const submission of unfinished) {
    try {
      await recordStored(submission);
      await completeOnce(engine, submission);
      finished++;
    } catch (error) {
      // Left to the person's retry, or the next start.
      console.error(`submission ${submission._id} not finished: ${String(error)}`);
    }
  }
  return finished;
}

async function complete(engine: EngineClient, submission: Submission): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await engine.completeTask(submission.taskId, { ...submission.variables, [submissionVariable(submission.formKey)]: submission._id });
      break;
    } catch (error) {
      // The task is gone, so an earlier attempt or a concurrent retry completed it: the engine says
      // 404, or 500 "Cannot find task" when the other completion won the race inside the engine.
      if (error instanceof EngineError && (error.status === 404 || await taskIsGone(engine, submission.taskId))) break;
      // A 5xx under load (optimistic locking, a lock timeout) usually passes; the submission is
      // stored already, so trying again is safe. After that the caller's retry completes it.
      const transient = error instanceof EngineError && error.status >= 500;
      if (!transient || attempt === COMPLETE_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
  taskChangedHere(engine, { taskId: submission.taskId, from: submission.submittedBy, ended: true });
  // The entry before the mark: a submission marked completed has its entry (finishStoredSubmissions).
  await recordCompleted(submission);
  await completionMarks.add(submission._id);
  submission.completedAt = new Date();
}

/**
 * Validates a submission against the task's pinned form, stores it once, then completes the task.
 * Stored before completed: when the completion fails, a retry finds the stored submission and
 * only completes (docs/architecture.md, "Rules the code keeps": nothing lost).
 */
/** `locale`: the language the refusal's reasons are worded in for the reader (FieldProblem.text). */
export async function submitTask(engine: EngineClient, user: CurrentUser, taskId: string, data: unknown, locale: Locale = 'en'): Promise<SubmitOutcome> {
  const earlier = await SubmissionModel.findById(String(taskId)).lean();
  if (earlier) {
    if (earlier.submittedBy !== user.id) throw notFound('task');
    const conflict = differentAnswer(earlier, data);
    if (conflict) throw conflict;
    // The first request may have stored it and died before its audit entry or the completion.
    await recordStored(earlier);
    await completeOnce(engine, earlier);
    return { submission: earlier, replayed: true };
  }

  const visible = await visibleTask(engine, taskId, user);
  if (!visible) {
    // A concurrent request with this answer may have stored it and completed the task meanwhile.
    if (await SubmissionModel.exists({ _id: String(taskId) })) return submitTask(engine, user, taskId, data, locale);
    throw notFound('task');
  }
  if (!visible.canWork) throw forbidden('claim this task before working on it');
  const { reviewCase, form } = await pinnedFormForTask(visible.task);

  const result = validateSubmission(form.schema, data, locale);
  if (!result.ok) throw badRequest('the submission does not match the form', result.problems);
  const variables = variablesOfSubmission(form.schema, result.data);
  if (variables.problems.length > 0) throw badRequest('the submission does not match the form', variables.problems);
  // Rules of the case the form names (forms/case-rules.ts), e.g. a calibration's moves against the curve.
  const ruled = await caseRuleProblems(form.schema, reviewCase, result.data, locale);
  if (ruled.length > 0) throw badRequest('the submission does not keep the rules of this case', ruled);

  let submission: Submission;
  try {
    submission = (await SubmissionModel.create({
      _id: taskId,
      taskId,
      caseId: reviewCase._id,
      processInstanceId: visible.task.processInstanceId,
      taskDefinitionKey: visible.task.taskDefinitionKey,
      formKey: formKeyOf(visible.task)!,
      formVersion: form.version,
      data: result.data,
      dataDigest: digestOf(data),
      variables: variables.values,
      submittedBy: user.id,
      submittedAt: new Date(),
    })).toObject();
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    // A concurrent request stored it first: behave as its retry.
    return submitTask(engine, user, taskId, data, locale);
  }
  await recordStored(submission);
  await completeOnce(engine, submission);
  return { submission, replayed: false };
}
