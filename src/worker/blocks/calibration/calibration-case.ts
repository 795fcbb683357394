import { calibrationId, type Calibration } from '../../../db/models/calibration';
import type { ReviewCase } from '../../../db/models/review-case';
import { requireStringVariable, type TopicTask } from '../../topic-handler';
import type { CalibrationsPort, CasesPort } from '../ports';

export interface CalibrationCasePorts {
  cases: Pick<CasesPort, 'byId'>;
  calibrations: Pick<CalibrationsPort, 'byId'>;
}

/** What every calibration block starts from: its case (the unit is the subject) and the calibration document. */
export async function calibrationCaseOf(task: TopicTask, ports: CalibrationCasePorts): Promise<{ calibrationCase: ReviewCase; unitId: string; calibration: Calibration | null }> {
  const caseId = requireStringVariable(task, 'caseId');
  const calibrationCase = await ports.cases.byId(caseId);
  if (!calibrationCase) throw new Error(`case ${caseId} not found`);
  const calibration = await ports.calibrations.byId(calibrationId(calibrationCase.cycle, calibrationCase.subjectId));
  return { calibrationCase, unitId: calibrationCase.subjectId, calibration };
}

export async function requireCalibration(task: TopicTask, ports: CalibrationCasePorts): Promise<{ calibrationCase: ReviewCase; calibration: Calibration }> {
  const found = await calibrationCaseOf(task, ports);
  if (!found.calibration) throw new Error(`calibration ${found.calibrationCase.cycle}:${found.unitId} has not been gathered`);
  return { calibrationCase: found.calibrationCase, calibration: found.calibration };
}
