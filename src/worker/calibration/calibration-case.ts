import { calibrationId, readCalibration, type Calibration } from '../../db/models/calibration';
import { ReviewCaseModel, type ReviewCase } from '../../db/models/review-case';
import { SubmissionModel, submissionVariable, type Submission } from '../../db/models/submission';
import { requireStringVariable, type TopicTask } from '../topic-handler';

/** What every calibration topic starts from: its case (the unit is the subject) and the calibration document. */
export async function calibrationCaseOf(task: TopicTask): Promise<{ calibrationCase: ReviewCase; unitId: string; calibration: Calibration | null }> {
  const caseId = requireStringVariable(task, 'caseId');
  const calibrationCase = await ReviewCaseModel.findById(caseId).lean();
  if (!calibrationCase) throw new Error(`case ${caseId} not found`);
  const calibration = await readCalibration(calibrationId(calibrationCase.cycle, calibrationCase.subjectId));
  return { calibrationCase, unitId: calibrationCase.subjectId, calibration };
}

export async function requireCalibration(task: TopicTask): Promise<{ calibrationCase: ReviewCase; calibration: Calibration }> {
  const found = await calibrationCaseOf(task);
  if (!found.calibration) throw new Error(`calibration ${found.calibrationCase.cycle}:${found.unitId} has not been gathered`);
  return { calibrationCase: found.calibrationCase, calibration: found.calibration };
}

// Read by the server too (a meeting's submission is judged before it is stored): kept in db.
export { pinnedCalibrationPolicy } from '../../db/calibration-group';

/** The submission a user task's completion handed over (its id travels as an engine variable). */
export async function submissionOf(task: TopicTask, formKey: string): Promise<Submission> {
  const id = task.variable(submissionVariable(formKey));
  const submission = typeof id === 'string' ? await SubmissionModel.findById(id).lean() : null;
  if (!submission) throw new Error(`no ${formKey} submission for this task (${String(id)})`);
  return submission;
}
