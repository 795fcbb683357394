import type { ChildProcess } from 'node:child_process';
import { PersonModel } from '../../src/db/models/person';
import { DemoStoryModel } from '../../src/seed/demo-story/marker';
import { APPELLANT, LEAVER, runDemoStory, type StoryOptions } from '../../src/seed/demo-story/story';
import { HttpUser } from '../support/http-user';
import { startTestStack, startWorker, stopWorker, uniqueCycle, type TestStack } from '../support/stack';

/**
 * The demo story `npm start` tells in the background, told here to the test stack with cycles of its
 * own, then checked as a visitor would check it: signed in as the demo people, through the API.
 */
let stack: TestStack;
let worker: ChildProcess;
let options: StoryOptions;
const previous = uniqueCycle('story1');
const current = uniqueCycle('story2');
let leaverId = '';
const lines: string[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('demo-story');
  options = { baseUrl: stack.baseUrl, previousCycle: previous, currentCycle: current, log: (line) => lines.push(line) };
  leaverId = (await PersonModel.findOne({ username: LEAVER }, { _id: 1 }).lean())!._id;
}, 120_000);

afterAll(async () => {
  // The leaver is a demo person other test files sign in as: back to work.
  await PersonModel.updateOne({ _id: leaverId }, { $set: { active: true }, $unset: { employment: 1 } });
  await stopWorker(worker);
  await stack?.close();
});

const idOf = async (username: string) => (await PersonModel.findOne({ username }, { _id: 1 }).lean())!._id;

/** What the visitor's inboxes hold for the story's cycles: [user, step, case] rows. */
async function inboxes(users: Record<string, HttpUser>): Promise<string[]> {
  const rows: string[] = [];
  for (const [name, user] of Object.entries(users)) {
    for (const item of await user.inbox()) if (item.caseId?.startsWith(previous) || item.caseId?.startsWith(current)) rows.push(`${name} ${item.step} ${item.caseId} ${item.id}`);
  }
  return rows.sort();
}

