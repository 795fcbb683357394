import { calibrationId, readCalibration } from '../../db/models/calibration';
import { OrgUnitModel } from '../../db/models/org-unit';
import { PersonModel } from '../../db/models/person';
import type { ReviewCase } from '../../db/models/review-case';
import { ScoreModel, scoreId } from '../../db/models/score';
import { calibrationView } from '../calibrations/calibration-view';

/**
 * What the person working a task needs beside the form, by the flow the task belongs to. The task
 * page shows `subject` (whose case it is) for every flow; the rest is the flow's own.
 */
type CaseContext = (reviewCase: ReviewCase) => Promise<Record<string, unknown> & { subject: unknown }>;

const CONTEXTS: Record<string, CaseContext> = {
  'performance-review': async (reviewCase) => {
    const [subject, selfScore] = await Promise.all([
      PersonModel.findById(reviewCase.subjectId, { name: 1, title: 1, unitId: 1 }).lean(),
      // The manager sees the employee's computed self score; the employee sees their own.
      ScoreModel.findById(scoreId(reviewCase.cycle, reviewCase.subjectId, 'self'), { score: 1, rating: 1, explanation: 1 }).lean(),
    ]);
    return { subject, selfScore };
  },

  // The meeting and the HRBP see the people, their proposed ratings, the distribution against the
  // curve, the last round's problems and the HRBP's return comment.
  calibration: async (reviewCase) => {
    const [unit, calibration] = await Promise.all([
      OrgUnitModel.findById(reviewCase.subjectId, { name: 1 }).lean(),
      readCalibration(calibrationId(reviewCase.cycle, reviewCase.subjectId)),
    ]);
    return {
      subject: unit ? { _id: unit._id, name: unit.name } : null,
      calibration: unit && calibration ? await calibrationView(calibration, unit) : null,
    };
  },
};

export async function caseContext(reviewCase: ReviewCase): Promise<Record<string, unknown> & { subject: unknown }> {
  const context = CONTEXTS[reviewCase.processKey];
  return context ? context(reviewCase) : { subject: null };
}
