import { REVIEW_BLOCKS } from '../../../domain/blocks';
import { requireStringVariable } from '../../topic-handler';
import { defineBlock } from '../block';
import type { CommonPorts } from '../ports';

/**
 * A check-in still open when its reminder timer fires: tells the employee. Each firing is numbered
 * by `checkInRemindersSent`, which this handler returns; a redelivery of the same firing (the
 * variable not yet updated) writes the same notification id, so it is sent once.
 */
export const reviewRemind = defineBlock<Pick<CommonPorts, 'notify'>>(REVIEW_BLOCKS.remind, async (task, ports) => {
  const caseId = requireStringVariable(task, 'caseId');
  const subjectId = requireStringVariable(task, 'subjectId');
  const sent = task.variable('checkInRemindersSent');
  const reminder = (typeof sent === 'number' ? sent : 0) + 1;
  await ports.notify(subjectId, caseId, `review.check-in-reminder.${reminder}`, { reminder, cycle: requireStringVariable(task, 'cycle') });
  return { checkInRemindersSent: reminder };
});
