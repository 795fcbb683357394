import clawbackPolicyFile from '../../../policies/clawback.json';
import type { Award } from '../../../src/db/models/award';
import type { AwardAdjustment } from '../../../src/db/models/award-adjustment';
import { CLAWBACK } from '../../../src/worker/blocks/clawback';
import { emptyWorld, fakePorts, NOW, person, reviewCase, submission, taskOf, type World } from './fakes';

const { clawbackAssess, clawbackRecordDecision, clawbackApply, clawbackNotify } = CLAWBACK;
const CASE = '2026:ann:RE-7:malus-clawback';
const AWARD = '2026:ann';

// A ¥900,000 award of 2026-03-31: T0 54,000,000 and T1 12,000,000 fen paid, T2 and T3 12,000,000 each
// still unvested. A major event (50 %) on 2027-06-30 targets 45,000,000: malus takes all 24,000,000
// unvested, clawback the remaining 21,000,000 from T0 and T1 in proportion 54 : 12 (see clawback.test.ts).
function award(): Award {
  const tranche = (index: number, vestingDate: string, amountMinor: number, status: 'paid' | 'scheduled') => ({ trancheId: `${AWARD}/T${index}`, index, vestingDate, amountMinor, status });
  return {
    _id: AWARD, cycle: '2026', personId: 'ann', unitId: 'desk', caseId: '2026:desk:bonus', currency: 'CNY', rating: 'B', amountMinor: 90_000_000, status: 'scheduled',
    explanation: {}, policyVersions: { clawback: 1 },
    tranches: [tranche(0, '2026-03-31', 54_000_000, 'paid'), tranche(1, '2027-03-31', 12_000_000, 'paid'), tranche(2, '2028-03-31', 12_000_000, 'scheduled'), tranche(3, '2029-03-31', 12_000_000, 'scheduled')],
    lineage: [],
  };
}

function clawbackWorld(fields: Partial<AwardAdjustment> = {}): World {
  const world = emptyWorld();
  world.policies.set('clawback@1', clawbackPolicyFile.body);
  world.people.set('ann', person('ann'));
  world.people.set('hr1', person('hr1', { roles: ['hr'] }));
  world.awards.set(AWARD, award());
  world.cases.set(CASE, reviewCase({ _id: CASE, cycle: '2026', subjectId: 'ann:RE-7', processKey: 'malus-clawback', policyVersions: { clawback: 1 } }));
  world.adjustments.set(CASE, {
    _id: CASE, cycle: '2026', personId: 'ann', awardId: AWARD, event: { eventId: 'RE-7', date: '2027-06-01', severity: 'major', kind: 'other-misconduct', responsibility: 'main', reason: 'mis-selling' },
    filedBy: 'risk1', filedAt: NOW, status: 'filed',
    awardAtFiling: { amountMinor: 90_000_000, currency: 'CNY', remainingMinor: 90_000_000, tranches: [] },
    ...fields,
  });
  return world;
}

const decided = (decision: 'confirm' | 'reduce' | 'reject', percent?: number): Partial<AwardAdjustment> => ({
  status: decision === 'reject' ? 'rejected' : 'decided',
  decision: { decision, ...(percent !== undefined ? { percent } : {}), reason: 'committee', by: 'cc1', at: new Date('2027-06-30T10:00:00Z'), submissionId: 't-cc' },
});

describe('clawback.assess', () => {
  test('proposes malus on unvested and clawback of paid tranches, as if decided today', async () => {
    const world = clawbackWorld();
    // The award record says which tranches are paid; the proposal is the same 24,000,000 + 21,000,000.
    const out = await clawbackAssess.run(taskOf({ caseId: CASE }), fakePorts(world));
    expect(out).toEqual({ proposedCancelMinor: 24_000_000, proposedClaimMinor: 21_000_000, leaverExempt: false });
    expect(world.adjustments.get(CASE)).toEqual(expect.objectContaining({ status: 'proposed', proposal: expect.objectContaining({ policy: { key: 'clawback', version: 1, pinnedBy: 'award' }, computedAt: NOW }) }));
  });

  test('proposes everything from the person mainly responsible for a major risk event, the kind and responsibility filed with it', async () => {
    const world = clawbackWorld();
    const filed = world.adjustments.get(CASE)!;
    world.adjustments.set(CASE, { ...filed, event: { ...filed.event, kind: 'major-risk-event', responsibility: 'main' } });
    // The minimum (everything left): all 24,000,000 unvested cancelled, all 66,000,000 paid claimed back.
    expect(await clawbackAssess.run(taskOf({ caseId: CASE }), fakePorts(world))).toEqual({ proposedCancelMinor: 24_000_000, proposedClaimMinor: 66_000_000, leaverExempt: false });
    expect(world.adjustments.get(CASE)!.proposal!.result.minimum).toMatchObject({ ruleId: 'mandatory-main', extent: { kind: 'full' } });
  });

  test('an adjustment whose award is gone fails, naming the award', async () => {
    const world = clawbackWorld();
    world.awards.clear();
    await expect(clawbackAssess.run(taskOf({ caseId: CASE }), fakePorts(world))).rejects.toThrow(`award ${AWARD} not found`);
  });
});

