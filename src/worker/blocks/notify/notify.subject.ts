import { NOTIFY_BLOCKS } from '../../../domain/blocks';
import { PROCESS_VARIABLE_NAME } from '../../../domain/flow-variables';
import { requireStringVariable } from '../../topic-handler';
import { defineBlock } from '../block';
import type { CommonPorts } from '../ports';

/**
 * A generic building block for any flow an owner builds: tells the person the case is about (a
 * unit's head for a unit case) that the flow reached this point. The message names the flow and,
 * when the diagram sets `notifyKind` (an input parameter or a variable), what happened; one per case
 * and kind, so a redelivered task tells nobody twice.
 */
export const notifySubject = defineBlock<Pick<CommonPorts, 'cases' | 'notify'>>(NOTIFY_BLOCKS.subject, async (task, ports) => {
  const caseId = requireStringVariable(task, 'caseId');
  const recipient = task.variable('subjectType') === 'unit' ? requireStringVariable(task, 'managerId') : requireStringVariable(task, 'subjectId');
  const declared = task.variable('notifyKind');
  if (declared !== undefined && declared !== null && (typeof declared !== 'string' || !PROCESS_VARIABLE_NAME.test(declared))) {
    throw new Error(`notifyKind must be a short name of letters and digits, got ${String(declared).slice(0, 60)}`);
  }
  const reviewCase = await ports.cases.byId(caseId);
  if (!reviewCase) throw new Error(`case ${caseId} not found`);
  const kind = `flow.${typeof declared === 'string' ? declared : 'finished'}`;
  await ports.notify(recipient, caseId, kind, { flow: reviewCase.processKey, cycle: reviewCase.cycle });
  return {};
});
