import { recordAudit } from '../../audit/record-audit';
import { notify } from '../../db/models/notification';
import { PersonModel } from '../../db/models/person';
import { ReviewCaseModel } from '../../db/models/review-case';
import { retryOnBusy } from '../../db/retry-on-busy';
import { requireStringVariable, type TopicHandler } from '../topic-handler';

/**
 * The panel let its deadline pass: the case is marked escalated and HR and the committee are told.
 * The panel's task stays open (the timer does not interrupt it); escalation adds pressure, not a decider.
 */
export const appealEscalate: TopicHandler = {
  topic: 'appeal.escalate',
  async handle(task) {
    const caseId = requireStringVariable(task, 'caseId');
    // Only the escalation writes escalatedAt on the case document; keep the first time on a redelivery.
    await retryOnBusy(() => ReviewCaseModel.updateOne({ _id: caseId, escalatedAt: { $exists: false } }, { $set: { escalatedAt: new Date() } }));
    const recipients = await PersonModel.find({ roles: { $in: ['hr', 'comp-committee'] }, active: true }, { _id: 1 }).lean();
    for (const person of recipients) await notify(person._id, caseId, 'appeal.escalated', { subjectId: requireStringVariable(task, 'subjectId') });
    await recordAudit({ actor: 'worker', action: 'appeal.escalated', subject: { type: 'appeal', id: caseId }, details: { notified: recipients.map((p) => p._id) } });
    return {};
  },
};
