import { calibrationApply } from './calibration.apply';
import { calibrationCheck } from './calibration.check';
import { calibrationDecide } from './calibration.decide';
import { calibrationGather } from './calibration.gather';
import { calibrationNotify } from './calibration.notify';

/** The calibration group's blocks (declared in src/domain/blocks/calibration.ts). */
export const CALIBRATION = { calibrationGather, calibrationCheck, calibrationDecide, calibrationApply, calibrationNotify };
