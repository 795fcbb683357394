import bonusPolicyFile from '../../../policies/bonus.json';
import compliancePolicyFile from '../../../policies/compliance.json';
import packFile from '../../../policies/deferral-cn-bank.json';
import riskPolicyFile from '../../../policies/risk-adjustment.json';
import scoringPolicyFile from '../../../policies/scoring.json';
import type { Award } from '../../../src/db/models/award';
import { metricId } from '../../../src/db/models/metric';
import type { Score } from '../../../src/db/models/score';
import { BONUS } from '../../../src/worker/blocks/bonus';
import { BusinessError } from '../../../src/worker/topic-handler';
import { emptyWorld, fakePorts, NOW, person, reviewCase, submission, taskOf, type World } from './fakes';

const { bonusPool, bonusAllocate, bonusNextApprover, bonusLetters, bonusSchedule, bonusRerunPerson } = BONUS;

const CYCLE = '2026';
const UNIT = 'desk';
const CASE = '2026:desk:bonus-approval';
const ROUND = '2026:desk';
const round = { caseId: CASE, cycle: CYCLE, subjectId: UNIT };
const PINS = { bonus: 1, compliance: 1, scoring: 1, 'risk-adjustment': 1, 'deferral-cn-bank': 1 };

function score(subjectId: string, rating: string, step: Score['step'] = 'final'): Score {
  return {
    _id: `${CYCLE}:${subjectId}:${step}`, cycle: CYCLE, subjectId, step, caseId: `${CYCLE}:${subjectId}`, score: 3, rating,
    explanation: {} as Score['explanation'], sourceSubmissionTaskId: 't', computedAt: NOW, deliveries: 1,
  };
}

// The desk (head: hd) pays ann (rated A) and bob (rated C), each on a fixed pay of ¥400,000
// (40,000,000 fen), other staff: the shipped pack defers none of their award.
function desk(): World {
  const world = emptyWorld();
  world.policies.set('bonus@1', bonusPolicyFile.body);
  world.policies.set('compliance@1', compliancePolicyFile.body);
  world.policies.set('scoring@1', scoringPolicyFile.body);
  world.policies.set('risk-adjustment@1', riskPolicyFile.body);
  world.policies.set('deferral-cn-bank@1', packFile.body);
  world.units.set(UNIT, { _id: UNIT, name: { en: 'Rates desk', 'zh-CN': '利率交易台' }, businessLine: 'front', headId: 'hd' });
  world.people.set('hd', person('hd', { unitId: UNIT }));
  world.people.set('ann', person('ann', { unitId: UNIT, name: { en: 'Ann Lee', 'zh-CN': '李安' }, locale: 'en' }));
  world.people.set('bob', person('bob', { unitId: UNIT, name: { en: 'Bob Wu', 'zh-CN': '吴波' }, locale: 'zh-CN' }));
  world.cases.set(CASE, reviewCase({ _id: CASE, cycle: CYCLE, subjectId: UNIT, processKey: 'bonus-approval', policyVersions: PINS }));
  for (const id of ['hd', 'ann', 'bob']) {
    world.cases.set(`${CYCLE}:${id}`, reviewCase({ _id: `${CYCLE}:${id}`, cycle: CYCLE, subjectId: id }));
    world.compensation.set(id, { _id: id, currency: 'CNY', fixedPayMinor: 40_000_000, payGrade: 'G2', roleCategory: 'otherStaff', updatedAt: NOW, source: { system: 'hr', importedBy: 'hr1' } });
  }
  world.scores.set(`${CYCLE}:ann:final`, score('ann', 'A'));
  world.scores.set(`${CYCLE}:bob:final`, score('bob', 'C'));
  world.scores.set(`${CYCLE}:hd:final`, score('hd', 'A'));
  return world;
}

// RAROC = (250 − 50 − 30) / 1,000 = 17 %, five points over the 12 % hurdle: 1 + 0.02 × 5 = 1.1.
function withMetrics(world: World, fields: Record<string, number> = {}): World {
  const values = { bonusPoolBaseMinor: 10_000_000, revenueMinor: 2_500_000_000, costsMinor: 500_000_000, expectedLossMinor: 300_000_000, economicCapitalMinor: 10_000_000_000, ...fields };
  for (const [key, value] of Object.entries(values)) world.metrics.set(metricId(CYCLE, { type: 'unit', id: UNIT }, key), value);
  return world;
}

