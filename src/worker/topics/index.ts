import type { TopicHandler } from '../topic-handler';
import { reviewScore } from './review.score';
import { reviewFinalize } from './review.finalize';
import { orgResolveManager } from './org.resolve-manager';
import { bonusPool } from './bonus.pool';
import { bonusAllocate } from './bonus.allocate';
import { bonusNextApprover } from './bonus.next-approver';
import { bonusLetters } from './bonus.letters';
import { bonusSchedule } from './bonus.schedule';
import { bonusRerunPerson } from './bonus.rerun-person';

/** Every topic this worker serves; a topic's file carries its name. */
export const TOPIC_HANDLERS: TopicHandler[] = [
  reviewScore, orgResolveManager, reviewFinalize,
  bonusPool, bonusAllocate, bonusNextApprover, bonusLetters, bonusSchedule, bonusRerunPerson,
];
