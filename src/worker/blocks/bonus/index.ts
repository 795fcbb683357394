import { bonusAllocate } from './bonus.allocate';
import { bonusLetters } from './bonus.letters';
import { bonusNextApprover } from './bonus.next-approver';
import { bonusPool } from './bonus.pool';
import { bonusRerunPerson } from './bonus.rerun-person';
import { bonusSchedule } from './bonus.schedule';

/** The bonus group's blocks (declared in src/domain/blocks/bonus.ts). */
export const BONUS = { bonusPool, bonusAllocate, bonusNextApprover, bonusLetters, bonusSchedule, bonusRerunPerson };
