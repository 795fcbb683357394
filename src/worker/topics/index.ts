import type { TopicHandler } from '../topic-handler';
import { calibrationGather } from './calibration.gather';
import { calibrationCheck } from './calibration.check';
import { calibrationDecide } from './calibration.decide';
import { calibrationApply } from './calibration.apply';
import { calibrationNotify } from './calibration.notify';
import { bonusPool } from './bonus.pool';
import { bonusAllocate } from './bonus.allocate';
import { bonusNextApprover } from './bonus.next-approver';
import { bonusLetters } from './bonus.letters';
import { bonusSchedule } from './bonus.schedule';
import { bonusRerunPerson } from './bonus.rerun-person';

/** Topics not yet converted to building blocks (src/worker/blocks); a topic's file carries its name. */
export const TOPIC_HANDLERS: TopicHandler[] = [
  calibrationGather, calibrationCheck, calibrationDecide, calibrationApply, calibrationNotify,
  bonusPool, bonusAllocate, bonusNextApprover, bonusLetters, bonusSchedule, bonusRerunPerson,
];
