import type { ChildProcess } from 'node:child_process';
import { AwardModel } from '../../src/db/models/award';
import { BonusRoundModel, bonusRoundId } from '../../src/db/models/bonus-round';
import { NotificationModel } from '../../src/db/models/notification';
import { PersonModel } from '../../src/db/models/person';
import { ReviewCaseModel, caseIdFor } from '../../src/db/models/review-case';
import { ScoreModel, scoreId, standingRating } from '../../src/db/models/score';
import { addYears } from '../../src/domain/dates';
import { bonusUnit, removeCreated, reviewToStandingRating, type BonusMember, type BonusUnit, type Created } from '../support/bonus-driver';
import { HttpUser } from '../support/http-user';
import { readWorkbook, sheetRecords } from '../support/workbook';
import { servedContext } from '../support/served-context';
import { eventually, startTestStack, startWorker, stopWorker, uniqueCycle, type TestStack } from '../support/stack';

/**
 * A unit's bonus round driven over HTTP by its real actors: HR launches it, the line head, HR, the
 * risk officer and the compensation committee sign in the order the approval-limits policy asks,
 * the risk officer returns it, the line head revises it, the chain starts over, letters and payout
 * schedules result. Units, pay facts and unit metrics come from test/support/bonus-driver.ts, which drives
 * each review to a standing rating through review-driver.ts; compliance events are reported through the import.
 */
const AWARD_DATE = '2027-03-31';
/** Who claims a task offered to a group (demo bank logins). */
const GROUP_MEMBER: Record<string, string> = { hr: 'hr', 'risk-officer': 'risk.officer', 'comp-committee': 'ceo' };

let stack: TestStack;
let worker: ChildProcess;
let hr: HttpUser;
const cycle = uniqueCycle('bonus');
const created: Created = { people: [], units: [] };

type Member = BonusMember;
type TestUnit = BonusUnit;
const unitWith = (prefix: string, basePoolMinor: number, members: Array<Omit<Member, 'id' | 'username'>>) => bonusUnit(stack.baseUrl, cycle, prefix, basePoolMinor, members, created);
const driveReview = (unit: TestUnit, member: Member) => reviewToStandingRating(stack.baseUrl, cycle, unit, member);

async function openTask(caseId: string) {
  const { processInstanceId } = (await ReviewCaseModel.findById(caseId).lean())!;
  return eventually(`open task of ${caseId}`, async () => (await stack.engine.tasksOfProcess(processInstanceId!))[0], 90_000);
}

/** The approver the task names — its assignee, or a member of the offered group who claims it — decides over HTTP. */
async function decide(caseId: string, expectedStep: string, data: Record<string, unknown>): Promise<HttpUser> {
  const task = await openTask(caseId);
  expect(task.taskDefinitionKey).toBe('bonusApproval');
  let approver: HttpUser;
  if (task.assignee) {
    const person = (await PersonModel.findById(task.assignee, { username: 1 }).lean())!;
    approver = await HttpUser.signIn(stack.baseUrl, person.username);
  } else {
    const groups = (await stack.engine.taskIdentityLinks(task.id)).filter((l) => l.type === 'candidate' && l.groupId).map((l) => l.groupId!);
    approver = await HttpUser.signIn(stack.baseUrl, GROUP_MEMBER[groups[0]!]!);
    expect((await approver.post(`/api/tasks/${task.id}/submission`, { data })).status).toBe(403); // claim first
    expect((await approver.post(`/api/tasks/${task.id}/claim`, {})).status).toBe(200);
  }
  const view = await approver.get(`/api/tasks/${task.id}`);
  expect(view.status).toBe(200);
  const { cycle: roundCycle, subjectId: unitId } = (await ReviewCaseModel.findById(caseId).lean())!;
  const round = (await BonusRoundModel.findById(bonusRoundId(roundCycle, unitId)).lean())!;
  expect(round.chain!.steps.map((s) => s.stepId)).toContain(expectedStep);
  expect(round.approvals.filter((a) => a.allocationRun === round.allocationRun).length).toBe(round.chain!.steps.findIndex((s) => s.stepId === expectedStep));
  // The form shows the round being decided, with this step's turn in the chain, to every approver
  // (the risk officer too, who reads no pay outside the rounds they approve).
  const shown = servedContext(view.body.form.schema, 'bonus-allocation');
  expect(shown).toContain('class="current"');
  expect(shown).not.toMatch(/Not shown to you|无权查看/);
  expect((await approver.post(`/api/tasks/${task.id}/submission`, { data })).status).toBe(201);
  return approver;
}

