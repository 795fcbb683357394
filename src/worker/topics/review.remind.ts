import { notify } from '../../db/models/notification';
import { requireStringVariable, type TopicHandler } from '../topic-handler';

/**
 * A check-in still open when its reminder timer fires: tells the employee. Each firing is numbered
 * by `checkInRemindersSent`, which this handler returns; a redelivery of the same firing (the
 * variable not yet updated) writes the same notification id, so it is sent once.
 */
export const reviewRemind: TopicHandler = {
  topic: 'review.remind',
  async handle(task) {
    const caseId = requireStringVariable(task, 'caseId');
    const subjectId = requireStringVariable(task, 'subjectId');
    const sent = task.variable('checkInRemindersSent');
    const reminder = (typeof sent === 'number' ? sent : 0) + 1;
    await notify(subjectId, caseId, `review.check-in-reminder.${reminder}`, { reminder, cycle: requireStringVariable(task, 'cycle') });
    return { checkInRemindersSent: reminder };
  },
};
