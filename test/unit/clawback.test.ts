import { applyMalusAndClawback, ClawbackInputError, eventKindProblems, extentAtLeast, minimumExtentFor, type AwardRecord, type AwardTranche, type ClawbackPolicy } from '../../src/domain/clawback';
import { deferralSchedule, type DeferralPack } from '../../src/domain/deferral';
import clawbackPolicyFile from '../../policies/clawback.json';
import cnBankFile from '../../policies/deferral-cn-bank.json';

// Shipped policy: window 7 years after payment; applies to leavers; minor → malus only, 20 % by default;
// major → malus and clawback, 50 %; severe → malus and clawback, everything.
const policy = clawbackPolicyFile.body as ClawbackPolicy;
const ref = { key: 'clawback', version: 1 };

// A senior manager's ¥900,000 award of 2026-03-31 under the China bank pack: 40 % deferred
// → upfront 54,000,000 fen, tranches 12,000,000 on 2027-, 2028- and 2029-03-31.
const schedule = deferralSchedule(
  { awardId: 'AW-2026-042', amountMinor: 90_000_000, currency: 'CNY', roleCategory: 'seniorManagement', awardDate: '2026-03-31' },
  cnBankFile.body as unknown as DeferralPack,
  { key: 'deferral-cn-bank', version: 1 },
);

/** The award as it stands on `asOf`: tranches vested by then are paid on their vesting date. */
function awardAsOf(asOf: string, employment: AwardRecord['employment'] = 'active'): AwardRecord {
  const tranches: AwardTranche[] = [schedule.upfront, ...schedule.tranches].map((t) => (t.vestingDate <= asOf
    ? { trancheId: t.trancheId, amountMinor: t.amountMinor, status: 'paid', vestingDate: t.vestingDate, paidOn: t.vestingDate }
    : { trancheId: t.trancheId, amountMinor: t.amountMinor, status: 'unvested', vestingDate: t.vestingDate }));
  return { awardId: schedule.awardId, personId: 'E-1001', awardDate: '2026-03-31', currency: 'CNY', amountMinor: 90_000_000, employment, tranches };
}
/** An event of a kind with no minimum, so the severity alone decides (the extent tests below cover minimums). */
const OTHER = { kind: 'other-misconduct', responsibility: 'main' } as const;
const byTranche = (result: ReturnType<typeof applyMalusAndClawback>) => Object.fromEntries(result.actions.map((a) => [a.trancheId, [a.action, a.actionMinor]]));

