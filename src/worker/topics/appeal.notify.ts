import { AppealModel } from '../../db/models/appeal';
import { notify } from '../../db/models/notification';
import { ReviewCaseModel } from '../../db/models/review-case';
import { retryOnBusy } from '../../db/retry-on-busy';
import { requireStringVariable, type TopicHandler } from '../topic-handler';

/** Tells the employee the outcome with the reasons, whichever way it went, and closes the case. */
export const appealNotify: TopicHandler = {
  topic: 'appeal.notify',
  async handle(task) {
    const caseId = requireStringVariable(task, 'caseId');
    const appeal = await AppealModel.findById(caseId).lean();
    if (!appeal) throw new Error(`appeal ${caseId} not found`);
    const outcome = appeal.status === 'rejected'
      ? { kind: 'appeal.rejected', reasons: appeal.triage?.reasons ?? '', rating: appeal.ratingAtFiling }
      : { kind: `appeal.${appeal.decision?.outcome ?? 'dismissed'}`, reasons: appeal.decision?.reasons ?? '', rating: appeal.decision?.ratingAfter ?? appeal.ratingAtFiling };
    await notify(appeal.personId, caseId, outcome.kind, { reasons: outcome.reasons, rating: outcome.rating });
    await retryOnBusy(() => ReviewCaseModel.updateOne({ _id: caseId }, { $set: { status: 'closed' } }));
    return {};
  },
};
