import { goalsRecord } from './goals.record';
import { goalsRecordChange } from './goals.record-change';
import { reviewAggregate360 } from './review.aggregate-360';
import { reviewChoosePeers } from './review.choose-peers';
import { reviewFinalize } from './review.finalize';
import { reviewPublish } from './review.publish';
import { reviewRemind } from './review.remind';
import { reviewScore } from './review.score';

/** The review group's blocks (declared in src/domain/blocks/review.ts). */
export const REVIEW = { reviewScore, reviewFinalize, reviewPublish, reviewRemind, reviewChoosePeers, reviewAggregate360, goalsRecord, goalsRecordChange };