async function pooled(world = withMetrics(desk())): Promise<World> {
  await bonusPool.run(taskOf({ ...round, deferralPack: 'deferral-cn-bank', awardDate: '2027-03-31' }), fakePorts(world));
  return world;
}

async function allocated(world?: World): Promise<World> {
  const w = await pooled(world);
  await bonusAllocate.run(taskOf(round), fakePorts(w));
  return w;
}

describe('bonus.pool', () => {
  test('base pool ¥100,000 × coefficient 1.1 = ¥110,000, stored in the round with the pack and the pins', async () => {
    const world = withMetrics(desk());
    const out = await bonusPool.run(taskOf({ ...round, deferralPack: 'deferral-cn-bank', awardDate: '2027-03-31' }), fakePorts(world));
    expect(out).toEqual({ currency: 'CNY', poolMinor: 11_000_000, riskCoefficient: 1.1 });
    expect(world.rounds.get(ROUND)).toEqual(expect.objectContaining({
      caseId: CASE, currency: 'CNY', awardDate: '2027-03-31', deferralPack: { key: 'deferral-cn-bank', version: 1 }, status: 'pooled', allocationRun: 0, approvals: [],
      pool: expect.objectContaining({ poolMinor: 11_000_000, basePoolMinor: 10_000_000, coefficient: 1.1 }),
    }));
    expect(world.audit.map((e) => e.action)).toEqual(['bonus.pool.computed']);
  });

  test('a metric removed since the launch fails, naming it', async () => {
    const world = withMetrics(desk());
    world.metrics.delete(metricId(CYCLE, { type: 'unit', id: UNIT }, 'costsMinor'));
    await expect(bonusPool.run(taskOf({ ...round, deferralPack: 'deferral-cn-bank', awardDate: '2027-03-31' }), fakePorts(world))).rejects.toThrow('missing unit metrics costsMinor');
    expect(world.rounds.size).toBe(0);
  });

  test('people paid in two currencies cannot share a pool', async () => {
    const world = withMetrics(desk());
    world.compensation.set('bob', { ...world.compensation.get('bob')!, currency: 'HKD' });
    await expect(bonusPool.run(taskOf({ ...round, deferralPack: 'deferral-cn-bank', awardDate: '2027-03-31' }), fakePorts(world))).rejects.toThrow('must be paid in one currency, found CNY, HKD');
  });
});