async function launch(unitIds: string[], deferralPack?: string) {
  return hr.post(`/api/cycles/${cycle}/bonus-rounds`, { unitIds, awardDate: AWARD_DATE, ...(deferralPack ? { deferralPack } : {}) });
}

async function approveWholeChain(caseId: string, steps: string[]) {
  for (const step of steps) await decide(caseId, step, { decision: 'approve' });
}

async function scheduledAward(personId: string) {
  return eventually(`scheduled award of ${personId}`, async () => {
    const award = await AwardModel.findById(`${cycle}:${personId}`).lean();
    return award?.status === 'scheduled' ? award : undefined;
  }, 90_000);
}

const sum = (tranches: Array<{ amountMinor: number }>) => tranches.reduce((s, t) => s + t.amountMinor, 0);

let main: TestUnit;
const packUnits: Record<string, TestUnit> = {};

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('bonus-flow');
  hr = await HttpUser.signIn(stack.baseUrl, 'hr');
  // ¥6,000,000 pool: large enough for the whole chain (line head → HR → risk → committee).
  main = await unitWith('bonus-main', 600_000_000, [
    { rating: 5, comp: { currency: 'CNY', fixedPayMinor: 100_000_000, roleCategory: 'seniorManagement' } },
    { rating: 4, comp: { currency: 'CNY', fixedPayMinor: 80_000_000, roleCategory: 'otherStaff' } },
    { rating: 5, comp: { currency: 'CNY', fixedPayMinor: 60_000_000, roleCategory: 'keyRiskRole' } },
  ]);
  packUnits['deferral-cn-bank'] = await unitWith('pack-cnbank', 30_000_001, [{ rating: 3, comp: { currency: 'CNY', fixedPayMinor: 50_000_000, roleCategory: 'seniorManagement' } }]);
  packUnits['deferral-cn-insurer'] = await unitWith('pack-cnins', 20_000_000, [{ rating: 3, comp: { currency: 'CNY', fixedPayMinor: 50_000_000, roleCategory: 'principalExecutive' } }]);
  packUnits['deferral-eu-crd5'] = await unitWith('pack-eu', 20_000_000, [{ rating: 3, comp: { currency: 'EUR', fixedPayMinor: 25_000_000, roleCategory: 'keyRiskRole' } }]);
  packUnits['deferral-uk'] = await unitWith('pack-uk', 100_000_000, [{ rating: 3, comp: { currency: 'GBP', fixedPayMinor: 50_000_000, roleCategory: 'keyRiskRole' } }]);
  // CRD V's shareholder approval: two material risk takers on €100,000 fixed pay share a €500,000 pool.
  packUnits['eu-approval'] = await unitWith('eu-approval', 50_000_000, [
    { rating: 3, comp: { currency: 'EUR', fixedPayMinor: 10_000_000, roleCategory: 'keyRiskRole' } },
    { rating: 3, comp: { currency: 'EUR', fixedPayMinor: 10_000_000, roleCategory: 'keyRiskRole' } },
  ]);
  // AMAC 2022: a fund manager and a head of department of a fund management company.
  packUnits['deferral-cn-fund'] = await unitWith('pack-fund', 100_000_000, [{ rating: 3, comp: { currency: 'CNY', fixedPayMinor: 100_000_000, roleCategory: 'fundManager' } }]);
  // A confirmed severe breach for the third member (veto), and one still under investigation for the first.
  const [first, , third] = main.members;
  // Reported as the compliance function reports them: an import by a compliance officer.
  const complianceOfficer = await HttpUser.signIn(stack.baseUrl, 'cmp.officer3');
  const reported = await complianceOfficer.post('/api/compliance-events', {
    source: { system: 'bonus-flow-test' },
    records: [[third!.id, 'CMP-1', 'severe', true], [first!.id, 'CMP-2', 'major', false]].map(([personId, reference, severity, confirmed]) => ({
      personId, cycle, date: '2026-09-30', severity, confirmed, description: 'Test breach', reference: `${cycle}-${reference}`,
    })),
  });
  expect(reported.status).toBe(201);
  const everyone = [main, ...Object.values(packUnits)].flatMap((u) => u.members.map((m) => m.id));
  expect((await hr.post(`/api/cycles/${cycle}/reviews`, { employeeIds: everyone })).status).toBe(201);
}, 180_000);

