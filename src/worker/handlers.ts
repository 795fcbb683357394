import { APPEAL } from './blocks/appeal';
import { BONUS } from './blocks/bonus';
import { CALIBRATION } from './blocks/calibration';
import { wireBlock, type Block } from './blocks/block';
import { CLAWBACK } from './blocks/clawback';
import { NOTIFY } from './blocks/notify';
import { ORG } from './blocks/org';
import { REVIEW } from './blocks/review';
import { storePorts, type StorePorts } from './store-ports';
import type { TopicHandler } from './topic-handler';

/**
 * Every block the worker serves, by group (src/worker/blocks/<group>/index.ts). Typed against the
 * store's ports: a block that needs a port the store does not offer does not compile.
 */
export const BLOCKS = { ...REVIEW, ...ORG, ...CALIBRATION, ...APPEAL, ...BONUS, ...CLAWBACK, ...NOTIFY } satisfies Record<string, Block<StorePorts>>;

/** The blocks wired to these ports: the one place the worker meets its models and engine client. */
export function wiredHandlers(ports: StorePorts): TopicHandler[] {
  return [...Object.values(BLOCKS).map((block: Block<StorePorts>) => wireBlock(block, ports))];
}

/** Every topic this worker serves, wired to the real store and engine. */
export const TOPIC_HANDLERS: TopicHandler[] = wiredHandlers(storePorts);

/** Handlers some integration tests deliver a task to by hand (a redelivery after the flow finished). */
export const clawbackApply = wireBlock(BLOCKS.clawbackApply, storePorts);
export const calibrationApply = wireBlock(BLOCKS.calibrationApply, storePorts);
export const calibrationNotify = wireBlock(BLOCKS.calibrationNotify, storePorts);
