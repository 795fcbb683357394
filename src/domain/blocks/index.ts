import type { BlockDeclaration } from './declaration';
import { APPEAL_BLOCKS } from './appeal';
import { BONUS_BLOCKS } from './bonus';
import { CALIBRATION_BLOCKS } from './calibration';
import { CLAWBACK_BLOCKS } from './clawback';
import { DEVELOPMENT_BLOCKS } from './development';
import { NOTIFY_BLOCKS } from './notify';
import { ORG_BLOCKS } from './org';
import { REVIEW_BLOCKS } from './review';

export type { BlockDeclaration, ProducedVariable } from './declaration';
export { APPEAL_BLOCKS, BONUS_BLOCKS, CALIBRATION_BLOCKS, CLAWBACK_BLOCKS, DEVELOPMENT_BLOCKS, NOTIFY_BLOCKS, ORG_BLOCKS, REVIEW_BLOCKS };

/** The building blocks by what they do; each group's file is the one place its blocks are declared. */
export const BLOCK_GROUPS = {
  review: REVIEW_BLOCKS,
  org: ORG_BLOCKS,
  calibration: CALIBRATION_BLOCKS,
  appeal: APPEAL_BLOCKS,
  bonus: BONUS_BLOCKS,
  clawback: CLAWBACK_BLOCKS,
  notify: NOTIFY_BLOCKS,
  development: DEVELOPMENT_BLOCKS,
} satisfies Record<string, Record<string, BlockDeclaration>>;

/** Every declared block, group by group. */
export const ALL_BLOCK_DECLARATIONS: BlockDeclaration[] = Object.values(BLOCK_GROUPS).flatMap((group) => Object.values(group));
