import { PersonModel } from '../../db/models/person';
import { retryOnBusy } from '../../db/retry-on-busy';
import type { Cast } from './cast';
import { until } from './http-client';

/**
 * Someone who has since left the bank is found to have hidden a loss in their H1 book: the risk
 * officer files a malus/clawback event against their award, and the assessment waits for the
 * compensation committee. Leaving is recorded as the clawback flow's tests record it (meritflow has
 * no leaver screen yet): `active: false, employment: 'left'` on the person, which the demo seed keeps.
 */
export async function markAsLeft(personId: string): Promise<void> {
  await retryOnBusy(() => PersonModel.updateOne({ _id: personId }, { $set: { active: false, employment: 'left' } }));
}

export async function fileClawback(cast: Cast, cycle: string, username: string): Promise<string> {
  const leaver = cast.person(username);
  await markAsLeft(leaver._id);
  const riskOfficer = await cast.as('risk.officer');
  const filed = await riskOfficer.mustPost('/api/adjustment-events', {
    personId: leaver._id,
    cycle,
    eventId: `RISK-${cycle}-0042`,
    date: '2026-10-20',
    severity: 'major',
    // A hidden loss on the institution's books with the person mainly responsible: the guidance's mandatory full recovery.
    kind: 'major-damage',
    responsibility: 'main',
    reason: 'A loss of ¥18m on a loan booked in H1 was hidden by restructuring it twice; the credit review traced it to the relationship manager’s file',
  });
  const caseId: string = filed.body.caseId;
  // The proposal is written first, then the committee's task is created: wait for the task itself.
  const committeeMember = await cast.as('ceo');
  await until(`clawback ${caseId} in the committee's inbox`, () => committeeMember.taskFor(caseId, 'committeeDecision'));
  return caseId;
}
