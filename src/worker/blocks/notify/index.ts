import { notifySubject } from './notify.subject';

/** Generic blocks (declared in src/domain/blocks/notify.ts). */
export const NOTIFY = { notifySubject };
