import type { BlockDeclaration } from './declaration';

/** Generic blocks any flow an owner builds may use. */
export const NOTIFY_BLOCKS = {
  subject: { topic: 'notify.subject', name: { en: 'Notify the subject', 'zh-CN': '通知考核对象' }, description: 'Tells the person the case is about (or, for a unit, its head) that the flow reached this point, naming the flow; notifyKind, if set, names the message.',
    reads: ['caseId', 'subjectId', 'subjectType', 'managerId', 'notifyKind'],
    produces: [] },
} satisfies Record<string, BlockDeclaration>;
