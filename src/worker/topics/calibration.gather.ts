import { recordAudit } from '../../audit/record-audit';
import { unitReviews } from '../../db/calibration-group';
import { CalibrationModel, calibrationId, type CalibrationPerson } from '../../db/models/calibration';
import { standingRating } from '../../db/models/score';
import { retryOnBusy } from '../../db/retry-on-busy';
import { analyseDistribution } from '../../domain/calibration';
import { calibrationCaseOf, pinnedCalibrationPolicy } from '../calibration/calibration-case';
import type { TopicHandler } from '../topic-handler';

/**
 * Collects the unit's finalized reviews of the cycle with their ratings and compares them with the
 * pinned curve; the calibration document it writes is what the meeting works on. Gathered once: a
 * redelivery finds the document and changes nothing.
 */
export const calibrationGather: TopicHandler = {
  topic: 'calibration.gather',
  async handle(task) {
    const { calibrationCase, unitId, calibration } = await calibrationCaseOf(task);
    if (calibration) return { groupSize: calibration.people.length, curveBinding: calibration.analysis.curveBinding };
    const { cycle } = calibrationCase;
    const finalized = (await unitReviews(cycle, unitId)).filter((r) => r.status === 'finalized');
    const people: CalibrationPerson[] = await Promise.all(finalized.map(async ({ personId }) => {
      const standing = await standingRating(cycle, personId);
      if (!standing) throw new Error(`review ${cycle}:${personId} is finalized but has no final score`);
      return { personId, score: standing.score, proposedRating: standing.rating };
    }));
    const { policy, ref } = await pinnedCalibrationPolicy(calibrationCase);
    const analysis = analyseDistribution(people.map((p) => ({ id: p.personId, rating: p.proposedRating })), policy, ref);
    const id = calibrationId(cycle, unitId);
    const now = new Date();
    try {
      await retryOnBusy(() => CalibrationModel.create({ _id: id, cycle, unitId, caseId: calibrationCase._id, policy: ref, people, analysis, rounds: [], final: [], status: 'meeting', createdAt: now, updatedAt: now }));
    } catch (error) {
      // An earlier delivery wrote it first: the gathering is done.
      if ((error as { code?: number }).code !== 11000) throw error;
      return { groupSize: people.length, curveBinding: analysis.curveBinding };
    }
    await recordAudit({
      actor: 'worker', action: 'calibration.gathered', subject: { type: 'calibration', id },
      after: { people, analysis }, details: { caseId: calibrationCase._id, groupSize: people.length, curveBinding: analysis.curveBinding, withinTolerance: analysis.withinTolerance, policy: ref },
    });
    return { groupSize: people.length, curveBinding: analysis.curveBinding };
  },
};
