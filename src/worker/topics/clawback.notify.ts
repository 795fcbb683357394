import { recordAudit } from '../../audit/record-audit';
import { AwardAdjustmentModel } from '../../db/models/award-adjustment';
import { notify } from '../../db/models/notification';
import { PersonModel } from '../../db/models/person';
import { ReviewCaseModel } from '../../db/models/review-case';
import { retryOnBusy } from '../../db/retry-on-busy';
import { requireStringVariable, type TopicHandler } from '../topic-handler';

/**
 * Tells the person (also when they have left: the notice goes to their outbox and mail) and HR what
 * was decided, with the reason, then closes the case. Notifications are keyed by case, kind and
 * recipient, so a redelivery sends nothing twice.
 */
export const clawbackNotify: TopicHandler = {
  topic: 'clawback.notify',
  async handle(task) {
    const caseId = requireStringVariable(task, 'caseId');
    const adjustment = await AwardAdjustmentModel.findById(caseId).lean();
    if (!adjustment?.decision) throw new Error(`case ${caseId} has no decision to notify`);
    const applied = adjustment.decision.decision !== 'reject';
    const kind = applied ? 'clawback.applied' : 'clawback.rejected';
    const hr = await PersonModel.find({ roles: 'hr', active: true }, { _id: 1 }).lean();
    const recipients = [adjustment.personId, ...hr.map((p) => p._id).filter((id) => id !== adjustment.personId)];
    const result = adjustment.outcome?.result;
    const params = {
      awardId: adjustment.awardId,
      cycle: adjustment.cycle,
      eventId: adjustment.event.eventId,
      decision: adjustment.decision.decision,
      reason: adjustment.decision.reason,
      currency: adjustment.awardAtFiling.currency,
      cancelledMinor: applied ? result?.cancelledMinor ?? 0 : 0,
      claimedMinor: applied ? result?.claimedMinor ?? 0 : 0,
    };
    for (const recipient of recipients) await notify(recipient, caseId, kind, params);
    await retryOnBusy(() => AwardAdjustmentModel.updateOne({ _id: caseId }, { $set: { notified: { recipients, at: new Date() } } }));
    await retryOnBusy(() => ReviewCaseModel.updateOne({ _id: caseId }, { $set: { status: 'closed' } }));
    await recordAudit({ actor: 'worker', action: 'clawback.notified', subject: { type: 'award-adjustment', id: caseId }, details: { kind, recipients } });
    return {};
  },
};