describe('bonus.allocate', () => {
  test('¥110,000 by weight: ann 1.5 × 40,000,000, bob 1.0 × 40,000,000 → 6,600,000 and 4,400,000; the head is not in the round', async () => {
    const world = await pooled();
    const out = await bonusAllocate.run(taskOf(round), fakePorts(world));
    expect(out).toEqual({
      allocationRun: 1, approvalsDone: 0, bonusApprovalSubmissionId: null, revisionProblem: null,
      allocatedMinor: 11_000_000, maxAwardMinor: 6_600_000, complianceActionFired: false, peopleCount: 2,
    });
    expect(world.awards.get('2026:ann')).toEqual(expect.objectContaining({ amountMinor: 6_600_000, rating: 'A', status: 'proposed', policyVersions: { ...PINS } }));
    // Other staff defer nothing: the whole award is the upfront tranche.
    expect(world.awards.get('2026:ann')!.tranches).toEqual([expect.objectContaining({ trancheId: '2026:ann/T0', amountMinor: 6_600_000, status: 'scheduled' })]);
    expect(world.awards.get('2026:bob')!.amountMinor).toBe(4_400_000);
    expect(world.awards.has('2026:hd')).toBe(false);
    expect(world.rounds.get(ROUND)).toEqual(expect.objectContaining({ status: 'allocated', allocationRun: 1, basis: expect.objectContaining({ poolMinor: 11_000_000 }) }));
  });

  test('a confirmed major breach halves bob\'s award; the 2,200,000 taken off stays with the bank', async () => {
    const world = desk();
    world.complianceEvents.push({ cycle: CYCLE, personId: 'bob', id: 'CE-1', severity: 'major', confirmed: true });
    await pooled(withMetrics(world));
    const out = await bonusAllocate.run(taskOf(round), fakePorts(world));
    expect(out).toEqual(expect.objectContaining({ allocatedMinor: 8_800_000, complianceActionFired: true }));
    expect(world.awards.get('2026:bob')!.amountMinor).toBe(2_200_000);
    expect(world.rounds.get(ROUND)!.allocation).toEqual(expect.objectContaining({ complianceRetainedMinor: 2_200_000 }));
  });

  test('a redelivery rewrites the same awards with one lineage entry', async () => {
    const world = await allocated();
    await bonusAllocate.run(taskOf(round), fakePorts(world));
    expect(world.awards.get('2026:ann')!.lineage.map((e) => e.ref)).toEqual([`${CASE}#allocation-1`]);
  });

  test('the line head\'s revision bob → B: weights 60 : 48 of ¥110,000 → 6,111,111 and 4,888,889 (the larger remainder)', async () => {
    const world = await allocated();
    world.submissions.set('rev-1', submission('rev-1', 'bonus-revision', { overrides: [{ personId: 'bob', rating: 'B', reason: 'led the migration' }] }, 'hd'));
    const out = await bonusAllocate.run(taskOf({ ...round, allocationRun: 1, bonusRevisionSubmissionId: 'rev-1' }), fakePorts(world));
    expect(out).toEqual(expect.objectContaining({ allocationRun: 2, allocatedMinor: 11_000_000 }));
    expect(world.awards.get('2026:ann')!.amountMinor).toBe(6_111_111);
    expect(world.awards.get('2026:bob')).toEqual(expect.objectContaining({ amountMinor: 4_888_889, rating: 'B' }));
    expect(world.awards.get('2026:bob')!.lineage.at(-1)).toEqual(expect.objectContaining({ by: 'hd', amountBeforeMinor: 4_400_000, amountAfterMinor: 4_888_889, note: 'revised by hd: rating B — led the migration' }));
    expect(world.rounds.get(ROUND)).toEqual(expect.objectContaining({ appliedRevisionIds: ['rev-1'], overrides: [expect.objectContaining({ personId: 'bob', rating: 'B' })] }));
  });

  test('a revision naming someone outside the round goes back to the line head with the reason', async () => {
    const world = await allocated();
    world.submissions.set('rev-1', submission('rev-1', 'bonus-revision', { overrides: [{ personId: 'zed', amountMinor: 1, reason: 'x' }] }, 'hd'));
    const error = await bonusAllocate.run(taskOf({ ...round, allocationRun: 1, bonusRevisionSubmissionId: 'rev-1' }), fakePorts(world)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BusinessError);
    expect(error).toEqual(expect.objectContaining({ code: 'REVISION_INVALID', message: 'change 1 (zed): the employee is not in this round' }));
    expect(world.awards.get('2026:bob')!.amountMinor).toBe(4_400_000);
  });

  test('a member without a standing rating stops the round, naming them', async () => {
    const world = await pooled();
    world.scores.delete(`${CYCLE}:bob:final`);
    await expect(bonusAllocate.run(taskOf(round), fakePorts(world))).rejects.toThrow('no standing rating or compensation for bob');
  });
});

// The approval table as a test writes it: the line head always; HR when the pool is above ¥100,000.
function withChainTable(world: World): World {
  world.cases.set(CASE, { ...world.cases.get(CASE)!, decisionVersions: { 'bonus-approval-chain': 3 } });
  world.decisions.set('bonus-approval-chain@3', {
    version: 2,
    evaluate: (facts) => [
      { stepId: 'line-head', approverKind: 'unitHead', reasonEn: 'every round' },
      ...((facts.poolMinor as number) > 10_000_000 ? [{ stepId: 'hr', approverKind: 'group', approverGroup: 'hr', reasonEn: 'pool above ¥100,000' }] : []),
    ],
  });
  return world;
}

