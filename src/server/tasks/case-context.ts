import { calibrationId, readCalibration } from '../../db/models/calibration';
import { OrgUnitModel } from '../../db/models/org-unit';
import type { ReviewCase } from '../../db/models/review-case';
import { ScoreModel, scoreId } from '../../db/models/score';
import { PeerFeedbackSummaryModel, peerFeedbackSummaryId } from '../../db/models/peer-feedback-summary';
import { calibrationView } from '../calibrations/calibration-view';
import { minimumRatersOf } from '../../db/feedback-360-policy';
import { anonymousPeerFeedback } from '../../domain/feedback-360';
import { caseSubject } from './case-context/subject';
import type { CurrentUser } from '../current-user';
import { taskVariable, type EngineTask } from '../engine-client';

/**
 * What the person working a task needs beside the form that its form does not show itself. Every
 * flow's page names whose case it is (`subject`); the rest is a flow's own, for what a context
 * component (case-context/fill-context.ts) cannot show yet: the review's scores beside the manager's
 * form, the calibration meeting's working table.
 */
export interface TaskViewer {
  task: EngineTask;
  user: CurrentUser;
}
type FlowContext = (reviewCase: ReviewCase, viewer: TaskViewer) => Promise<Record<string, unknown>>;

const CONTEXTS: Record<string, FlowContext> = {
  'performance-review': async (reviewCase, { task, user }) => {
    // Scores are for the employee and whoever assesses them now; a peer giving 360 feedback sees
    // neither, and the employee never sees the 360 summary (only the manager does).
    const isSubject = user.id === reviewCase.subjectId;
    const isAssessor = !isSubject && user.id === taskVariable(task, 'managerId');
    const [selfScore, peerFeedback, minimumRaters] = await Promise.all([
      isSubject || isAssessor ? ScoreModel.findById(scoreId(reviewCase.cycle, reviewCase.subjectId, 'self'), { score: 1, rating: 1, explanation: 1 }).lean() : null,
      isAssessor ? PeerFeedbackSummaryModel.findById(peerFeedbackSummaryId(reviewCase.cycle, reviewCase.subjectId), { aggregate: 1, comments: 1 }).lean() : null,
      isAssessor ? minimumRatersOf(reviewCase) : null,
    ]);
    // Below the policy's minimum of raters nothing but the count leaves the server (no means, no comments).
    // No policy in force: nothing shown, and the page says why (minimumRaters null).
    const view = peerFeedback ? { ...anonymousPeerFeedback(peerFeedback.aggregate, peerFeedback.comments ?? [], minimumRaters ?? Number.POSITIVE_INFINITY), minimumRaters } : null;
    return { selfScore, peerFeedback: view };
  },

  // The meeting sees the people, their proposed ratings, the distribution against the curve, the
  // last round's problems and the HRBP's return comment (the HRBP's own form shows the moves).
  calibration: async (reviewCase) => {
    const [unit, calibration] = await Promise.all([
      OrgUnitModel.findById(reviewCase.subjectId, { name: 1 }).lean(),
      readCalibration(calibrationId(reviewCase.cycle, reviewCase.subjectId)),
    ]);
    return { calibration: unit && calibration ? await calibrationView(calibration, unit) : null };
  },
};

export async function caseContext(reviewCase: ReviewCase, viewer: TaskViewer): Promise<Record<string, unknown> & { subject: unknown }> {
  const context = CONTEXTS[reviewCase.processKey];
  const [subject, own] = await Promise.all([caseSubject(reviewCase), context ? context(reviewCase, viewer) : {}]);
  return { ...own, subject };
}