describe('applyMalusAndClawback', () => {
  it('cancels the unvested tranches first and claims the rest back from paid ones (major, 50 %)', () => {
    // On 2027-06-30: T0 (54,000,000) and T1 (12,000,000) paid; T2, T3 (12,000,000 each) unvested
    // target = 50 % × 90,000,000 = 45,000,000
    // malus: all 24,000,000 unvested cancelled; 21,000,000 still due
    // clawback from T0 and T1 (both paid inside 7 years), in proportion 54 : 12
    //   T0 21,000,000 × 54/66 = 17,181,818.18 → 17,181,818   T1 21,000,000 × 12/66 = 3,818,181.82 → 3,818,181
    //   one fen left → the larger remainder (.82, T1) → 3,818,182
    const result = applyMalusAndClawback(awardAsOf('2027-06-30'), { eventId: 'RE-7', date: '2027-06-30', severity: 'major', ...OTHER }, policy, ref);
    expect(result.targetMinor).toBe(45_000_000);
    expect(byTranche(result)).toEqual({
      'AW-2026-042/T0': ['claim', 17_181_818],
      'AW-2026-042/T1': ['claim', 3_818_182],
      'AW-2026-042/T2': ['cancel', 12_000_000],
      'AW-2026-042/T3': ['cancel', 12_000_000],
    });
    expect(result.cancelledMinor).toBe(24_000_000);
    expect(result.claimedMinor).toBe(21_000_000);
    expect(result.shortfallMinor).toBe(0);
    expect(result.actions[0]).toMatchObject({ awardId: 'AW-2026-042', eventId: 'RE-7', amountBeforeMinor: 54_000_000, amountAfterMinor: 54_000_000 - 17_181_818 });
    expect(result.policy).toEqual(ref);
  });

  it('uses malus only for a minor event, spread evenly over the unvested tranches', () => {
    // target 20 % × 90,000,000 = 18,000,000 < 24,000,000 unvested → 9,000,000 off each of T2 and T3
    const result = applyMalusAndClawback(awardAsOf('2027-06-30'), { eventId: 'RE-8', date: '2027-06-30', severity: 'minor', ...OTHER }, policy, ref);
    expect(byTranche(result)).toEqual({
      'AW-2026-042/T0': ['none', 0],
      'AW-2026-042/T1': ['none', 0],
      'AW-2026-042/T2': ['cancel', 9_000_000],
      'AW-2026-042/T3': ['cancel', 9_000_000],
    });
    expect(result.claimedMinor).toBe(0);
  });

  it('lets the event name its own extent', () => {
    // 10 % of 90,000,000 = 9,000,000 → 4,500,000 off each unvested tranche
    const result = applyMalusAndClawback(awardAsOf('2027-06-30'), { eventId: 'RE-9', date: '2027-06-30', severity: 'major', ...OTHER, extent: { kind: 'percent', percent: 10 } }, policy, ref);
    expect(result.cancelledMinor).toBe(9_000_000);
    expect(byTranche(result)['AW-2026-042/T3']).toEqual(['cancel', 4_500_000]);
  });

  it('claims from a person who has left, but only tranches paid inside the window (severe, everything)', () => {
    // On 2034-06-30 everything is paid. Windows close 7 years after payment:
    //   T0 paid 2026-03-31 → closed 2033-03-31; T1 paid 2027-03-31 → closed 2034-03-31: both outside
    //   T2 paid 2028-03-31 → open to 2035-03-31; T3 paid 2029-03-31 → open to 2036-03-31
    // target = everything = 90,000,000; claimed 24,000,000; shortfall 66,000,000
    const result = applyMalusAndClawback(awardAsOf('2034-06-30', 'left'), { eventId: 'RE-10', date: '2034-06-30', severity: 'severe', ...OTHER }, policy, ref);
    expect(byTranche(result)).toEqual({
      'AW-2026-042/T0': ['none', 0],
      'AW-2026-042/T1': ['none', 0],
      'AW-2026-042/T2': ['claim', 12_000_000],
      'AW-2026-042/T3': ['claim', 12_000_000],
    });
    expect(result.actions[0]?.reason).toMatch(/closed on 2033-03-31/);
    expect(result.shortfallMinor).toBe(66_000_000);
    expect(result.leaverExempt).toBe(false);
  });

  it('does nothing for a leaver when the policy exempts leavers', () => {
    const result = applyMalusAndClawback(awardAsOf('2027-06-30', 'retired'), { eventId: 'RE-11', date: '2027-06-30', severity: 'severe', ...OTHER }, { ...policy, appliesToLeavers: false }, ref);
    expect(result.leaverExempt).toBe(true);
    expect(result.cancelledMinor + result.claimedMinor).toBe(0);
    expect(result.actions.every((a) => a.action === 'none')).toBe(true);
  });

  it('measures the window from the award date when the policy says so', () => {
    // from the award date 2026-03-31 + 7 years = 2033-03-31 for every tranche: on 2033-06-30 none is claimable
    const result = applyMalusAndClawback(awardAsOf('2033-06-30'), { eventId: 'RE-12', date: '2033-06-30', severity: 'severe', ...OTHER }, { ...policy, windowStartsAt: 'award' }, ref);
    expect(result.claimedMinor).toBe(0);
    expect(result.shortfallMinor).toBe(90_000_000);
  });

  it('gives an odd unit to the later-vesting tranche', () => {
    // 25 % of 300 = 75 over two unvested tranches of 100 → 37.5 each → 37 + 37, the spare unit to T3 (vests later)
    const award: AwardRecord = {
      awardId: 'AW-S', personId: 'E-2', awardDate: '2026-01-15', currency: 'CNY', amountMinor: 300, employment: 'active',
      tranches: [
        { trancheId: 'AW-S/T1', amountMinor: 100, status: 'paid', paidOn: '2026-01-15' },
        { trancheId: 'AW-S/T2', amountMinor: 100, status: 'unvested', vestingDate: '2027-01-15' },
        { trancheId: 'AW-S/T3', amountMinor: 100, status: 'unvested', vestingDate: '2028-01-15' },
      ],
    };
    const result = applyMalusAndClawback(award, { eventId: 'E', date: '2026-06-01', severity: 'minor', ...OTHER, extent: { kind: 'percent', percent: 25 } }, policy, ref);
    expect(byTranche(result)).toEqual({ 'AW-S/T1': ['none', 0], 'AW-S/T2': ['cancel', 37], 'AW-S/T3': ['cancel', 38] });
  });

  it('refuses inconsistent input', () => {
    const award = awardAsOf('2027-06-30');
    const event = { eventId: 'RE', date: '2027-06-30', severity: 'major', ...OTHER };
    expect(() => applyMalusAndClawback(award, { ...event, severity: 'catastrophic' }, policy, ref)).toThrow(ClawbackInputError);
    expect(() => applyMalusAndClawback(award, { ...event, date: '2027-13-01' }, policy, ref)).toThrow(ClawbackInputError);
    expect(() => applyMalusAndClawback(award, { ...event, extent: { kind: 'percent', percent: 120 } }, policy, ref)).toThrow(/0–100/);
    expect(() => applyMalusAndClawback({ ...award, amountMinor: 1 }, event, policy, ref)).toThrow(/more than the award/);
    const unpaid = { ...award, tranches: award.tranches.map((t) => (t.status === 'paid' ? { ...t, paidOn: undefined } : t)) };
    expect(() => applyMalusAndClawback(unpaid, event, policy, ref)).toThrow(/paid-on date/);
  });
});

