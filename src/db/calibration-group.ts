import type { CalibrationPolicy } from '../domain/calibration';
import type { PolicyRef } from '../domain/explanation';
import { policyVersion } from './immutable-versions';
import { OrgUnitModel } from './models/org-unit';
import { PersonModel } from './models/person';
import { ReviewCaseModel, caseIdFor, type CaseStatus, type ReviewCase } from './models/review-case';

export interface UnitReview {
  personId: string;
  caseId: string;
  status: CaseStatus;
}

/**
 * The reviews a unit's calibration covers: the people whose unit it is (as the org chart is now)
 * and who have a review in the cycle. The unit's head is left out: nobody calibrates their own
 * rating; the head is calibrated with the unit above. Reviews are read by id, one per person.
 */
export async function unitReviews(cycle: string, unitId: string): Promise<UnitReview[]> {
  const [unit, people] = await Promise.all([
    OrgUnitModel.findById(unitId, { headId: 1 }).lean(),
    PersonModel.find({ unitId, active: true }, { _id: 1 }).lean(),
  ]);
  const members = people.map((p) => p._id).filter((id) => id !== unit?.headId).sort();
  const cases = await Promise.all(members.map((personId) => ReviewCaseModel.findById(caseIdFor('performance-review', cycle, personId), { status: 1 }).lean()));
  return members.flatMap((personId, i) => {
    const found = cases[i];
    return found ? [{ personId, caseId: found._id, status: found.status }] : [];
  });
}

/** The calibration policy a case pinned at launch: curve, tolerance and minimum group size are its data. */
export async function pinnedCalibrationPolicy(calibrationCase: Pick<ReviewCase, '_id' | 'policyVersions'>): Promise<{ policy: CalibrationPolicy; ref: PolicyRef }> {
  const version = calibrationCase.policyVersions.calibration;
  const found = version === undefined ? null : await policyVersion('calibration', version);
  if (!found) throw new Error(`calibration policy version ${version} (pinned by ${calibrationCase._id}) not found`);
  return { policy: found.body as unknown as CalibrationPolicy, ref: { key: 'calibration', version: found.version } };
}
