import type { Award, AwardLineageEntry, AwardTrancheRecord } from '../../db/models/award';
import type { AdjustmentResult, AwardRecord } from '../../domain/clawback';

/**
 * Between the stored award (src/db/models/award.ts, written by the bonus flow) and the clawback
 * domain's view of it. What is left of a tranche is its amount less what earlier malus or clawback
 * took (`adjustedMinor`); a tranche with nothing left is cancelled or clawed back and out of reach.
 */
export function remainingOf(tranche: AwardTrancheRecord): number {
  if (tranche.status === 'cancelled' || tranche.status === 'clawed-back') return 0;
  return tranche.amountMinor - (tranche.adjustedMinor ?? 0);
}

export function remainingOfAward(award: Pick<Award, 'tranches'>): number {
  return award.tranches.reduce((sum, t) => sum + remainingOf(t), 0);
}

/**
 * The award as the domain takes it. The award date is the upfront tranche's (T0 is paid on the
 * award date); a paid tranche was paid on its vesting date unless the record says otherwise.
 */
export function toAwardRecord(award: Award, employment: AwardRecord['employment']): AwardRecord {
  const sorted = [...award.tranches].sort((a, b) => a.index - b.index);
  const awardDate = sorted[0]?.vestingDate;
  if (!awardDate) throw new Error(`award ${award._id} has no tranches`);
  return {
    awardId: award._id,
    personId: award.personId,
    awardDate,
    currency: award.currency,
    amountMinor: award.amountMinor,
    employment,
    tranches: sorted
      .filter((t) => remainingOf(t) > 0)
      .map((t) => (t.status === 'paid'
        ? { trancheId: t.trancheId, amountMinor: remainingOf(t), status: 'paid' as const, vestingDate: t.vestingDate, paidOn: (t as { paidOn?: string }).paidOn ?? t.vestingDate }
        : { trancheId: t.trancheId, amountMinor: remainingOf(t), status: 'unvested' as const, vestingDate: t.vestingDate })),
  };
}

/**
 * The award's tranches after the decided malus and clawback, and the lineage entries that record
 * them (one for malus, one for clawback, each pointing at `ref`, the adjustment case). Pure.
 */
export function adjustedTranches(award: Award, result: AdjustmentResult, ref: string, by: string, at: Date): { tranches: AwardTrancheRecord[]; lineage: AwardLineageEntry[] } {
  const byTranche = new Map(result.actions.map((a) => [a.trancheId, a]));
  const tranches = award.tranches.map((t): AwardTrancheRecord => {
    const action = byTranche.get(t.trancheId);
    if (!action || action.action === 'none' || action.actionMinor === 0) return t;
    const adjustedMinor = (t.adjustedMinor ?? 0) + action.actionMinor;
    const emptied = action.amountAfterMinor === 0;
    return { ...t, adjustedMinor, status: emptied ? (action.action === 'cancel' ? 'cancelled' : 'clawed-back') : t.status };
  });
  const before = remainingOfAward(award);
  const lineage: AwardLineageEntry[] = [];
  const trancheList = (kind: 'cancel' | 'claim') => result.actions.filter((a) => a.action === kind).map((a) => `${a.trancheId} ${a.actionMinor}`).join(', ');
  if (result.cancelledMinor > 0) {
    lineage.push({ at, kind: 'malus', ref, by, amountBeforeMinor: before, amountAfterMinor: before - result.cancelledMinor, note: `event ${result.eventId}: unvested cancelled (${trancheList('cancel')})` });
  }
  if (result.claimedMinor > 0) {
    const start = before - result.cancelledMinor;
    lineage.push({ at, kind: 'clawback', ref, by, amountBeforeMinor: start, amountAfterMinor: start - result.claimedMinor, note: `event ${result.eventId}: paid claimed back (${trancheList('claim')})` });
  }
  return { tranches, lineage };
}
