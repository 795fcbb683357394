import { calibrationId, readCalibration } from '../../db/models/calibration';
import { OrgUnitModel } from '../../db/models/org-unit';
import { personCard } from '../../db/person-cards';
import type { ReviewCase } from '../../db/models/review-case';
import { ScoreModel, scoreId } from '../../db/models/score';
import { PeerFeedbackSummaryModel, peerFeedbackSummaryId } from '../../db/models/peer-feedback-summary';
import { calibrationView } from '../calibrations/calibration-view';
import { bonusApprovalContext } from './case-context/bonus-approval';
import type { CurrentUser } from '../current-user';
import { taskVariable, type EngineTask } from '../engine-client';

/**
 * What the person working a task needs beside the form, by the flow the task belongs to. The task
 * page shows `subject` (whose case it is) for every flow; the rest is the flow's own.
 */
export interface TaskViewer {
  task: EngineTask;
  user: CurrentUser;
}
type CaseContext = (reviewCase: ReviewCase, viewer: TaskViewer) => Promise<Record<string, unknown> & { subject: unknown }>;

const CONTEXTS: Record<string, CaseContext> = {
  'performance-review': async (reviewCase, { task, user }) => {
    // Scores are for the employee and whoever assesses them now; a peer giving 360 feedback sees
    // neither, and the employee never sees the 360 summary (only the manager does).
    const isSubject = user.id === reviewCase.subjectId;
    const isAssessor = !isSubject && user.id === taskVariable(task, 'managerId');
    const [subject, selfScore, peerFeedback] = await Promise.all([
      personCard(reviewCase.subjectId).then((p) => (p ? { _id: p._id, name: p.name, title: p.title, unitId: p.unitId } : null)),
      isSubject || isAssessor ? ScoreModel.findById(scoreId(reviewCase.cycle, reviewCase.subjectId, 'self'), { score: 1, rating: 1, explanation: 1 }).lean() : null,
      isAssessor ? PeerFeedbackSummaryModel.findById(peerFeedbackSummaryId(reviewCase.cycle, reviewCase.subjectId), { aggregate: 1 }).lean() : null,
    ]);
    return { subject, selfScore, peerFeedback: peerFeedback?.aggregate ?? null };
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

// The round's approvers and its line head see the round as it stands beside their form.
CONTEXTS['bonus-approval'] = async (reviewCase, { task }) => {
  const unit = await OrgUnitModel.findById(reviewCase.subjectId, { name: 1 }).lean();
  return { subject: unit ? { _id: unit._id, name: unit.name } : null, caseContext: await bonusApprovalContext(reviewCase, task) };
};

export async function caseContext(reviewCase: ReviewCase, viewer: TaskViewer): Promise<Record<string, unknown> & { subject: unknown }> {
  const context = CONTEXTS[reviewCase.processKey];
  return context ? context(reviewCase, viewer) : { subject: null };
}