afterAll(async () => {
  await stopWorker(worker);
  await removeCreated(created);
  await stack?.close();
});

test('a round cannot start while the unit\'s people have no standing rating: 409 naming them, nothing started', async () => {
  const response = await launch([main.id]);
  expect(response.status).toBe(409);
  const problem = response.body.problems.find((p: { code: string }) => p.code === 'no-standing-rating');
  for (const m of main.members) expect(problem.message).toContain(m.id);
  expect(await ReviewCaseModel.findById(caseIdFor('bonus-approval', cycle, main.id)).lean()).toBeNull();
  // Only HR and admins launch rounds.
  expect((await main.head.post(`/api/cycles/${cycle}/bonus-rounds`, { unitIds: [main.id] })).status).toBe(403);
  expect((await launch([main.id], 'deferral-mars')).body.problems).toEqual([expect.objectContaining({ field: 'deferralPack', code: 'unknown' })]);
});

test('the round walks the whole chain, is returned by risk, revised with reasons, approved, and ends in letters and payout schedules', async () => {
  await Promise.all([main, ...Object.values(packUnits)].flatMap((u) => u.members.map((m) => driveReview(u, m))));
  const [p1, p2, p3] = main.members as [Member, Member, Member];
  const caseId = caseIdFor('bonus-approval', cycle, main.id);

  const launched = await launch([main.id]);
  expect(launched.status).toBe(201);
  expect(launched.body).toMatchObject({ launched: [main.id], deferralPack: 'deferral-cn-bank', awardDate: AWARD_DATE });
  expect((await launch([main.id])).body).toMatchObject({ launched: [], alreadyRunning: [main.id] });

  // Line head and HR approve; the risk officer returns it.
  await decide(caseId, 'line-head', { decision: 'approve' });
  await decide(caseId, 'hr', { decision: 'approve' });
  const round = await hr.get(`/api/bonus-rounds/${cycle}/${main.id}`);
  expect(round.status).toBe(200);
  expect(round.body.round.pool).toMatchObject({ poolMinor: 600_000_000, basePoolMinor: 600_000_000, coefficient: 1 });
  expect(round.body.round.pool.riskAdjustment).toMatchObject({ rarocPercent: 12, policy: { key: 'risk-adjustment' } });
  expect(round.body.round.chain.steps.map((s: { stepId: string }) => s.stepId)).toEqual(['line-head', 'hr', 'risk', 'comp-committee']);
  const firstRun = Object.fromEntries(round.body.round.allocation.people.map((p: { personId: string }) => [p.personId, p]));
  // p1 A: 1.5 × ¥1,000,000 of Σ 1.5 × 1,000,000 + 1.2 × 800,000 (p3's rating is capped to E: weight 0)
  // = 600,000,000 × 150/246 = 365,853,659 fen, above 3 × fixed pay: capped at 300,000,000.
  expect(firstRun[p1.id]).toMatchObject({ rating: 'A', awardMinor: 300_000_000, capMinor: 300_000_000 });
  expect(firstRun[p2.id]).toMatchObject({ rating: 'B', awardMinor: 234_146_341 });
  expect(firstRun[p3.id]).toMatchObject({ standingRating: 'A', rating: 'E', awardMinor: 0, complianceFired: ['severe-veto', 'major-cap'] }); // severe is also "major or worse"
  await decide(caseId, 'risk', { decision: 'return', comment: 'Give the relationship team a fixed amount' });

  // The line head's first revision does not fit in the pool: the task comes back saying why.
  const revise = async (overrides: unknown[]) => {
    const task = await openTask(caseId);
    expect(task.taskDefinitionKey).toBe('reviseAllocation');
    expect(task.assignee).toBe(main.head.id);
    expect((await main.head.post(`/api/tasks/${task.id}/submission`, { data: { overrides } })).status).toBe(201);
    return task.id;
  };
  const firstRevision = await revise([{ personId: p2.id, amountMinor: 700_000_000, reason: 'Closed the syndicated loan' }]);
  const again = await eventually('revision task back', async () => { const t = await openTask(caseId); return t.id !== firstRevision ? t : undefined; });
  const againView = await main.head.get(`/api/tasks/${again.id}`);
  expect(servedContext(againView.body.form.schema, 'bonus-allocation')).toMatch(/more than the pool/);
  await revise([{ personId: p2.id, amountMinor: 200_000_000, reason: 'Closed the syndicated loan' }]);

  // The chain starts over on the revised allocation.
  await approveWholeChain(caseId, ['line-head', 'hr', 'risk', 'comp-committee']);
  const [a1, a2, a3] = await Promise.all([scheduledAward(p1.id), scheduledAward(p2.id), scheduledAward(p3.id)]);

  // p2 set to ¥2,000,000; the other ¥4,000,000 goes by weight to p1 (p3 has none) and is capped at 3 × fixed pay.
  expect(a2).toMatchObject({ amountMinor: 200_000_000, rating: 'B', status: 'scheduled' });
  expect(a2.explanation.override).toMatchObject({ amountMinor: 200_000_000, reason: 'Closed the syndicated loan', by: main.head.id });
  expect(a2.lineage.map((l) => l.kind)).toEqual(['allocated', 'allocated', 'approved']);
  expect(a2.lineage[1]).toMatchObject({ amountBeforeMinor: 234_146_341, amountAfterMinor: 200_000_000, by: main.head.id });
  expect(a2.lineage[1]!.note).toContain('Closed the syndicated loan');
  expect(a1.amountMinor).toBe(300_000_000);

  // The veto: a confirmed severe breach zeroes the award and caps the rating at E; the unconfirmed event is seen and ignored.
  expect(a3).toMatchObject({ amountMinor: 0, rating: 'E' });
  expect(a3.explanation.compliance).toMatchObject({ proposedRating: 'A', rating: 'E', capped: true, veto: true, bonusMultiplier: 0, decidedBy: { rating: 'severe-veto', bonusMultiplier: 'severe-veto' } });
  expect((await AwardModel.findById(`${cycle}:${p1.id}`).lean())!.explanation.compliance).toMatchObject({ veto: false, ignoredEvents: [{ id: `bonus-flow-test:${cycle}-CMP-2` }] }); // the import keys an event by source system and reference

  // CN bank pack: a senior manager defers 40 % over 3 equal yearly tranches; other staff nothing.
  expect(a1.tranches).toEqual([
    { trancheId: `${cycle}:${p1.id}/T0`, index: 0, vestingDate: AWARD_DATE, amountMinor: 180_000_000, status: 'scheduled' },
    { trancheId: `${cycle}:${p1.id}/T1`, index: 1, vestingDate: '2028-03-31', amountMinor: 40_000_000, status: 'scheduled' },
    { trancheId: `${cycle}:${p1.id}/T2`, index: 2, vestingDate: '2029-03-31', amountMinor: 40_000_000, status: 'scheduled' },
    { trancheId: `${cycle}:${p1.id}/T3`, index: 3, vestingDate: '2030-03-31', amountMinor: 40_000_000, status: 'scheduled' },
  ]);
  expect(a2.tranches).toEqual([{ trancheId: `${cycle}:${p2.id}/T0`, index: 0, vestingDate: AWARD_DATE, amountMinor: 200_000_000, status: 'scheduled' }]);

  // Each person reads their award, schedule and letter (in their language: these test people read English).
  const employee = await HttpUser.signIn(stack.baseUrl, p1.username);
  const own = await employee.get(`/api/awards/${cycle}/${p1.id}`);
  expect(own.status).toBe(200);
  expect(own.body.award.tranches).toHaveLength(4);
  expect(own.body.letter.locale).toBe('en');
  expect(own.body.letter.text).toContain('CN¥3,000,000.00');
  expect(own.body.letter.text).toContain('2030-03-31');
  expect(own.body.letter.text).toContain('Deferral rules: Deferral pack: PRC commercial banks'); // the pack by its name, not its key
  expect(await NotificationModel.findById(`${caseId}:bonus.letter:${p1.id}`).lean()).not.toBeNull();
  // Pay is not for colleagues, nor for a manager who is not the unit head.
  expect((await employee.get(`/api/awards/${cycle}/${p2.id}`)).status).toBe(404);
  expect((await employee.get(`/api/bonus-rounds/${cycle}/${main.id}`)).status).toBe(404);
  expect((await main.head.get(`/api/awards/${cycle}/${p2.id}`)).status).toBe(200);

  const final = await hr.get(`/api/bonus-rounds/${cycle}/${main.id}`);
  expect(final.body.round).toMatchObject({ status: 'scheduled', caseStatus: 'approved', allocationRun: 2 });
  expect(final.body.round.approvals.map((a: { allocationRun: number; stepId: string; decision: string }) => `${a.allocationRun}:${a.stepId}:${a.decision}`)).toEqual([
    '1:line-head:approve', '1:hr:approve', '1:risk:return', '2:line-head:approve', '2:hr:approve', '2:risk:approve', '2:comp-committee:approve',
  ]);
  expect(final.body.round.approvals[2].comment).toBe('Give the relationship team a fixed amount');

  // The committee's workbook of the round: the same amounts as numbers in yuan, what set each, every decision.
  const download = await hr.download(`/api/bonus-rounds/${cycle}/${main.id}/export`);
  expect(download.headers.get('content-disposition')).toBe(`attachment; filename="bonus-round-${cycle}-${main.id}.xlsx"`);
  const workbook = await readWorkbook(download.bytes);
  const sheets = Object.keys(workbook);
  expect(sheets).toHaveLength(3);
  const [awardsSheet, poolSheet, decisionsSheet] = sheets.map((name) => sheetRecords(workbook[name]!));
  const byPerson = new Map(awardsSheet!.map((row) => [Object.values(row)[1], Object.values(row)]));
  for (const person of final.body.round.allocation.people as Array<{ personId: string; awardMinor: number; deferredMinor: number; fixedPayMinor: number; rating: string }>) {
    const row = byPerson.get(person.personId)!;
    // name, id, rating, standing rating, set by, role, fixed pay, compliance ×, rules, cap, award, deferred, upfront, revised, why
    expect([row[2], row[6], row[10], row[11], row[12]]).toEqual([person.rating, person.fixedPayMinor / 100, person.awardMinor / 100, person.deferredMinor / 100, (person.awardMinor - person.deferredMinor) / 100]);
    expect(row[0]).not.toBe(person.personId);
  }
  expect(byPerson.get(p2.id)![14]).toBe('Closed the syndicated loan');
  expect(poolSheet!.some((row) => Object.values(row)[1] === final.body.round.pool.poolMinor / 100)).toBe(true);
  expect(decisionsSheet!.map((row) => Object.values(row)[0])).toEqual(final.body.round.chain.steps.map((s: { stepId: string }) => s.stepId));
  expect(decisionsSheet!.every((row) => Object.values(row)[3] !== null && !String(Object.values(row)[3]).startsWith('E'))).toBe(true);
}, 600_000);

