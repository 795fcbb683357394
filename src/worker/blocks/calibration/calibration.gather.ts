import { calibrationId, type CalibrationPerson } from '../../../db/models/calibration';
import { CALIBRATION_BLOCKS } from '../../../domain/blocks';
import { analyseDistribution } from '../../../domain/calibration';
import { defineBlock } from '../block';
import type { CalibrationsPort, CommonPorts, ScoresPort } from '../ports';
import { calibrationCaseOf } from './calibration-case';

/**
 * Collects the unit's finalized reviews of the cycle with their ratings and compares them with the
 * pinned curve; the calibration document it writes is what the meeting works on. Gathered once: a
 * redelivery finds the document and changes nothing.
 */
export const calibrationGather = defineBlock<Pick<CommonPorts, 'cases' | 'audit' | 'clock'> & {
  calibrations: Pick<CalibrationsPort, 'byId' | 'create' | 'unitReviews' | 'policyOf'>; scores: Pick<ScoresPort, 'standings'>;
}>(CALIBRATION_BLOCKS.gather, async (task, ports) => {
  const { calibrationCase, unitId, calibration } = await calibrationCaseOf(task, ports);
  if (calibration) return { groupSize: calibration.people.length, curveBinding: calibration.analysis.curveBinding };
  const { cycle } = calibrationCase;
  const finalized = (await ports.calibrations.unitReviews(cycle, unitId)).filter((r) => r.status === 'finalized');
  const standings = await ports.scores.standings(cycle, finalized.map((r) => r.personId));
  const people: CalibrationPerson[] = finalized.map(({ personId }, i) => {
    const standing = standings[i];
    if (!standing) throw new Error(`review ${cycle}:${personId} is finalized but has no final score`);
    return { personId, score: standing.score, proposedRating: standing.rating };
  });
  const { policy, ref } = await ports.calibrations.policyOf(calibrationCase);
  const analysis = analyseDistribution(people.map((p) => ({ id: p.personId, rating: p.proposedRating })), policy, ref);
  const id = calibrationId(cycle, unitId);
  const now = ports.clock.now();
  const created = await ports.calibrations.create({ _id: id, cycle, unitId, caseId: calibrationCase._id, policy: ref, people, analysis, rounds: [], final: [], status: 'meeting', createdAt: now, updatedAt: now });
  // An earlier delivery wrote it first: the gathering is done.
  if (!created) return { groupSize: people.length, curveBinding: analysis.curveBinding };
  await ports.audit({
    actor: 'worker', action: 'calibration.gathered', subject: { type: 'calibration', id },
    after: { people, analysis }, details: { caseId: calibrationCase._id, groupSize: people.length, curveBinding: analysis.curveBinding, withinTolerance: analysis.withinTolerance, policy: ref },
  });
  return { groupSize: people.length, curveBinding: analysis.curveBinding };
});
