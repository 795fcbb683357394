import { clawbackApply } from './clawback.apply';
import { clawbackAssess } from './clawback.assess';
import { clawbackNotify } from './clawback.notify';
import { clawbackRecordDecision } from './clawback.record-decision';

/** The malus/clawback group's blocks (declared in src/domain/blocks/clawback.ts). */
export const CLAWBACK = { clawbackAssess, clawbackRecordDecision, clawbackApply, clawbackNotify };
