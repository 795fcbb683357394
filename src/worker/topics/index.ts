import type { TopicHandler } from '../topic-handler';
import { reviewScore } from './review.score';
import { reviewFinalize } from './review.finalize';
import { orgResolveManager } from './org.resolve-manager';
import { goalsRecord } from './goals.record';
import { reviewRemind } from './review.remind';
import { reviewChoosePeers } from './review.choose-peers';
import { reviewAggregate360 } from './review.aggregate-360';

/** Every topic this worker serves; a topic's file carries its name. */
export const TOPIC_HANDLERS: TopicHandler[] = [reviewScore, orgResolveManager, reviewFinalize, goalsRecord, reviewRemind, reviewChoosePeers, reviewAggregate360];
