import type { TopicHandler } from '../topic-handler';
import { calibrationGather } from './calibration.gather';
import { calibrationCheck } from './calibration.check';
import { calibrationDecide } from './calibration.decide';
import { calibrationApply } from './calibration.apply';
import { calibrationNotify } from './calibration.notify';

/** Topics not yet converted to building blocks (src/worker/blocks); a topic's file carries its name. */
export const TOPIC_HANDLERS: TopicHandler[] = [
  calibrationGather, calibrationCheck, calibrationDecide, calibrationApply, calibrationNotify,
];