test.each([
  // pack, chain, expected: award, upfront, deferred tranches, first vesting anniversary
  ['deferral-cn-bank', ['line-head'], { award: 30_000_001, upfront: 18_000_000, tranches: [4_000_000, 4_000_000, 4_000_001], firstYear: 1 }],
  ['deferral-cn-insurer', ['line-head'], { award: 20_000_000, upfront: 10_000_000, tranches: [3_333_333, 3_333_333, 3_333_334], firstYear: 1 }],
  ['deferral-eu-crd5', ['line-head', 'hr', 'comp-committee'], { award: 20_000_000, upfront: 12_000_000, tranches: [2_000_000, 2_000_000, 2_000_000, 2_000_000], firstYear: 1 }],
  ['deferral-uk', ['line-head', 'hr', 'risk', 'comp-committee'], { award: 100_000_000, upfront: 53_200_000, tranches: [11_700_000, 11_700_000, 11_700_000, 11_700_000], firstYear: 1 }],
  ['deferral-cn-fund', ['line-head', 'hr'], { award: 100_000_000, upfront: 60_000_000, tranches: [13_333_333, 13_333_333, 13_333_334], firstYear: 1 }],
] as const)('the round applies the chosen pack %s', async (pack, chain, expected) => {
  // cn-bank: senior manager, ≥ 40 % over 3 equal years (40 % of 30,000,001 rounded up = 12,000,001).
  // cn-insurer: chair / general manager, ≥ 50 % over 3 years. EU CRD V: material risk taker, 40 % over
  // 4 years (above the €50,000 de-minimis). UK: 40 % of the first £660,000 + 60 % of the rest, 4 years from year 1.
  const unit = packUnits[pack]!;
  await eventually('standing rating', () => standingRating(cycle, unit.members[0]!.id), 120_000);
  const launched = await launch([unit.id], pack);
  expect(launched.status).toBe(201);
  expect(launched.body.deferralPack).toBe(pack);
  await approveWholeChain(caseIdFor('bonus-approval', cycle, unit.id), [...chain]);
  const award = await scheduledAward(unit.members[0]!.id);
  expect(award.amountMinor).toBe(expected.award);
  expect(award.tranches[0]).toMatchObject({ index: 0, amountMinor: expected.upfront, vestingDate: AWARD_DATE });
  expect(award.tranches.slice(1).map((t) => t.amountMinor)).toEqual(expected.tranches);
  expect(award.tranches.slice(1).map((t) => t.vestingDate)).toEqual(expected.tranches.map((_, i) => addYears(AWARD_DATE, expected.firstYear + i)));
  expect(sum(award.tranches)).toBe(award.amountMinor);
  expect(award.policyVersions[pack]).toBeGreaterThanOrEqual(1);
  expect((award.explanation.deferral as { policy: { key: string } }).policy.key).toBe(pack);
  if (pack === 'deferral-cn-fund') {
    // The fund manager invests 30 % of ¥1,000,000 in the company's funds: on the letter and on /me's schedule.
    const employee = await HttpUser.signIn(stack.baseUrl, unit.members[0]!.username);
    const own = await employee.get(`/api/awards/${cycle}/${unit.members[0]!.id}`);
    expect(own.body.letter.text).toContain('To invest out of this award: CN¥300,000.00 (30 % of the award), in public funds the company manages, first those you manage yourself');
    // /me shows pay once the review is published (the review flow's last step; stamped here as it would be).
    await ReviewCaseModel.updateOne({ _id: `${cycle}:${unit.members[0]!.id}` }, { $set: { publishedAt: new Date() } });
    const me = await employee.get<string>(`/me?cycle=${cycle}&lang=en`);
    expect(me.body).toMatch(/Investment in the company(&#x27;|&#39;|')s funds/);
    expect(me.body).toContain('CN¥300,000.00');
    const zh = await employee.get<string>(`/me?cycle=${cycle}&lang=zh-CN`);
    expect(zh.body).toContain('购买本公司管理的基金');
  }
}, 300_000);

test('a shareholder-approved 200 % lifts one person\'s cap; the other is cut at 100 % and the approvers are told it needs approval', async () => {
  const unit = packUnits['eu-approval']!;
  const [approved, other] = unit.members as [Member, Member];
  await Promise.all(unit.members.map((m) => eventually('standing rating', () => standingRating(cycle, m.id), 120_000)));
  // The general meeting's resolution, recorded by the process owner as a new version of the approvals policy.
  const owner = await HttpUser.signIn(stack.baseUrl, 'owner');
  const current = await owner.get('/api/policies/variable-pay-approvals');
  const resolution = `AGM-${cycle}-R7`;
  const saved = await owner.post('/api/policies/variable-pay-approvals/versions', {
    effectiveFrom: new Date().toISOString().slice(0, 10),
    body: { ...current.body.latest.body, approvals: [{
      id: resolution, scope: { kind: 'person', personId: approved.id }, packs: ['deferral-eu-crd5'], maxPercentOfFixed: 200,
      approvedBy: 'Annual general meeting 2026, resolution 7 (84 % of votes cast)', approvedOn: '2026-04-28', validFrom: '2026-01-01',
    }] },
  });
  expect(saved.status).toBe(201);
  const launched = await launch([unit.id], 'deferral-eu-crd5');
  expect(launched.status).toBe(201);
  const caseId = caseIdFor('bonus-approval', cycle, unit.id);
  const round = await eventually('allocated', async () => {
    const r = await BonusRoundModel.findById(bonusRoundId(cycle, unit.id)).lean();
    return r?.allocation ? r : undefined;
  }, 90_000);
  const rows = Object.fromEntries(round.allocation!.people.map((p) => [p.personId, p]));
  // €250,000 each by weight. Approved 200 % of €100,000: €200,000. Without approval, CRD V's 100 %: €100,000.
  expect(rows[approved.id]).toMatchObject({ awardMinor: 20_000_000, capMinor: 20_000_000, approvalId: resolution, cap: { reason: 'approved-maximum', beforeCapMinor: 25_000_000, afterCapMinor: 20_000_000, percentOfFixed: 200 } });
  expect(rows[other.id]).toMatchObject({ awardMinor: 10_000_000, capMinor: 10_000_000, approvalId: null, cap: { reason: 'needs-shareholder-approval', beforeCapMinor: 25_000_000, afterCapMinor: 10_000_000, percentOfFixed: 100, maxWithApprovalPercent: 200 } });
  expect(round.allocation!.capRetainedMinor).toBe(20_000_000);
  const award = (await AwardModel.findById(`${cycle}:${approved.id}`).lean())!;
  expect(award.explanation.variableCap).toMatchObject({ capMinor: 20_000_000, approval: { id: resolution, approvedBy: 'Annual general meeting 2026, resolution 7 (84 % of votes cast)', approvedOn: '2026-04-28' } });

  // The line head, first to approve, reads it on the task, in English and in Chinese.
  const task = await openTask(caseId);
  const shown = servedContext((await unit.head.get(`/api/tasks/${task.id}`)).body.form.schema, 'bonus-allocation');
  expect(shown).toContain('capped: needs shareholder approval');
  expect(shown).toContain('before the cap €250,000.00 → after €100,000.00 (100 % of fixed pay; up to 200 % with shareholder approval)');
  expect(shown).toContain('capped at the ratio the shareholders approved');
  await unit.head.get('/inbox?lang=zh-CN'); // the language switch, as the page's header offers it
  const zh = servedContext((await unit.head.get(`/api/tasks/${task.id}`)).body.form.schema, 'bonus-allocation');
  expect(zh).toContain('已封顶：需股东批准');
  expect(zh).toContain('已按股东批准的比例封顶');
}, 300_000);

test('bonus.rerun-person recomputes one award on the round\'s basis after an upheld appeal, once, with lineage', async () => {
  const p2 = main.members[1]!;
  await scheduledAward(p2.id);
  // The appeal flow's outcome, as data: an upheld appeal raises p2 from B to A.
  await ScoreModel.create({
    _id: scoreId(cycle, p2.id, 'appeal'), cycle, subjectId: p2.id, step: 'appeal', caseId: `${cycle}:${p2.id}:appeal`, score: 4.6, rating: 'A',
    explanation: { kind: 'appeal', fromRating: 'B', toRating: 'A', reason: 'Upheld', decidedBy: 'ceo', decisionRef: `${cycle}:${p2.id}:appeal` },
    sourceSubmissionTaskId: 'test', computedAt: new Date(), deliveries: 1,
  });
  // A one-step diagram stands in for the appeal flow's service task (the lead's flow calls the same topic).
  await stack.engine.deploy('bonus-flow-test', [{ name: 'test-bonus-rerun.bpmn', content: RERUN_BPMN }]);
  const appealCase = `${cycle}:${p2.id}:appeal`;
  for (let delivery = 0; delivery < 2; delivery++) {
    const instance = await stack.engine.startProcess('test-bonus-rerun', `${appealCase}#${delivery}`, { cycle, subjectId: p2.id, caseId: appealCase });
    await eventually('rerun finished', async () => (await stack.engine.historicProcessInstance(instance.id)).state === 'COMPLETED', 60_000);
  }
  // The round shared ¥4,000,000 by weight among the others (Σ 1.5 × ¥1,000,000): A for p2 is 1.5 × ¥800,000,
  // 400,000,000 × 120,000,000 / 150,000,000 = 320,000,000, capped at 3 × fixed pay = 240,000,000.
  const award = (await AwardModel.findById(`${cycle}:${p2.id}`).lean())!;
  expect(award).toMatchObject({ rating: 'A', amountMinor: 240_000_000, status: 'scheduled' });
  expect(award.lineage.filter((l) => l.kind === 'appeal-rerun')).toEqual([
    expect.objectContaining({ ref: appealCase, amountBeforeMinor: 200_000_000, amountAfterMinor: 240_000_000 }),
  ]);
  expect(award.explanation.standingRating).toMatchObject({ rating: 'A', step: 'appeal' });
  expect(sum(award.tranches)).toBe(240_000_000);
  const employee = await HttpUser.signIn(stack.baseUrl, p2.username);
  expect((await employee.get(`/api/awards/${cycle}/${p2.id}`)).body.letter.text).toContain('CN¥2,400,000.00');
  expect(await NotificationModel.findById(`${appealCase}:bonus.rerun:${p2.id}`).lean()).not.toBeNull();
}, 300_000);

const RERUN_BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="test-bonus-rerun-definitions" targetNamespace="https://meritflow.example/test">
  <bpmn:process id="test-bonus-rerun" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start"><bpmn:outgoing>a</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="rerun" camunda:type="external" camunda:topic="bonus.rerun-person"><bpmn:incoming>a</bpmn:incoming><bpmn:outgoing>b</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:endEvent id="end"><bpmn:incoming>b</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="a" sourceRef="start" targetRef="rerun" />
    <bpmn:sequenceFlow id="b" sourceRef="rerun" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;
