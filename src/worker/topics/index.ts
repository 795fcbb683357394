import type { TopicHandler } from '../topic-handler';
import { reviewScore } from './review.score';
import { reviewFinalize } from './review.finalize';
import { orgResolveManager } from './org.resolve-manager';
import { clawbackAssess } from './clawback.assess';
import { clawbackRecordDecision } from './clawback.record-decision';
import { clawbackApply } from './clawback.apply';
import { clawbackNotify } from './clawback.notify';

/** Every topic this worker serves; a topic's file carries its name. */
export const TOPIC_HANDLERS: TopicHandler[] = [reviewScore, orgResolveManager, reviewFinalize, clawbackAssess, clawbackRecordDecision, clawbackApply, clawbackNotify];
