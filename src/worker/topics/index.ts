import type { TopicHandler } from '../topic-handler';
import { reviewScore } from './review.score';
import { reviewFinalize } from './review.finalize';
import { orgResolveManager } from './org.resolve-manager';
import { appealTriage } from './appeal.triage';
import { appealDecide } from './appeal.decide';
import { appealEscalate } from './appeal.escalate';
import { appealNotify } from './appeal.notify';

/** Every topic this worker serves; a topic's file carries its name. */
export const TOPIC_HANDLERS: TopicHandler[] = [reviewScore, orgResolveManager, reviewFinalize, appealTriage, appealDecide, appealEscalate, appealNotify];
