import type { CalibrationRound } from '../../../db/models/calibration';
import { CALIBRATION_BLOCKS } from '../../../domain/blocks';
import { analyseDistribution } from '../../../domain/calibration';
import { judgeMeetingRound, type MeetingChange } from '../../../domain/calibration-meeting';
import { defineBlock } from '../block';
import type { CalibrationsPort, CommonPorts, ScoresPort } from '../ports';
import { submittedForm } from '../submissions';
import { requireCalibration } from './calibration-case';

/**
 * Judges the meeting's submission as one round: valid changes, nobody's rating moved meanwhile,
 * and (for a group the curve binds) a distribution within tolerance. The round and its problems
 * are kept on the calibration; `meetingAccepted` steers the diagram to the HRBP or back to the meeting.
 * A redelivery finds its round by the meeting task's id and answers the same.
 */
export const calibrationCheck = defineBlock<Pick<CommonPorts, 'cases' | 'submissions' | 'audit' | 'clock'> & {
  calibrations: Pick<CalibrationsPort, 'byId' | 'update' | 'policyOf'>; scores: Pick<ScoresPort, 'standings'>;
}>(CALIBRATION_BLOCKS.check, async (task, ports) => {
  const { calibrationCase, calibration } = await requireCalibration(task, ports);
  const submission = await submittedForm(task, ports.submissions, 'calibration-meeting');
  const judged = calibration.rounds.find((r) => r.taskId === submission.taskId);
  if (judged) return { meetingAccepted: judged.accepted, meetingRound: judged.round };

  const { cycle } = calibrationCase;
  const current = await ports.scores.standings(cycle, calibration.people.map((p) => p.personId));
  const people = calibration.people.map((p, i) => ({ personId: p.personId, proposedRating: p.proposedRating, currentRating: current[i]?.rating ?? p.proposedRating }));
  const changes = ((submission.data.changes ?? []) as MeetingChange[]).map((c) => ({ personId: String(c.personId ?? ''), toRating: String(c.toRating ?? ''), reason: String(c.reason ?? '') }));
  const { policy, ref } = await ports.calibrations.policyOf(calibrationCase);
  const judgement = judgeMeetingRound(people, changes, policy, ref);

  const round: CalibrationRound = {
    round: calibration.rounds.length + 1,
    taskId: submission.taskId,
    submittedBy: submission.submittedBy,
    changes,
    meetingNotes: typeof submission.data.meetingNotes === 'string' ? submission.data.meetingNotes : '',
    accepted: judgement.accepted,
    curveAdvisory: judgement.curveAdvisory,
    problems: judgement.problems,
    after: judgement.after,
    finalRatings: judgement.finalRatings,
    judgedAt: ports.clock.now(),
  };
  // A rating that moved since the gathering becomes the new proposal, so the next round starts from it.
  const stale = people.some((p) => p.currentRating !== p.proposedRating);
  const refreshedPeople = stale ? calibration.people.map((p, i) => ({ ...p, proposedRating: people[i]!.currentRating, score: current[i]?.score ?? p.score })) : calibration.people;
  const analysis = stale ? analyseDistribution(refreshedPeople.map((p) => ({ id: p.personId, rating: p.proposedRating })), policy, ref) : calibration.analysis;
  await ports.calibrations.update(calibration._id, {
    rounds: [...calibration.rounds, round], people: refreshedPeople, analysis, status: judgement.accepted ? 'approval' : 'meeting', updatedAt: ports.clock.now(),
  });
  await ports.audit({
    actor: 'worker', action: 'calibration.round-judged', subject: { type: 'calibration', id: calibration._id },
    after: round, details: { caseId: calibrationCase._id, round: round.round, accepted: round.accepted, curveAdvisory: round.curveAdvisory, problems: round.problems.length, policy: ref },
  });
  return { meetingAccepted: judgement.accepted, meetingRound: round.round };
});
