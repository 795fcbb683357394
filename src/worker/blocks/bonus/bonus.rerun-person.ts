import { awardId } from '../../../db/models/award';
import { bonusRoundId } from '../../../db/models/bonus-round';
import { BONUS_BLOCKS } from '../../../domain/blocks';
import { rerunPersonAward } from '../../../domain/bonus';
import { requireStringVariable } from '../../topic-handler';
import { defineBlock } from '../block';
import type { AwardsPort, BonusInputsPort, BonusRoundsPort, CommonPorts, OrgPort, PoliciesPort, ScoresPort } from '../ports';
import { unitParents } from '../../../domain/variable-pay-approval';
import { issueLetter, type LetterPorts } from './issue-letter';
import { roundPolicies } from './load-policies';
import { personInputs, scheduleFor, trancheRecords, withLineage } from './person-award';

/**
 * Recomputes one person's award after their rating changed (an upheld appeal), on the basis of their
 * unit's round: the same pool per weight point, the same pinned policies and deferral pack, the same
 * award date, the fixed pay and role the round used; compliance and the caps apply as in the round.
 * Colleagues' awards are not touched. The award keeps its status; its tranches are rescheduled and the
 * lineage gains "appeal-rerun" with the amounts before and after. Variables: cycle, subjectId (the
 * person); caseId (the appeal case) names the cause in the lineage when present.
 * No award yet (the round has not run): nothing to do — the round will read the new standing rating.
 */
export const bonusRerunPerson = defineBlock<LetterPorts & Pick<CommonPorts, 'cases' | 'audit'> & {
  policies: Pick<PoliciesPort, 'version'>; scores: Pick<ScoresPort, 'standing'>; bonusInputs: Pick<BonusInputsPort, 'compensation' | 'complianceEvents'>;
  rounds: Pick<BonusRoundsPort, 'byId'>; awards: Pick<AwardsPort, 'byId' | 'update'>; org: Pick<OrgPort, 'units'>;
}>(BONUS_BLOCKS.rerunPerson, async (task, ports) => {
  const cycle = requireStringVariable(task, 'cycle');
  const personId = requireStringVariable(task, 'subjectId');
  const cause = typeof task.variable('caseId') === 'string' ? (task.variable('caseId') as string) : `appeal:${cycle}:${personId}`;
  const id = awardId(cycle, personId);
  const award = await ports.awards.byId(id);
  if (!award) return { bonusRerun: 'no-award' };
  const roundId = bonusRoundId(cycle, award.unitId);
  const round = await ports.rounds.byId(roundId);
  const row = round?.allocation?.people.find((p) => p.personId === personId);
  if (!round?.basis || !row) throw new Error(`award ${id}: its bonus round ${roundId} keeps no basis for this person to re-run on`);
  if (award.tranches.some((t) => t.status !== 'scheduled')) throw new Error(`award ${id} has tranches paid, cancelled or clawed back: an appeal re-run needs a person to settle it`);
  const bonusCase = await ports.cases.byId(round.caseId);
  if (!bonusCase) throw new Error(`bonus case ${round.caseId} not found`);
  const policies = await roundPolicies(ports.policies, bonusCase, round);

  const [rating, compensation, events] = await Promise.all([ports.scores.standing(cycle, personId), ports.bonusInputs.compensation(personId), ports.bonusInputs.complianceEvents(cycle, [personId])]);
  if (!rating) throw new Error(`${personId} has no standing rating in ${cycle}`);
  if (!compensation) throw new Error(`${personId} has no compensation record`);
  // The fixed pay and role the round allocated with, so only the rating differs.
  const asInRound = { ...compensation, fixedPayMinor: row.fixedPayMinor, roleCategory: row.roleCategory as typeof compensation.roleCategory };
  // The same shareholder approval as in the round: its unit, the business line above it, its award date.
  const place = { unitId: award.unitId, parentUnitIds: unitParents(award.unitId, await ports.org.units()), awardDate: round.awardDate };
  const inputs = personInputs(personId, rating.rating, events.get(personId) ?? [], asInRound, policies, place);
  const allocation = rerunPersonAward(round.basis, inputs.person, policies.bonus.body, policies.bonus.ref);
  const schedule = scheduleFor(id, allocation.awardMinor, award.currency, inputs.packRole, row.fixedPayMinor, round.awardDate, policies);

  // A redelivery finds its own entry: the amount before is the one that entry recorded, not the rewritten one.
  const earlierEntry = award.lineage.find((e) => e.kind === 'appeal-rerun' && e.ref === cause);
  const amountBeforeMinor = earlierEntry?.amountBeforeMinor ?? award.amountMinor;
  const ratingBefore = earlierEntry?.note?.match(/^rating (\S+)/)?.[1] ?? award.rating;
  const lineage = withLineage(award.lineage, {
    at: ports.clock.now(), kind: 'appeal-rerun', ref: cause, by: 'worker', amountBeforeMinor, amountAfterMinor: allocation.awardMinor,
    note: `rating ${ratingBefore} → ${allocation.rating} (${rating.step}); recomputed on the round's basis`,
  });
  const explanation = {
    ...award.explanation,
    standingRating: { rating: rating.rating, step: rating.step, scoreId: rating._id },
    compliance: inputs.compliance, allocation, variableCap: inputs.variableCap, deferral: schedule,
    rerun: { cause, basis: round.basis, roundId },
  };
  const updated = { ...award, rating: allocation.rating, amountMinor: allocation.awardMinor, explanation, tranches: trancheRecords(schedule), lineage };
  await ports.awards.update(id, { rating: updated.rating, amountMinor: updated.amountMinor, explanation, tranches: updated.tranches, lineage });
  await ports.audit({
    actor: 'worker', action: 'bonus.appeal-rerun', subject: { type: 'award', id }, before: { amountMinor: amountBeforeMinor }, after: { amountMinor: allocation.awardMinor },
    details: { cause, roundId, rating: allocation.rating, ratingStep: rating.step, policy: policies.bonus.ref, pack: policies.pack.ref },
  });
  if (award.status === 'approved' || award.status === 'scheduled') await issueLetter(ports, updated, round.deferralPack, 'bonus.rerun', cause);
  else await ports.notify(personId, cause, 'bonus.rerun', { awardId: id, amountMinor: allocation.awardMinor, currency: award.currency });
  return { bonusRerun: 'rerun' };
});
