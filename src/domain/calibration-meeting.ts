/**
 * One round of a calibration meeting: the unit head submits rating changes (person, new rating,
 * reason); this judges them against the people being calibrated and the target curve.
 *
 * Each submission is the meeting's complete set of changes against the proposed ratings (the
 * ratings the managers' assessments gave), not a delta on an earlier round: a returned meeting
 * resubmits the whole list.
 *
 * A round is accepted when
 *   - every change is valid: a reason, a person of this group, a rating of the curve, not the
 *     person's proposed rating already, at most one change per person;
 *   - no person's rating moved under the meeting's feet (stale: the standing rating read now
 *     differs from the proposed rating the meeting saw);
 *   - and, for a group of at least the policy's minimum size, the distribution after the changes
 *     lies within the curve's tolerance in every band. Below that size the curve is advisory: the
 *     round passes and says so.
 * Every number (curve, tolerance, minimum group size) comes from the policy passed in.
 */
import { whatIf, type CalibrationMove, type CalibrationPolicy, type DistributionAnalysis, type MoveRejection, type WhatIfResult } from './calibration';
import type { PolicyRef } from './explanation';

export interface MeetingChange {
  personId: string;
  toRating: string;
  reason: string;
}

export interface CalibratedPerson {
  personId: string;
  /** The rating the review finalized with, which the meeting calibrates. */
  proposedRating: string;
  /** The standing rating read when the round is judged; differs from proposed when it moved meanwhile. */
  currentRating?: string;
}

export type RoundProblemCode = MoveRejection | 'duplicate-person' | 'stale' | 'outside-tolerance';

export interface RoundProblem {
  code: RoundProblemCode;
  message: string;
  /** The submitted change (0-based row of the form's grid) the problem is about. */
  row?: number;
  personId?: string;
  band?: string;
}

export interface FinalRating {
  personId: string;
  fromRating: string;
  toRating: string;
  /** '' when the meeting kept the proposed rating. */
  reason: string;
}

export interface MeetingRound {
  accepted: boolean;
  /** The group is smaller than the policy's minimum: the curve did not bind this round. */
  curveAdvisory: boolean;
  problems: RoundProblem[];
  moves: CalibrationMove[];
  /** The distribution before and after the valid changes. */
  before: DistributionAnalysis;
  after: DistributionAnalysis;
  /** Every person's rating if the round is accepted, in the order of the group. */
  finalRatings: FinalRating[];
}

function bandProblem(band: DistributionAnalysis['bands'][number]): RoundProblem {
  if (!band.reachable) {
    return { code: 'outside-tolerance', band: band.band, message: `band ${band.band} has ${band.actualCount} (${band.actualPercent} %): no whole number of people is within ${band.targetPercent} % ± tolerance for a group this size` };
  }
  const range = band.allowedMin === band.allowedMax ? `${band.allowedMin}` : `${band.allowedMin}–${band.allowedMax}`;
  const need = band.mustLose > 0 ? `${band.mustLose} must move out` : `${band.mustGain} must move in`;
  return {
    code: 'outside-tolerance',
    band: band.band,
    message: `band ${band.band} has ${band.actualCount} (${band.actualPercent} %), target ${band.targetPercent} % allows ${range}: ${need}`,
  };
}

export function judgeMeetingRound(people: CalibratedPerson[], changes: MeetingChange[], policy: CalibrationPolicy, policyRef: PolicyRef): MeetingRound {
  const problems: RoundProblem[] = [];
  const proposed = new Map(people.map((p) => [p.personId, p.proposedRating]));

  for (const person of people) {
    if (person.currentRating !== undefined && person.currentRating !== person.proposedRating) {
      problems.push({
        code: 'stale', personId: person.personId,
        message: `${person.personId}'s rating changed from ${person.proposedRating} to ${person.currentRating} since the meeting started; review the changes again`,
      });
    }
  }

  // whatIf takes moves in order and would report a second change of one person as stale-from;
  // in a meeting's list it is a duplicate row, and is named so.
  const seen = new Map<string, number>();
  const moves: CalibrationMove[] = [];
  const rowOfMove: number[] = [];
  changes.forEach((change, row) => {
    const personId = typeof change.personId === 'string' ? change.personId.trim() : '';
    const earlier = seen.get(personId);
    if (earlier !== undefined && proposed.has(personId)) {
      problems.push({ code: 'duplicate-person', row, personId, message: `${personId} is changed in row ${earlier + 1} already` });
      return;
    }
    seen.set(personId, row);
    moves.push({ personId, from: proposed.get(personId) ?? '', to: change.toRating, reason: typeof change.reason === 'string' ? change.reason : '' });
    rowOfMove.push(row);
  });

  const result: WhatIfResult = whatIf(people.map((p) => ({ id: p.personId, rating: p.proposedRating })), moves, policy, policyRef);
  for (const rejection of result.rejected) {
    const row = rowOfMove[rejection.index]!;
    const message = rejection.cause === 'no-change' ? `${rejection.move.personId} is proposed at ${rejection.move.to} already` : rejection.message;
    problems.push({ code: rejection.cause, row, personId: rejection.move.personId || undefined, message });
  }

  const curveAdvisory = !result.after.curveBinding;
  if (result.after.curveBinding) {
    for (const band of result.after.bands) if (!band.withinTolerance) problems.push(bandProblem(band));
  }

  const changed = new Map(result.changes.map((c) => [c.personId, c]));
  const finalRatings = people.map((p): FinalRating => {
    const change = changed.get(p.personId);
    return { personId: p.personId, fromRating: p.proposedRating, toRating: change?.to ?? p.proposedRating, reason: change ? change.reasons.join('; ') : '' };
  });

  return { accepted: problems.length === 0, curveAdvisory, problems, moves, before: result.before, after: result.after, finalRatings };
}
