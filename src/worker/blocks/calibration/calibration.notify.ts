import { CALIBRATION_BLOCKS } from '../../../domain/blocks';
import { mapWithConcurrency } from '../../../lib/concurrency';
import { requireStringVariable } from '../../topic-handler';
import { defineBlock } from '../block';
import type { CalibrationsPort, CommonPorts } from '../ports';
import { requireCalibration } from './calibration-case';

/** Tells each calibrated person and the unit head, and marks the calibration done. Notifications are keyed, so a redelivery adds none. */
export const calibrationNotify = defineBlock<Pick<CommonPorts, 'cases' | 'notify' | 'audit' | 'clock'> & { calibrations: Pick<CalibrationsPort, 'byId' | 'update'> }>(CALIBRATION_BLOCKS.notify, async (task, ports) => {
  const { calibrationCase, calibration } = await requireCalibration(task, ports);
  const headId = requireStringVariable(task, 'unitHeadId');
  await mapWithConcurrency(calibration.final, 4, (f) => ports.notify(f.personId, calibrationCase._id, 'calibration.applied', {
    cycle: calibration.cycle, rating: f.toRating, fromRating: f.fromRating, changed: f.fromRating !== f.toRating,
  }));
  const changed = calibration.final.filter((f) => f.fromRating !== f.toRating).length;
  await ports.notify(headId, calibrationCase._id, 'calibration.completed', { cycle: calibration.cycle, unitId: calibration.unitId, people: calibration.final.length, changed });
  if (calibrationCase.status !== 'calibrated') {
    await ports.calibrations.update(calibration._id, { status: 'calibrated', updatedAt: ports.clock.now() });
    await ports.cases.setStatus(calibrationCase._id, 'calibrated');
  }
  // Appended on every delivery: once written it is not written again (its identity is this task), and a
  // delivery that died between the status and the entry leaves it to the redelivery.
  await ports.audit({
    actor: 'worker', action: 'calibration.completed', subject: { type: 'case', id: calibrationCase._id },
    details: { calibration: calibration._id, people: calibration.final.length, changed },
  });
  return { notifiedCount: calibration.final.length + 1 };
});