describe('the least a kind of event and a responsibility require (2021 guidance on clawback)', () => {
  // On 2027-06-30 the ¥900,000 award has T0 54,000,000 and T1 12,000,000 paid, T2 and T3 12,000,000 each unvested.
  const event = (kind: string, responsibility: string, extra: Record<string, unknown> = {}) => ({ eventId: 'RE-20', date: '2027-06-30', severity: 'minor', kind, responsibility, ...extra });

  it('recovers everything from the person mainly responsible for a major risk event, even when the severity was filed as minor', () => {
    // minor alone: 20 % by malus only. Mandatory situation + mainly responsible: everything left, malus and clawback.
    const result = applyMalusAndClawback(awardAsOf('2027-06-30'), event('major-risk-event', 'main'), policy, ref);
    expect(result.minimum).toMatchObject({ ruleId: 'mandatory-main', extent: { kind: 'full' } });
    expect(result.extent).toEqual({ kind: 'full' });
    expect(result.targetMinor).toBe(90_000_000);
    expect(result.cancelledMinor).toBe(24_000_000);
    expect(result.claimedMinor).toBe(66_000_000);
    expect(result.shortfallMinor).toBe(0);
    expect(result.steps[0]).toMatchObject({ values: { raisedToMinimum: true, minimum: 'everything left of the award' } });
    expect(result.steps[0]!.note).toMatch(/全部绩效薪酬/);
  });

  it('asks at least part from others responsible: 50 % jointly, 30 % for leadership (the bank\'s numbers for "部分")', () => {
    const joint = applyMalusAndClawback(awardAsOf('2027-06-30'), event('regulatory-indicator-breach', 'joint'), policy, ref);
    expect(joint).toMatchObject({ extent: { kind: 'percent', percent: 50 }, targetMinor: 45_000_000, cancelledMinor: 24_000_000, claimedMinor: 21_000_000 });
    const leadership = applyMalusAndClawback(awardAsOf('2027-06-30'), event('takeover-or-resolution', 'leadership'), policy, ref);
    expect(leadership).toMatchObject({ extent: { kind: 'percent', percent: 30 }, targetMinor: 27_000_000 });
  });

  it('lets a decision go above the minimum but never below it', () => {
    // 70 % asked for someone jointly responsible: 63,000,000, above the 50 % minimum, stands.
    const above = applyMalusAndClawback(awardAsOf('2027-06-30'), event('major-damage', 'joint', { extent: { kind: 'percent', percent: 70 } }), policy, ref);
    expect(above).toMatchObject({ extent: { kind: 'percent', percent: 70 }, targetMinor: 63_000_000 });
    // 10 % asked for the person mainly responsible: raised to everything.
    const below = applyMalusAndClawback(awardAsOf('2027-06-30'), event('major-damage', 'main', { extent: { kind: 'percent', percent: 10 } }), policy, ref);
    expect(below).toMatchObject({ extent: { kind: 'full' }, targetMinor: 90_000_000 });
  });

  it('sets no minimum where the guidance says "may" (a restatement), so the severity decides', () => {
    expect(minimumExtentFor(policy, 'financial-restatement', 'main')).toBeNull();
    const result = applyMalusAndClawback(awardAsOf('2027-06-30'), event('financial-restatement', 'main'), policy, ref);
    expect(result).toMatchObject({ minimum: null, extent: { kind: 'percent', percent: 20 }, targetMinor: 18_000_000, claimedMinor: 0 });
  });

  it('compares extents: everything is above any share, 100 % of the original award reaches everything', () => {
    expect(extentAtLeast({ kind: 'full' }, { kind: 'percent', percent: 100 })).toBe(true);
    expect(extentAtLeast({ kind: 'percent', percent: 100 }, { kind: 'full' })).toBe(true);
    expect(extentAtLeast({ kind: 'percent', percent: 99.5 }, { kind: 'full' })).toBe(false);
    expect(extentAtLeast({ kind: 'percent', percent: 30 }, { kind: 'percent', percent: 50 })).toBe(false);
  });

  it('requires the kind and the responsibility when the policy names them, by field', () => {
    expect(eventKindProblems(policy, undefined, 'boss').map((p) => [p.field, p.code])).toEqual([['kind', 'required'], ['responsibility', 'enum']]);
    expect(() => applyMalusAndClawback(awardAsOf('2027-06-30'), { eventId: 'RE', date: '2027-06-30', severity: 'major' }, policy, ref)).toThrow(/kind is required/);
  });
});
