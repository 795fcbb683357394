import { adjustedTranches, remainingOfAward, toAwardRecord } from '../../src/platform/clawback/award-tranches';
import type { Award } from '../../src/db/models/award';
import { applyMalusAndClawback, type ClawbackPolicy } from '../../src/domain/clawback';
import clawbackPolicyFile from '../../policies/clawback.json';

const policy = clawbackPolicyFile.body as ClawbackPolicy;
const ref = { key: 'clawback', version: 3 };
const at = new Date('2027-06-30T08:00:00Z');

// ¥900,000 granted 2026-03-31: upfront ¥540,000 paid; ¥180,000 vesting 2027-03-31 (paid) and 2028-03-31 (not yet).
const award: Award = {
  _id: '2026:E1', cycle: '2026', personId: 'E1', unitId: 'CB', caseId: '2026:CB:bonus-approval', currency: 'CNY', rating: 'B',
  amountMinor: 90_000_000, status: 'scheduled', explanation: {}, policyVersions: { clawback: 3 }, lineage: [],
  tranches: [
    { trancheId: '2026:E1/T0', index: 0, vestingDate: '2026-03-31', amountMinor: 54_000_000, status: 'paid' },
    { trancheId: '2026:E1/T1', index: 1, vestingDate: '2027-03-31', amountMinor: 18_000_000, status: 'paid' },
    { trancheId: '2026:E1/T2', index: 2, vestingDate: '2028-03-31', amountMinor: 18_000_000, status: 'scheduled' },
  ],
};

describe('the stored award as the clawback domain sees it', () => {
  it('dates the award by its upfront tranche, counts scheduled tranches as unvested and paid ones as paid on their vesting date', () => {
    expect(toAwardRecord(award, 'left')).toEqual({
      awardId: '2026:E1', personId: 'E1', awardDate: '2026-03-31', currency: 'CNY', amountMinor: 90_000_000, employment: 'left',
      tranches: [
        { trancheId: '2026:E1/T0', amountMinor: 54_000_000, status: 'paid', vestingDate: '2026-03-31', paidOn: '2026-03-31' },
        { trancheId: '2026:E1/T1', amountMinor: 18_000_000, status: 'paid', vestingDate: '2027-03-31', paidOn: '2027-03-31' },
        { trancheId: '2026:E1/T2', amountMinor: 18_000_000, status: 'unvested', vestingDate: '2028-03-31' },
      ],
    });
  });

  it('offers only what earlier adjustments left: a partly cancelled tranche with its rest, an emptied one not at all', () => {
    const earlier: Award = { ...award, tranches: [award.tranches[0]!, { ...award.tranches[1]!, status: 'clawed-back', adjustedMinor: 18_000_000 }, { ...award.tranches[2]!, adjustedMinor: 5_000_000 }] };
    expect(toAwardRecord(earlier, 'active').tranches.map((t) => [t.trancheId, t.amountMinor])).toEqual([['2026:E1/T0', 54_000_000], ['2026:E1/T2', 13_000_000]]);
    expect(remainingOfAward(earlier)).toBe(67_000_000);
  });
});

describe('adjustedTranches', () => {
  it('major event, 50 %: cancels the unvested tranche, claims the rest from the paid ones, and writes one lineage entry each', () => {
    // target 45,000,000: malus 18,000,000 (T2 emptied); clawback 27,000,000 over T0 : T1 = 54 : 18
    //   → T0 20,250,000, T1 6,750,000
    const result = applyMalusAndClawback(toAwardRecord(award, 'left'), { eventId: 'RE-1', date: '2027-06-30', severity: 'major', kind: 'other-misconduct', responsibility: 'main' }, policy, ref);
    const { tranches, lineage } = adjustedTranches(award, result, '2026:E1:RE-1:malus-clawback', 'ceo', at);
    expect(tranches.map((t) => [t.trancheId, t.status, t.adjustedMinor ?? 0])).toEqual([
      ['2026:E1/T0', 'paid', 20_250_000],
      ['2026:E1/T1', 'paid', 6_750_000],
      ['2026:E1/T2', 'cancelled', 18_000_000],
    ]);
    expect(lineage).toEqual([
      { at, kind: 'malus', ref: '2026:E1:RE-1:malus-clawback', by: 'ceo', amountBeforeMinor: 90_000_000, amountAfterMinor: 72_000_000, note: 'event RE-1: unvested cancelled (2026:E1/T2 18000000)' },
      { at, kind: 'clawback', ref: '2026:E1:RE-1:malus-clawback', by: 'ceo', amountBeforeMinor: 72_000_000, amountAfterMinor: 45_000_000, note: 'event RE-1: paid claimed back (2026:E1/T0 20250000, 2026:E1/T1 6750000)' },
    ]);
    expect(remainingOfAward({ tranches })).toBe(45_000_000);
  });

  it('changes nothing and records nothing when the policy exempts leavers', () => {
    const result = applyMalusAndClawback(toAwardRecord(award, 'retired'), { eventId: 'RE-2', date: '2027-06-30', severity: 'severe', kind: 'other-misconduct', responsibility: 'main' }, { ...policy, appliesToLeavers: false }, ref);
    expect(adjustedTranches(award, result, 'case', 'ceo', at)).toEqual({ tranches: award.tranches, lineage: [] });
  });
});
