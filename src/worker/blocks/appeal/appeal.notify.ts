import { APPEAL_BLOCKS } from '../../../domain/blocks';
import { requireStringVariable } from '../../topic-handler';
import { defineBlock } from '../block';
import type { AppealsPort, CommonPorts } from '../ports';

/** Tells the employee the outcome with the reasons, whichever way it went, and closes the case. */
export const appealNotify = defineBlock<Pick<CommonPorts, 'cases' | 'notify'> & { appeals: Pick<AppealsPort, 'byId'> }>(APPEAL_BLOCKS.notify, async (task, ports) => {
  const caseId = requireStringVariable(task, 'caseId');
  const appeal = await ports.appeals.byId(caseId);
  if (!appeal) throw new Error(`appeal ${caseId} not found`);
  const outcome = appeal.status === 'rejected'
    ? { kind: 'appeal.rejected', reasons: appeal.triage?.reasons ?? '', rating: appeal.ratingAtFiling }
    : { kind: `appeal.${appeal.decision?.outcome ?? 'dismissed'}`, reasons: appeal.decision?.reasons ?? '', rating: appeal.decision?.ratingAfter ?? appeal.ratingAtFiling };
  await ports.notify(appeal.personId, caseId, outcome.kind, { reasons: outcome.reasons, rating: outcome.rating });
  await ports.cases.setStatus(caseId, 'closed');
  return {};
});