test('the story leaves every flow to be seen, and a second run changes nothing', async () => {
  const started = Date.now();
  const outcome = await runDemoStory(options);
  console.log(`demo story took ${Math.round((Date.now() - started) / 1000)} s\n${lines.join('\n')}`);
  expect(outcome.ran).toBe(true);
  expect(lines.some((l) => /CB reviews 10\/10/.test(l))).toBe(true);

  const [cbHead, hr, ceo, wmHead, riskHead, appellant, rm01] = await HttpUser.signInAll(stack.baseUrl, ['cb.head', 'hr', 'ceo', 'wm.head', 'risk', APPELLANT, 'cb.rm01']);

  // CB: calibrated to the curve with reasons, approved by the HRBP, published.
  const calibration = (await cbHead.get(`/api/calibrations/${previous}/CB`)).body;
  expect(calibration).toMatchObject({ status: 'calibrated', caseStatus: 'calibrated', curveAdvisory: false });
  expect(calibration.distribution.latest.bands.map((b: { actualCount: number }) => b.actualCount)).toEqual([1, 2, 4, 2, 1]);
  const changes = calibration.rounds.at(-1).changes;
  expect(changes.length).toBeGreaterThan(3);
  expect(changes.every((c: { reason: string }) => c.reason.length > 10)).toBe(true);
  expect(calibration.rounds.at(-1).hrbpDecision).toMatchObject({ decision: 'approve' });
  const ownResult = (await appellant.get(`/api/cases/${encodeURIComponent(`${previous}:${appellant.id}`)}`)).body;
  expect(ownResult.case.status).toBe('published');
  expect(ownResult.scores.find((s: { step: string }) => s.step === 'calibrated')).toMatchObject({ rating: 'C', explanation: { fromRating: 'B', toRating: 'C' } });

  // CB: the bonus round approved through the whole chain; awards with deferral schedules and letters.
  const round = (await cbHead.get(`/api/bonus-rounds/${previous}/CB`)).body.round;
  expect(round).toMatchObject({ status: 'scheduled', caseStatus: 'approved' });
  expect(round.approvals.map((a: { stepId: string; decision: string }) => `${a.stepId}:${a.decision}`)).toEqual(['line-head:approve', 'hr:approve', 'risk:approve', 'comp-committee:approve']);
  const award = (await rm01.get(`/api/awards/${previous}/${rm01.id}`)).body;
  expect(award.award).toMatchObject({ status: 'scheduled', tranches: expect.arrayContaining([expect.objectContaining({ index: 0, vestingDate: '2026-09-30' })]) });
  expect(award.award.amountMinor).toBeGreaterThan(0);
  expect(award.award.tranches.length).toBeGreaterThan(1); // a key risk role defers part of it
  expect(award.letter.text.length).toBeGreaterThan(100);

  // The appeal waits at HR triage; the clawback against the leaver's award waits for the committee.
  const appealCase = `${previous}:${appellant.id}:appeal`;
  expect((await hr.inbox()).find((t) => t.caseId === appealCase)?.step).toBe('hrTriage');
  expect((await appellant.get(`/api/appeals/${previous}/${appellant.id}`)).body.appeal).toMatchObject({ ratingAtFiling: 'C' });
  const clawbackCase = `${previous}:${leaverId}:RISK-${previous}-0042:malus-clawback`;
  expect((await ceo.inbox()).find((t) => t.caseId === clawbackCase)?.step).toBe('committeeDecision');
  const clawback = (await hr.get(`/api/award-adjustments/${encodeURIComponent(clawbackCase)}`)).body;
  expect(clawback).toMatchObject({ status: 'proposed', person: { id: leaverId, employment: 'left' } });
  expect(clawback.proposal.result.targetMinor).toBeGreaterThan(0);

  // RISK: signed by the line head, waiting for HR.
  const riskRound = (await riskHead.get(`/api/bonus-rounds/${previous}/RISK`)).body.round;
  expect(riskRound).toMatchObject({ status: 'in-approval' });
  expect(riskRound.approvals.map((a: { stepId: string }) => a.stepId)).toEqual(['line-head']);
  expect(riskRound.chain.steps.map((s: { stepId: string }) => s.stepId)).toEqual(['line-head', 'hr']);
  expect((await hr.inbox()).find((t) => t.caseId === `${previous}:RISK:bonus-approval`)?.step).toBe('bonusApproval');

  // WM: the early-warning rule fired on wm.adviser03's selling, not on wm.adviser06's near miss; the head sees it.
  const advisers = new Set((await PersonModel.find({ username: /^wm\.adviser/ }, { _id: 1 }).lean()).map((p) => p._id));
  const warned = (await wmHead.get('/api/risk-warnings')).body.warnings
    .filter((w: { personId: string }) => advisers.has(w.personId)).map((w: { personId: string; period: string; status: string }) => [w.personId, w.period, w.status]);
  expect(warned).toEqual([[await idOf('wm.adviser03'), '2026-Q2', 'open']]);
  // And on the units as a whole: WM's own sales and complaints fired the unit rule; CB's loan growth under the lending rule's 30 % did not.
  const unitWarned = (await hr.get('/api/risk-warnings')).body.warnings
    .filter((w: { scope: string; unitId: string }) => w.scope === 'unit' && ['WM', 'CB'].includes(w.unitId)).map((w: { unitId: string; period: string; status: string }) => [w.unitId, w.period, w.status]);
  expect(unitWarned).toEqual([['WM', '2026-Q2', 'open']]);
  expect((await wmHead.get('/api/risk-warnings')).body.warnings.some((w: { scope: string; unitId: string }) => w.scope === 'unit' && w.unitId === 'WM')).toBe(true);
  expect((await cbHead.get('/api/risk-warnings')).body.warnings.some((w: { scope: string; unitId: string }) => w.scope === 'unit' && w.unitId === 'WM')).toBe(false);

  // WM: the calibration meeting waits for its head.
  expect((await wmHead.inbox()).find((t) => t.caseId === `${previous}:WM:calibration`)?.step).toBe('calibrationMeeting');

  // The current cycle: at goal setting; cb.rm01's goals agreed (at check-in), cb.rm02's waiting for cb.head.
  expect((await rm01.inbox()).find((t) => t.caseId === `${current}:${rm01.id}`)?.step).toBe('checkIn');
  // cb.rm01 changed their agreed goals mid-cycle: version 2 in force, version 1 kept, both readable by cb.head.
  const goalVersions = (await cbHead.get(`/api/goal-changes/${current}/${rm01.id}`)).body;
  expect(goalVersions.versions.map((v: { version: number; inForce: boolean }) => [v.version, v.inForce])).toEqual([[2, true], [1, false]]);
  expect(goalVersions.versions[0]).toMatchObject({ proposedBy: { id: rm01.id }, approvedBy: { id: cbHead.id } });
  const [rm02, rm05] = [await idOf('cb.rm02'), await idOf('cb.rm05')];
  const headInbox = await cbHead.inbox();
  expect(headInbox.find((t) => t.caseId === `${current}:${rm02}`)?.step).toBe('goalApproval');
  expect(headInbox.find((t) => t.caseId === `${current}:${rm05}`)).toBeUndefined(); // still at their own goal setting
  // Feedback meetings (issue 19): cb.rm01's waits for cb.head; cb.rm10's plan has one item done, one in progress, one not started.
  expect(headInbox.find((t) => t.caseId === `${previous}:${rm01.id}:feedback-meeting`)?.step).toBe('feedbackMeeting');
  const rm10 = await idOf('cb.rm10');
  expect((await cbHead.get(`/api/development/plans/${rm10}`)).body.plans[0].items.map((i: { status: string }) => i.status)).toEqual(['done', 'in-progress', 'not-started']);

  // Feedback and recognition: cb.rm01 received a note of each kind (a story told before, with other cycles, may have given more) and shared the recognition with CB; the talent view has her results.
  const received = (await rm01.get('/api/feedback')).body.received as Array<{ kind: string; visibility: string }>;
  expect(received.map((n) => `${n.kind}:${n.visibility}`)).toEqual(expect.arrayContaining(['feedback:private', 'recognition:unit']));
  expect(((await (await HttpUser.signIn(stack.baseUrl, 'cb.rm06')).get('/api/feedback')).body.shared as Array<{ kind: string }>).map((n) => n.kind)).toContain('recognition');
  const talentRow = (await hr.get('/api/talent')).body.people.find((p: { id: string }) => p.id === rm01.id);
  expect(talentRow.cycles.find((c: { cycle: string }) => c.cycle === previous)?.rating).toEqual(expect.any(String));

  // Told again: nothing happens. Interrupted before its last steps: it finds them done and adds nothing.
  const users = { cbHead, hr, ceo, wmHead, riskHead, appellant, rm01 };
  const before = await inboxes(users);
  expect((await runDemoStory(options)).ran).toBe(false);
  await DemoStoryModel.deleteMany({ _id: { $in: [`demo-story:${previous}`, `demo-story:${previous}/cb-appeal`, `demo-story:${previous}/cb-clawback`, `demo-story:${previous}/risk-bonus`, `demo-story:${previous}/wm-calibration`] } });
  expect((await runDemoStory(options)).ran).toBe(true);
  expect(await inboxes(users)).toEqual(before);
  expect((await hr.get(`/api/bonus-rounds/${previous}/RISK`)).body.round.approvals).toHaveLength(1);
}, 900_000);

