import { pinnedCalibrationPolicy } from '../../db/calibration-group';
import { calibrationId, readCalibration } from '../../db/models/calibration';
import type { ReviewCase } from '../../db/models/review-case';
import { standingRatingsOf } from '../../db/models/score';
import { personNames } from '../../db/person-cards';
import { judgeMeetingRound, type MeetingChange } from '../../domain/calibration-meeting';
import type { FieldProblem } from '../forms/validate-submission';
import { translate, type Locale } from '../i18n';
import { problemsInWords } from './calibration-words';

/**
 * The calibration meeting's whole set of moves, judged when the head submits it, as the flow's
 * `calibration.check` judges it after: every person of the group, a reason for each move, ratings of
 * the pinned curve, and (for a group the curve binds) every band within its allowed counts. A set
 * that fails is refused with reasons on its fields in the reader's language, and nothing is stored;
 * the flow's own check stays, for a rating that moves between this answer and the check.
 */
export async function calibrationRoundProblems(reviewCase: Pick<ReviewCase, '_id' | 'cycle' | 'subjectId' | 'policyVersions'>, data: Record<string, unknown>, locale: Locale): Promise<FieldProblem[]> {
  const calibration = await readCalibration(calibrationId(reviewCase.cycle, reviewCase.subjectId));
  if (!calibration) return [{ field: 'changes', code: 'not-gathered', message: translate(locale, 'calibration.problem.not-gathered') }];
  const current = await standingRatingsOf(reviewCase.cycle, calibration.people.map((p) => p.personId));
  const people = calibration.people.map((p, i) => ({ personId: p.personId, proposedRating: p.proposedRating, currentRating: current[i]?.rating ?? p.proposedRating }));
  const rows = Array.isArray(data.changes) ? (data.changes as Array<Record<string, unknown>>) : [];
  const changes: MeetingChange[] = rows.map((c) => ({ personId: String(c.personId ?? ''), toRating: String(c.toRating ?? ''), reason: String(c.reason ?? '') }));
  const { policy, ref } = await pinnedCalibrationPolicy(reviewCase);
  const judgement = judgeMeetingRound(people, changes, policy, ref);
  if (judgement.accepted) return [];
  const names = await personNames(calibration.people.map((p) => p.personId));
  const meanwhile = new Map(people.filter((p) => p.currentRating !== p.proposedRating).map((p) => [p.personId, { from: p.proposedRating, to: p.currentRating }]));
  return problemsInWords(judgement.problems, judgement.after, changes, names, locale, meanwhile);
}