describe('bonus.next-approver', () => {
  test('the pool of ¥110,000 asks the unit head, then HR, then is done', async () => {
    const world = withChainTable(await allocated());
    const first = await bonusNextApprover.run(taskOf(round), fakePorts(world));
    expect(first).toEqual({ bonusApprovalSubmissionId: null, approvalRoute: 'approver', approvalsDone: 0, approvalsTotal: 2, approvalStepId: 'line-head', approverId: 'hd', approverGroup: '' });
    expect(world.rounds.get(ROUND)).toEqual(expect.objectContaining({ status: 'in-approval', chain: expect.objectContaining({ steps: [expect.objectContaining({ stepId: 'line-head' }), expect.objectContaining({ stepId: 'hr', reasons: ['pool above ¥100,000'] })] }) }));

    world.submissions.set('ap-1', submission('ap-1', 'bonus-approval', { decision: 'approve' }, 'hd'));
    const second = await bonusNextApprover.run(taskOf({ ...round, approvalsDone: 0, bonusApprovalSubmissionId: 'ap-1' }), fakePorts(world));
    expect(second).toEqual(expect.objectContaining({ approvalRoute: 'approver', approvalsDone: 1, approvalStepId: 'hr', approverId: null, approverGroup: 'hr' }));

    world.submissions.set('ap-2', submission('ap-2', 'bonus-approval', { decision: 'approve' }, 'hr1'));
    const third = await bonusNextApprover.run(taskOf({ ...round, approvalsDone: 1, bonusApprovalSubmissionId: 'ap-2' }), fakePorts(world));
    expect(third).toEqual({ bonusApprovalSubmissionId: null, approvalRoute: 'done', approvalsDone: 2, approverId: null, approverGroup: '' });
    expect(world.rounds.get(ROUND)!.status).toBe('approved');
    expect(world.rounds.get(ROUND)!.approvals.map((a) => `${a.stepId}:${a.decidedBy}`)).toEqual(['line-head:hd', 'hr:hr1']);
  });

  test('a return goes to the unit head for revision, and a redelivery records the decision once', async () => {
    const world = withChainTable(await allocated());
    world.submissions.set('ap-1', submission('ap-1', 'bonus-approval', { decision: 'return', comment: 'bob is under-rated' }, 'hd'));
    const task = taskOf({ ...round, approvalsDone: 0, bonusApprovalSubmissionId: 'ap-1' });
    expect(await bonusNextApprover.run(task, fakePorts(world))).toEqual({ bonusApprovalSubmissionId: null, approvalRoute: 'return', lineHeadId: 'hd', approvalsDone: 0 });
    await bonusNextApprover.run(task, fakePorts(world));
    expect(world.rounds.get(ROUND)!.approvals).toEqual([expect.objectContaining({ taskId: 'ap-1', decision: 'return', comment: 'bob is under-rated', stepId: 'line-head' })]);
    expect(world.rounds.get(ROUND)!.status).toBe('returned');
  });

  test('a round that pinned no version of the table fails, naming the table', async () => {
    const world = await allocated();
    await expect(bonusNextApprover.run(taskOf(round), fakePorts(world))).rejects.toThrow(`case ${CASE} pinned no version of the decision bonus-approval-chain`);
  });
});

async function approvedRound(): Promise<World> {
  const world = await allocated();
  const stored = world.rounds.get(ROUND)!;
  world.rounds.set(ROUND, { ...stored, status: 'approved', approvals: [{ taskId: 'ap-1', allocationRun: 1, stepId: 'line-head', decision: 'approve', comment: '', decidedBy: 'hd', decidedAt: NOW }] });
  return world;
}

describe('bonus.letters', () => {
  test('each award is approved, names who signed, and its person gets a letter in their language', async () => {
    const world = await approvedRound();
    expect(await bonusLetters.run(taskOf(round), fakePorts(world))).toEqual({});
    expect(world.awards.get('2026:ann')).toEqual(expect.objectContaining({ status: 'approved' }));
    expect(world.awards.get('2026:ann')!.lineage.at(-1)).toEqual(expect.objectContaining({ kind: 'approved', note: 'signed by line-head: hd', amountAfterMinor: 6_600_000 }));
    expect(world.letters.get('2026:ann')).toEqual(expect.objectContaining({ locale: 'en', amountMinor: 6_600_000 }));
    expect(world.letters.get('2026:ann')!.text).toContain('Ann Lee');
    expect(world.letters.get('2026:bob')).toEqual(expect.objectContaining({ locale: 'zh-CN', amountMinor: 4_400_000 }));
    expect(world.letters.get('2026:bob')!.text).toContain('吴波');
    expect(world.notifications.get(`${CASE}:bonus.letter:ann`)).toEqual(expect.objectContaining({ params: { awardId: '2026:ann', amountMinor: 6_600_000, currency: 'CNY' } }));
  });

  test('a redelivery keeps one approved entry per award and one notification per person', async () => {
    const world = await approvedRound();
    await bonusLetters.run(taskOf(round), fakePorts(world));
    await bonusLetters.run(taskOf(round), fakePorts(world));
    expect(world.awards.get('2026:ann')!.lineage.filter((e) => e.kind === 'approved')).toHaveLength(1);
    expect([...world.notifications.keys()].filter((k) => k.includes('bonus.letter'))).toHaveLength(2);
  });

  test('a round without an allocation is a technical failure', async () => {
    const world = await pooled();
    await expect(bonusLetters.run(taskOf(round), fakePorts(world))).rejects.toThrow(`bonus round ${ROUND} has no allocation`);
  });
});