describe('clawback.record-decision', () => {
  test('a reduction keeps its percentage and the gateway reads the decision', async () => {
    const world = clawbackWorld();
    world.submissions.set('t-cc', submission('t-cc', 'clawback-decision', { decision: 'reduce', percent: 30, reason: 'partly responsible' }, 'cc1'));
    expect(await clawbackRecordDecision.run(taskOf({ caseId: CASE, clawbackDecisionSubmissionId: 't-cc' }), fakePorts(world))).toEqual({ decision: 'reduce' });
    expect(world.adjustments.get(CASE)).toEqual(expect.objectContaining({ status: 'decided', decision: { decision: 'reduce', percent: 30, reason: 'partly responsible', by: 'cc1', at: NOW, submissionId: 't-cc' } }));
  });

  test('a reduction without a percentage is refused and nothing is recorded', async () => {
    const world = clawbackWorld();
    world.submissions.set('t-cc', submission('t-cc', 'clawback-decision', { decision: 'reduce', reason: 'x' }, 'cc1'));
    await expect(clawbackRecordDecision.run(taskOf({ caseId: CASE, clawbackDecisionSubmissionId: 't-cc' }), fakePorts(world))).rejects.toThrow('a reduction without a percentage');
    expect(world.adjustments.get(CASE)!.decision).toBeUndefined();
  });
});

describe('clawback.apply', () => {
  test('cancels the unvested tranches, claims the rest back from paid ones, under the award\'s lock', async () => {
    const world = clawbackWorld(decided('confirm'));
    expect(await clawbackApply.run(taskOf({ caseId: CASE, awardId: AWARD }), fakePorts(world))).toEqual({ cancelledMinor: 24_000_000, claimedMinor: 21_000_000 });
    expect(world.locksTaken).toEqual([[`award:${AWARD}`, CASE]]);
    const after = world.awards.get(AWARD)!;
    expect(after.status).toBe('adjusted');
    expect(after.tranches.map((t) => [t.status, t.adjustedMinor ?? 0])).toEqual([['paid', 17_181_818], ['paid', 3_818_182], ['cancelled', 12_000_000], ['cancelled', 12_000_000]]);
    expect(after.lineage.map((e) => [e.kind, e.ref])).toEqual([['malus', CASE], ['clawback', CASE]]);
    expect([...world.claims.values()].map((c) => [c.trancheId, c.amountMinor, c.dueDate])).toEqual([[`${AWARD}/T0`, 17_181_818, '2027-09-28'], [`${AWARD}/T1`, 3_818_182, '2027-09-28']]);
    expect(world.adjustments.get(CASE)).toEqual(expect.objectContaining({ status: 'applied', outcome: expect.objectContaining({ remainingBeforeMinor: 90_000_000, remainingAfterMinor: 45_000_000, appliedAt: NOW }) }));
  });

  test('applies no less than the minimum, whatever percentage reached it (jointly responsible in a mandatory situation: 50 %)', async () => {
    const world = clawbackWorld(decided('reduce', 10));
    const filed = world.adjustments.get(CASE)!;
    world.adjustments.set(CASE, { ...filed, event: { ...filed.event, kind: 'regulatory-indicator-breach', responsibility: 'joint' } });
    // 10 % (9,000,000) is below the 50 % minimum: 45,000,000 is applied, as the proposal had it.
    expect(await clawbackApply.run(taskOf({ caseId: CASE, awardId: AWARD }), fakePorts(world))).toEqual({ cancelledMinor: 24_000_000, claimedMinor: 21_000_000 });
  });

  test('a second delivery changes nothing and answers the same', async () => {
    const world = clawbackWorld(decided('confirm'));
    const task = taskOf({ caseId: CASE, awardId: AWARD });
    await clawbackApply.run(task, fakePorts(world));
    const award = world.awards.get(AWARD);
    expect(await clawbackApply.run(task, fakePorts(world))).toEqual({ cancelledMinor: 24_000_000, claimedMinor: 21_000_000 });
    expect(world.awards.get(AWARD)).toBe(award);
    expect(world.audit.filter((e) => e.action === 'award.adjusted')).toHaveLength(1);
  });

  test('a rejected case has nothing to apply', async () => {
    const world = clawbackWorld(decided('reject'));
    await expect(clawbackApply.run(taskOf({ caseId: CASE, awardId: AWARD }), fakePorts(world))).rejects.toThrow('has no decision to apply');
    expect(world.awards.get(AWARD)!.status).toBe('scheduled');
  });
});

describe('clawback.notify', () => {
  test('tells the person and HR once each, with what was taken, and closes the case', async () => {
    const world = clawbackWorld({ ...decided('confirm'), status: 'applied', outcome: { result: { cancelledMinor: 24_000_000, claimedMinor: 21_000_000 } as never, claimIds: [], appliedAt: NOW, remainingBeforeMinor: 0, remainingAfterMinor: 0 } });
    const task = taskOf({ caseId: CASE });
    await clawbackNotify.run(task, fakePorts(world));
    await clawbackNotify.run(task, fakePorts(world));
    expect([...world.notifications.values()].map((n) => [n.recipientId, n.kind, n.params.claimedMinor])).toEqual([['ann', 'clawback.applied', 21_000_000], ['hr1', 'clawback.applied', 21_000_000]]);
    expect(world.cases.get(CASE)!.status).toBe('closed');
  });

  test('a rejected case tells the person nothing was taken', async () => {
    const world = clawbackWorld(decided('reject'));
    await clawbackNotify.run(taskOf({ caseId: CASE }), fakePorts(world));
    expect(world.notifications.get(`${CASE}:clawback.rejected:ann`)!.params).toEqual(expect.objectContaining({ cancelledMinor: 0, claimedMinor: 0, decision: 'reject' }));
  });
});
