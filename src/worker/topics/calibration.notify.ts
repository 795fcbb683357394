import { recordAudit } from '../../audit/record-audit';
import { CalibrationModel } from '../../db/models/calibration';
import { notify } from '../../db/models/notification';
import { ReviewCaseModel } from '../../db/models/review-case';
import { retryOnBusy } from '../../db/retry-on-busy';
import { mapWithConcurrency } from '../../lib/concurrency';
import { requireCalibration } from '../calibration/calibration-case';
import { requireStringVariable, type TopicHandler } from '../topic-handler';

/** Tells each calibrated person and the unit head, and marks the calibration done. Notifications are keyed, so a redelivery adds none. */
export const calibrationNotify: TopicHandler = {
  topic: 'calibration.notify',
  async handle(task) {
    const { calibrationCase, calibration } = await requireCalibration(task);
    const headId = requireStringVariable(task, 'unitHeadId');
    await mapWithConcurrency(calibration.final, 4, (f) => notify(f.personId, calibrationCase._id, 'calibration.applied', {
      cycle: calibration.cycle, rating: f.toRating, fromRating: f.fromRating, changed: f.fromRating !== f.toRating,
    }));
    const changed = calibration.final.filter((f) => f.fromRating !== f.toRating).length;
    await notify(headId, calibrationCase._id, 'calibration.completed', { cycle: calibration.cycle, unitId: calibration.unitId, people: calibration.final.length, changed });
    if (calibrationCase.status !== 'calibrated') {
      await retryOnBusy(() => CalibrationModel.updateOne({ _id: calibration._id }, { $set: { status: 'calibrated', updatedAt: new Date() } }));
      await retryOnBusy(() => ReviewCaseModel.updateOne({ _id: calibrationCase._id }, { $set: { status: 'calibrated' } }));
    }
    // Appended on every delivery: once written it is not written again (its identity is this task), and a
    // delivery that died between the status and the entry leaves it to the redelivery.
    await recordAudit({
      actor: 'worker', action: 'calibration.completed', subject: { type: 'case', id: calibrationCase._id },
      details: { calibration: calibration._id, people: calibration.final.length, changed },
    });
    return { notifiedCount: calibration.final.length + 1 };
  },
};
