import type { TopicHandler } from '../topic-handler';
import { reviewScore } from './review.score';
import { reviewFinalize } from './review.finalize';
import { reviewPublish } from './review.publish';
import { reviewRemind } from './review.remind';
import { reviewChoosePeers } from './review.choose-peers';
import { reviewAggregate360 } from './review.aggregate-360';
import { goalsRecord } from './goals.record';
import { orgResolveManager } from './org.resolve-manager';
import { orgResolveUnitRoles } from './org.resolve-unit-roles';
import { calibrationGather } from './calibration.gather';
import { calibrationCheck } from './calibration.check';
import { calibrationDecide } from './calibration.decide';
import { calibrationApply } from './calibration.apply';
import { calibrationNotify } from './calibration.notify';
import { appealTriage } from './appeal.triage';
import { appealDecide } from './appeal.decide';
import { appealEscalate } from './appeal.escalate';
import { appealNotify } from './appeal.notify';
import { bonusPool } from './bonus.pool';
import { bonusAllocate } from './bonus.allocate';
import { bonusNextApprover } from './bonus.next-approver';
import { bonusLetters } from './bonus.letters';
import { bonusSchedule } from './bonus.schedule';
import { bonusRerunPerson } from './bonus.rerun-person';
import { clawbackAssess } from './clawback.assess';
import { clawbackRecordDecision } from './clawback.record-decision';
import { clawbackApply } from './clawback.apply';
import { clawbackNotify } from './clawback.notify';
import { notifySubject } from './notify.subject';

/** Every topic this worker serves; a topic's file carries its name. */
export const TOPIC_HANDLERS: TopicHandler[] = [
  reviewScore, orgResolveManager, reviewFinalize, reviewPublish, reviewRemind, reviewChoosePeers, reviewAggregate360, goalsRecord,
  calibrationGather, orgResolveUnitRoles, calibrationCheck, calibrationDecide, calibrationApply, calibrationNotify,
  appealTriage, appealDecide, appealEscalate, appealNotify,
  bonusPool, bonusAllocate, bonusNextApprover, bonusLetters, bonusSchedule, bonusRerunPerson,
  clawbackAssess, clawbackRecordDecision, clawbackApply, clawbackNotify,
  notifySubject,
];
