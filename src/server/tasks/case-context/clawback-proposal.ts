import { policyVersion } from '../../../db/immutable-versions';
import { AwardModel } from '../../../db/models/award';
import { AwardAdjustmentModel } from '../../../db/models/award-adjustment';
import { unitName } from '../../../db/unit-names';
import { employmentOf, PersonModel } from '../../../db/models/person';
import { personName } from '../../../db/person-cards';
import type { ClawbackPolicy } from '../../../domain/clawback';
import type { ExplanationStep } from '../../../domain/explanation';
import { extentInWords } from '../../award-adjustments/decision-rule';
import { mayReadAdjustmentCases } from '../../access/adjustment-access';
import { mayReadAward } from '../../access/bonus-access';
import type { ContextReader, SourceResult } from './context-reader';

/**
 * A malus-and-clawback case's proposal, as the committee decides on it: the person (and whether they
 * have left), the event, the award with its tranches, and what the policy proposes to cancel and
 * claim back, with the policy's reasons (is malus allowed for this severity, is clawback, the window).
 * Read as GET /api/award-adjustments reads it (adjustment-access.ts); its amounts only by who may
 * read that award (bonus-access.ts): anyone else sees the event and the reasons without a figure.
 */
export async function clawbackProposalSource({ reviewCase, user, locale }: ContextReader): Promise<SourceResult> {
  if (!mayReadAdjustmentCases(user)) return 'not-shown';
  const adjustment = await AwardAdjustmentModel.findById(reviewCase._id).lean();
  if (!adjustment) return 'nothing-yet';
  const [award, person, filedBy] = await Promise.all([
    AwardModel.findById(adjustment.awardId, { unitId: 1, personId: 1, cycle: 1 }).lean(),
    PersonModel.findById(adjustment.personId, { name: 1, title: 1, unitId: 1, active: 1, employment: 1 }).lean(),
    personName(adjustment.filedBy),
  ]);
  const unit = person ? await unitName(person.unitId) : null;
  const showPay = award ? await mayReadAward(user, { personId: award.personId, unitId: award.unitId }) : false;
  const result = adjustment.proposal?.result;
  const step = (name: string) => (result?.steps as ExplanationStep[] | undefined)?.find((s) => s.step === name)?.values as Record<string, unknown> | undefined;
  const actions = new Map((result?.actions ?? []).map((a) => [a.trancheId, a]));
  const currency = adjustment.awardAtFiling.currency;
  // The kind of event and the responsibility in the words of the clawback terms the proposal used.
  const terms = adjustment.proposal ? await policyVersion('clawback', adjustment.proposal.policy.version) : null;
  const body = terms?.body as unknown as ClawbackPolicy | undefined;
  const title = (entry: { title?: Record<string, string> } | undefined, id: string | undefined) => (id === undefined ? null : entry?.title?.[locale] ?? entry?.title?.en ?? id);
  const minimum = result?.minimum ?? null;
  return {
    partial: 'context-clawback-proposal',
    data: {
      showPay,
      currency,
      person: person ? { name: person.name, title: person.title, unit: unit ? { name: unit } : null, employment: employmentOf(person) } : null,
      event: adjustment.event,
      kind: title(body?.eventKinds?.[adjustment.event.kind ?? ''], adjustment.event.kind),
      responsibility: title(body?.responsibilities?.[adjustment.event.responsibility ?? ''], adjustment.event.responsibility),
      filedBy: filedBy ?? null,
      filedAt: adjustment.filedAt,
      award: {
        cycle: award?.cycle ?? adjustment.cycle,
        ...(showPay ? { amountMinor: adjustment.awardAtFiling.amountMinor, remainingMinor: adjustment.awardAtFiling.remainingMinor } : {}),
        tranches: adjustment.awardAtFiling.tranches.map((t, index) => {
          const action = actions.get(t.trancheId);
          return {
            index, vestingDate: t.vestingDate, status: t.status, action: action?.action ?? 'none',
            ...(showPay ? { amountMinor: t.amountMinor, remainingMinor: t.remainingMinor, actionMinor: action?.actionMinor ?? 0 } : {}),
          };
        }),
      },
      proposal: result ? {
        extent: result.extent,
        // The least the committee may decide (null: the guidance leaves it to them), shown with the form.
        minimum: minimum ? { words: extentInWords(minimum.extent, locale), reference: minimum.reference, percent: minimum.extent.kind === 'percent' ? minimum.extent.percent : 100 } : null,
        termsKnowKinds: Boolean(body?.minimumExtents?.length),
        leaverExempt: result.leaverExempt,
        malusAllowed: step('malus')?.allowed ?? null,
        clawbackAllowed: step('clawback')?.allowed ?? null,
        windowYears: step('clawback')?.windowYears ?? null,
        windowStartsAt: step('clawback')?.windowStartsAt ?? null,
        policy: adjustment.proposal!.policy,
        ...(showPay ? { targetMinor: result.targetMinor, cancelledMinor: result.cancelledMinor, claimedMinor: result.claimedMinor, shortfallMinor: result.shortfallMinor } : {}),
      } : null,
    },
  };
}