describe('bonus.schedule', () => {
  test('the approved awards, the round and the case become scheduled/approved', async () => {
    const world = await approvedRound();
    await bonusSchedule.run(taskOf(round), fakePorts(world));
    expect(world.awards.get('2026:ann')!.status).toBe('scheduled');
    expect(world.awards.get('2026:bob')!.status).toBe('scheduled');
    expect(world.rounds.get(ROUND)!.status).toBe('scheduled');
    expect(world.cases.get(CASE)!.status).toBe('approved');
    expect(world.audit.at(-1)).toEqual(expect.objectContaining({ action: 'bonus.scheduled', details: { caseId: CASE, awards: 2, allocatedMinor: 11_000_000 } }));
  });
});

describe('bonus.rerun-person', () => {
  const appeal = { caseId: '2026:bob:appeal', cycle: CYCLE, subjectId: 'bob' };

  test('an upheld appeal C → B recomputes bob on the round\'s basis: 11,000,000 × 48,000,000 / 100,000,000 = 5,280,000; ann is untouched', async () => {
    const world = await allocated();
    world.scores.set(`${CYCLE}:bob:appeal`, score('bob', 'B', 'appeal'));
    expect(await bonusRerunPerson.run(taskOf(appeal), fakePorts(world))).toEqual({ bonusRerun: 'rerun' });
    const bob = world.awards.get('2026:bob')!;
    expect(bob).toEqual(expect.objectContaining({ rating: 'B', amountMinor: 5_280_000, status: 'proposed' }));
    expect(bob.lineage.at(-1)).toEqual(expect.objectContaining({ kind: 'appeal-rerun', ref: '2026:bob:appeal', amountBeforeMinor: 4_400_000, amountAfterMinor: 5_280_000, note: 'rating C → B (appeal); recomputed on the round\'s basis' }));
    expect(world.awards.get('2026:ann')!.amountMinor).toBe(6_600_000);
    // A proposed award has no letter yet: bob is told by a notification.
    expect(world.letters.size).toBe(0);
    expect(world.notifications.get('2026:bob:appeal:bonus.rerun:bob')).toEqual(expect.objectContaining({ params: { awardId: '2026:bob', amountMinor: 5_280_000, currency: 'CNY' } }));
  });

  test('a redelivery keeps the amount before as the first run recorded it', async () => {
    const world = await allocated();
    world.scores.set(`${CYCLE}:bob:appeal`, score('bob', 'B', 'appeal'));
    await bonusRerunPerson.run(taskOf(appeal), fakePorts(world));
    await bonusRerunPerson.run(taskOf(appeal), fakePorts(world));
    const reruns = world.awards.get('2026:bob')!.lineage.filter((e) => e.kind === 'appeal-rerun');
    expect(reruns).toEqual([expect.objectContaining({ amountBeforeMinor: 4_400_000, amountAfterMinor: 5_280_000, note: expect.stringMatching(/^rating C → B/) })]);
  });

  test('an approved award gets a new letter', async () => {
    const world = await allocated();
    const bob: Award = world.awards.get('2026:bob')!;
    world.awards.set(bob._id, { ...bob, status: 'approved' });
    world.scores.set(`${CYCLE}:bob:appeal`, score('bob', 'B', 'appeal'));
    await bonusRerunPerson.run(taskOf(appeal), fakePorts(world));
    expect(world.letters.get('2026:bob')).toEqual(expect.objectContaining({ amountMinor: 5_280_000, caseId: CASE }));
  });

  test('no award yet: nothing to do, the round will read the new rating', async () => {
    const world = desk();
    expect(await bonusRerunPerson.run(taskOf(appeal), fakePorts(world))).toEqual({ bonusRerun: 'no-award' });
    expect(world.audit).toEqual([]);
  });

  test('an award with a tranche already paid needs a person to settle it', async () => {
    const world = await allocated();
    const bob = world.awards.get('2026:bob')!;
    world.awards.set(bob._id, { ...bob, tranches: bob.tranches.map((t) => ({ ...t, status: 'paid' as const })) });
    await expect(bonusRerunPerson.run(taskOf(appeal), fakePorts(world))).rejects.toThrow('award 2026:bob has tranches paid, cancelled or clawed back');
  });
});
