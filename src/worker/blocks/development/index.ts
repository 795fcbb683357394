import { developmentRecordAcknowledgement } from './development.record-acknowledgement';
import { developmentRecordPlan } from './development.record-plan';

/** The development group's blocks (declared in src/domain/blocks/development.ts). */
export const DEVELOPMENT = { developmentRecordPlan, developmentRecordAcknowledgement };