test('the strategy map shows the story: indicators fed by the imports, units and people with progress', async () => {
  const [ceo, cbHead, hr] = await HttpUser.signInAll(stack.baseUrl, ['ceo', 'cb.head', 'hr']);
  type Theme = { code: string; bar: { percent: number | null }; kpis: Array<{ key: string; bar: { percent: number | null } }>; units: Array<{ id: string; bar: { percent: number | null }; goals: Array<{ people: Array<{ personId: string; bar: { percent: number | null } }> }> }> };
  const themes = ((await ceo.get(`/api/strategy/${previous}`)).body.themes as Theme[]);
  const byCode = new Map(themes.map((t) => [t.code, t]));
  // Wealth sales ¥120m of ¥300m, front-office revenue ¥630m of ¥1,000m; green loans ¥380m of ¥800m.
  expect(byCode.get('S1')!.kpis.map((k) => [k.key, k.bar.percent])).toEqual([['wealth-sales', 40], ['front-revenue', 63]]);
  expect(byCode.get('S5')!.kpis[0]!.bar.percent).toBe(47.5);
  expect(themes.every((t) => t.bar.percent !== null)).toBe(true);
  // The head of CB sees their ten people's goals under CB's goals, each with its check-in.
  const retail = (await cbHead.get(`/api/strategy/${previous}/themes/S1`)).body.selected as Theme;
  const cb = retail.units.find((u) => u.id === 'CB')!;
  expect(cb.bar.percent).not.toBeNull();
  expect(cb.goals.flatMap((g) => g.people).filter((p) => p.bar.percent !== null).length).toBeGreaterThanOrEqual(9);
  // The current cycle: the first check-in (ops.clerk1) has rolled up.
  const clerk = await idOf('ops.clerk1');
  const current4 = ((await hr.get(`/api/strategy/${current}/themes/S4`)).body.selected as Theme);
  expect(current4.units.find((u) => u.id === 'OPS')!.goals.flatMap((g) => g.people).find((p) => p.personId === clerk)?.bar.percent).toBeGreaterThan(0);
});
