import { appealDecide } from './appeal.decide';
import { appealEscalate } from './appeal.escalate';
import { appealNotify } from './appeal.notify';
import { appealTriage } from './appeal.triage';

/** The appeal group's blocks (declared in src/domain/blocks/appeal.ts). */
export const APPEAL = { appealTriage, appealDecide, appealEscalate, appealNotify };
