import type { ChildProcess } from 'node:child_process';
import { AwardModel, awardId, type Award } from '../../src/db/models/award';
import { AuditEntryModel } from '../../src/db/models/audit-entry';
import { AwardAdjustmentModel } from '../../src/db/models/award-adjustment';
import { ClawbackClaimModel } from '../../src/db/models/clawback-claim';
import { NotificationModel } from '../../src/db/models/notification';
import { PersonModel } from '../../src/db/models/person';
import { PolicyVersionModel } from '../../src/db/models/policy-version';
import { DEMO_PASSWORD } from '../../src/seed/demo-org';
import { clawbackApply } from '../../src/worker/handlers';
import { createPerson } from '../support/fixtures';
import { servedContext } from '../support/served-context';
import { HttpUser, withoutText } from '../support/http-user';
import { eventually, startTestStack, startWorker, stopWorker, uniqueCycle, type TestStack } from '../support/stack';

/**
 * A risk or compliance event after the bonus was paid out in part, for someone who has since left
 * the bank (China's 2021 guidance: malus and clawback reach departed staff). The award is test data
 * as the bonus flow writes it: ¥900,000 granted on 2026-03-31, the upfront ¥540,000 paid, two
 * deferred tranches of ¥180,000 still unvested. The officers file, the committee decides, the
 * worker applies, over HTTP and the real engine, store and worker.
 */
let stack: TestStack;
let worker: ChildProcess;
let complianceOfficer: HttpUser;
let riskOfficer: HttpUser;
let ceo: HttpUser;
let committeeMember: HttpUser;
let hr: HttpUser;
let auditor: HttpUser;
let employee: HttpUser;
const fixtureIds: string[] = [];
const cycle = uniqueCycle('clawback');

/** A departed employee with an approved, partly paid award in `cycle`. */
async function departedWithAward(prefix: string): Promise<{ personId: string; award: Award }> {
  const person = await createPerson({ prefix, password: DEMO_PASSWORD, unitId: 'CB' });
  fixtureIds.push(person._id);
  await PersonModel.updateOne({ _id: person._id }, { $set: { active: false, employment: 'left' } });
  const clawbackPolicy = await PolicyVersionModel.findOne({ key: 'clawback' }).sort({ version: -1 }).lean();
  const id = awardId(cycle, person._id);
  const bonusCase = `${cycle}:CB:bonus-approval`;
  const award: Award = {
    _id: id, cycle, personId: person._id, unitId: 'CB', caseId: bonusCase, currency: 'CNY', rating: 'B', amountMinor: 90_000_000, status: 'scheduled',
    explanation: { note: 'fixture: allocation, compliance and deferral explanations as the bonus flow keeps them' },
    policyVersions: { clawback: clawbackPolicy!.version, 'deferral-cn-bank': 1 },
    tranches: [
      { trancheId: `${id}/T0`, index: 0, vestingDate: '2026-03-31', amountMinor: 54_000_000, status: 'paid' },
      { trancheId: `${id}/T1`, index: 1, vestingDate: '2027-03-31', amountMinor: 18_000_000, status: 'scheduled' },
      { trancheId: `${id}/T2`, index: 2, vestingDate: '2028-03-31', amountMinor: 18_000_000, status: 'scheduled' },
    ],
    lineage: [
      { at: new Date('2026-03-20T00:00:00Z'), kind: 'allocated', ref: bonusCase, by: 'worker', amountAfterMinor: 90_000_000 },
      { at: new Date('2026-03-28T00:00:00Z'), kind: 'approved', ref: bonusCase, by: 'ceo', amountAfterMinor: 90_000_000 },
    ],
  };
  await AwardModel.create(award);
  return { personId: person._id, award: (await AwardModel.findById(id).lean())! };
}

async function decide(member: HttpUser, caseId: string, data: Record<string, unknown>): Promise<string> {
  const taskId = await eventually('the committee decision in the committee\'s inbox', () => member.taskFor(caseId, 'committeeDecision'));
  // Offered to the whole committee: one member takes it, then works it.
  expect((await member.post(`/api/tasks/${taskId}/submission`, { data })).status).toBe(403);
  expect((await member.post(`/api/tasks/${taskId}/claim`, {})).body).toMatchObject({ taskId, assignee: member.id, claimed: true });
  expect((await member.post(`/api/tasks/${taskId}/submission`, { data })).status).toBe(201);
  return taskId;
}

const viewOf = (user: HttpUser, caseId: string) => user.get(`/api/award-adjustments/${encodeURIComponent(caseId)}`);

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('clawback-flow');
  [complianceOfficer, riskOfficer, ceo, committeeMember, hr, auditor, employee] = await HttpUser.signInAll(stack.baseUrl, ['cmp.officer2', 'risk.officer', 'ceo', 'cb.head', 'hr', 'auditor', 'cb.rm02']);
}, 120_000);

afterAll(async () => {
  await stopWorker(worker);
  await PersonModel.deleteMany({ _id: { $in: fixtureIds } });
  await stack?.close();
});

describe('a severe compliance breach by someone who has left, confirmed by the committee', () => {
  let personId = '';
  let original: Award;
  let caseId = '';
  const reference = `CMP-${cycle}-7`;

  it('the compliance officer records the confirmed breach and files it against the award', async () => {
    ({ personId, award: original } = await departedWithAward('leaver'));
    const event = { personId, cycle, date: '2026-10-15', severity: 'severe', confirmed: true, description: 'Concealed losses on structured products sold in 2025', reference };
    expect((await complianceOfficer.post('/api/compliance-events', { source: { system: 'cmp-case' }, records: [event] })).status).toBe(201);

    // A major risk event with the person mainly responsible: the 2021 guidance's mandatory full recovery.
    const filing = { personId, cycle, eventId: `cmp-case:${reference}`, kind: 'major-risk-event', responsibility: 'main', reason: 'Severe breach established by the compliance investigation' };
    const filed = await complianceOfficer.post('/api/adjustment-events', filing);
    expect(filed.status).toBe(201);
    caseId = filed.body.caseId;
    expect(caseId).toBe(`${cycle}:${personId}:cmp-case:${reference}:malus-clawback`);
    expect(filed.body).toMatchObject({ awardId: original._id, started: true });

    // Filing the same event again finds the same case; the same id with other details is refused.
    expect(await complianceOfficer.post('/api/adjustment-events', filing)).toMatchObject({ status: 200, body: { caseId, started: false } });
    expect((await complianceOfficer.post('/api/adjustment-events', { ...filing, reason: 'Something else' })).status).toBe(409);
  });

  it('the proposal reaches the committee: everything unvested cancelled, the paid upfront claimed back', async () => {
    const view = await eventually('the proposal', async () => {
      const response = await viewOf(hr, caseId);
      return response.body.status === 'proposed' ? response.body : null;
    });
    // severe → the whole remaining award: 36,000,000 unvested (malus), 54,000,000 paid inside the 7-year window (clawback)
    expect(view.proposal.result).toMatchObject({ targetMinor: 90_000_000, cancelledMinor: 36_000_000, claimedMinor: 54_000_000, shortfallMinor: 0, leaverExempt: false });
    expect(view.proposal.policy).toMatchObject({ key: 'clawback', pinnedBy: 'award' });
    expect(view.person).toMatchObject({ id: personId, employment: 'left' });
  });

  it('the committee sees the minimum with the form and cannot go below it: a rejection or 50 % is refused on its field', async () => {
    const taskId = (await eventually('the committee decision in the committee\'s inbox', () => ceo.taskFor(caseId, 'committeeDecision')))!;
    expect((await ceo.post(`/api/tasks/${taskId}/claim`, {})).status).toBe(200);
    const view = await ceo.get(`/api/tasks/${taskId}`);
    const shown = servedContext(view.body.form.schema, 'clawback-proposal');
    // The CEO reads Chinese: the kind, the responsibility and the minimum in the guidance's words.
    // (The kind is part of the event's line in the summary the proposal opens with.)
    expect(shown).toMatch(/<dt>事件<\/dt><dd>严重违规 · [0-9-]+ · 发生重大风险事件，对金融市场秩序造成恶劣影响<\/dd>/);
    expect(shown).toContain('<dt>责任</dt><dd>主要责任</dd>');
    expect(shown).toContain('制度规定的最低范围: 奖励剩余的全部');
    const refused = async (data: Record<string, unknown>) => {
      const response = await ceo.post(`/api/tasks/${taskId}/submission`, { data });
      expect(response.status).toBe(400);
      return response.body.problems.map((p: { field: string; code: string; message: string; text: string }) => [`${p.field} ${p.code}`, p.message, p.text]);
    };
    expect(await refused({ decision: 'reject', reason: 'The desk was told to' })).toEqual([[
      'decision below-minimum',
      expect.stringContaining('a rejection recovers nothing: at least everything left of the award is required'),
      expect.stringContaining('本案不能驳回：该类情形及此人所负责任要求至少追索扣回奖励剩余的全部'),
    ]]);
    expect(await refused({ decision: 'reduce', percent: 50, reason: 'Mitigating circumstances' })).toEqual([[
      'percent below-minimum', expect.stringContaining('50 % is below the minimum'), expect.stringContaining('50 % 低于最低要求'),
    ]]);
    // Nothing was stored or decided.
    expect((await AwardAdjustmentModel.findById(caseId).lean())!.decision).toBeUndefined();
  });

  it('a committee member confirms; the award is cut with lineage to this case, a claim is raised, the leaver and HR are told', async () => {
    const taskId = (await ceo.taskFor(caseId, 'committeeDecision'))!;
    expect((await ceo.post(`/api/tasks/${taskId}/submission`, { data: { decision: 'confirm', reason: 'Breach proven; full malus and clawback' } })).status).toBe(201);
    const view = await eventually('the applied outcome', async () => {
      const response = await viewOf(hr, caseId);
      return response.body.status === 'applied' && response.body.notified ? response.body : null;
    });

    expect(view.decision).toMatchObject({ decision: 'confirm', by: ceo.id, reason: 'Breach proven; full malus and clawback' });
    expect(view.award).toMatchObject({ id: original._id, originalAmountMinor: 90_000_000, remainingMinor: 0, status: 'adjusted' });
    expect(view.award.tranches.map((t: { trancheId: string; status: string; adjustedMinor: number }) => [t.trancheId, t.status, t.adjustedMinor])).toEqual([
      [`${original._id}/T0`, 'clawed-back', 54_000_000],
      [`${original._id}/T1`, 'cancelled', 18_000_000],
      [`${original._id}/T2`, 'cancelled', 18_000_000],
    ]);
    // The award's history: the bonus flow's entries first, then this case's malus and clawback.
    expect(view.award.lineage.map((l: { kind: string; ref: string; amountBeforeMinor?: number; amountAfterMinor: number }) => [l.kind, l.ref, l.amountBeforeMinor ?? null, l.amountAfterMinor])).toEqual([
      ['allocated', `${cycle}:CB:bonus-approval`, null, 90_000_000],
      ['approved', `${cycle}:CB:bonus-approval`, null, 90_000_000],
      ['malus', caseId, 90_000_000, 54_000_000],
      ['clawback', caseId, 54_000_000, 0],
    ]);
    expect(view.award.atFiling.tranches.map((t: { status: string; remainingMinor: number }) => [t.status, t.remainingMinor])).toEqual([['paid', 54_000_000], ['scheduled', 18_000_000], ['scheduled', 18_000_000]]);

    const decidedOn = new Date(view.decision.at).toISOString().slice(0, 10);
    const due = new Date(`${decidedOn}T00:00:00Z`);
    due.setUTCDate(due.getUTCDate() + 90);
    expect(view.claims).toEqual([expect.objectContaining({
      awardId: original._id, trancheId: `${original._id}/T0`, personId, eventId: `cmp-case:${reference}`, currency: 'CNY', amountMinor: 54_000_000,
      status: 'claimed', dueDate: due.toISOString().slice(0, 10),
    })]);

    const told = await NotificationModel.find({ caseId }).lean();
    const hrIds = (await PersonModel.find({ roles: 'hr', active: true }, { _id: 1 }).lean()).map((p) => p._id);
    expect(told.map((n) => n.recipientId).sort()).toEqual([personId, ...hrIds].sort());
    expect(told.find((n) => n.recipientId === personId)).toMatchObject({ kind: 'clawback.applied', params: { decision: 'confirm', cancelledMinor: 36_000_000, claimedMinor: 54_000_000, awardId: original._id } });
  });

  it('a second delivery of the apply step, a second filing and a second submission change nothing', async () => {
    const awardBefore = await AwardModel.findById(original._id).lean();
    const claimsBefore = await ClawbackClaimModel.find({ caseId }).lean();
    const adjustment = await AwardAdjustmentModel.findById(caseId).lean();
    // What the engine does when a completion is lost: the same task again, with the same variables.
    const redelivered = { caseId, awardId: original._id } as Record<string, string>;
    expect(await clawbackApply.handle({ processInstanceId: 'redelivery', businessKey: caseId, variable: (name) => redelivered[name] })).toEqual({ cancelledMinor: 36_000_000, claimedMinor: 54_000_000 });
    const submission = adjustment!.decision!.submissionId;
    // A different second answer is refused (409), not silently dropped; the first decision stands.
    expect((await ceo.post(`/api/tasks/${submission}/submission`, { data: { decision: 'reject', reason: 'changed my mind' } })).status).toBe(409);
    expect((await complianceOfficer.post('/api/adjustment-events', { personId, cycle, eventId: `cmp-case:${reference}`, kind: 'major-risk-event', responsibility: 'main', reason: 'Severe breach established by the compliance investigation' })).status).toBe(200);

    expect(await AwardModel.findById(original._id).lean()).toEqual(awardBefore);
    expect(await ClawbackClaimModel.find({ caseId }).lean()).toEqual(claimsBefore);
    expect((await AwardAdjustmentModel.findById(caseId).lean())!.decision).toEqual(adjustment!.decision);
    // One entry for the change, naming the compliance event it rests on (not the worker's delivery).
    const adjusted = await AuditEntryModel.find({ action: 'award.adjusted', 'subject.id': original._id }).lean();
    expect(adjusted.map((e) => [e.details.caseId, e.details.eventId])).toEqual([[caseId, `cmp-case:${reference}`]]);
  });

  it('HR, the committee, the officers and auditors read the case; an employee gets what an unknown case gets', async () => {
    for (const reader of [hr, ceo, complianceOfficer, riskOfficer, auditor]) expect((await viewOf(reader, caseId)).status).toBe(200);
    const denied = await viewOf(employee, caseId);
    const unknown = await viewOf(employee, `${cycle}:nobody:none:malus-clawback`);
    expect(denied.status).toBe(404);
    expect({ status: denied.status, body: withoutText(denied.body) }).toEqual({ status: unknown.status, body: withoutText(unknown.body) });
  });
});

describe('an event the committee rejects', () => {
  it('leaves the award as it was, raises no claim, and tells the person and HR why', async () => {
    const { personId, award } = await departedWithAward('rejected');
    const filed = await riskOfficer.post('/api/adjustment-events', {
      // Not one of the guidance's mandatory situations: no minimum, so the committee may reject.
      personId, cycle, eventId: `RISK-${cycle}-3`, date: '2026-09-30', severity: 'major', kind: 'other-misconduct', responsibility: 'main', reason: 'Limit breach on the FX desk attributed to the trader',
    });
    expect(filed.status).toBe(201);
    const caseId = filed.body.caseId;
    await eventually('the proposal', async () => (await viewOf(hr, caseId)).body.status === 'proposed');
    await decide(committeeMember, caseId, { decision: 'reject', reason: 'The breach was the desk head\'s instruction, not the trader\'s' });
    const view = await eventually('the rejection notified', async () => {
      const response = await viewOf(auditor, caseId);
      return response.body.status === 'rejected' && response.body.notified ? response.body : null;
    });
    expect(view.outcome).toBeNull();
    expect(view.claims).toEqual([]);
    expect(await AwardModel.findById(award._id).lean()).toEqual(award);
    expect(await ClawbackClaimModel.find({ caseId }).lean()).toEqual([]);
    expect(await NotificationModel.findById(`${caseId}:clawback.rejected:${personId}`).lean())
      .toMatchObject({ params: { decision: 'reject', reason: 'The breach was the desk head\'s instruction, not the trader\'s', cancelledMinor: 0, claimedMinor: 0 } });
  });
});

describe('a filing whose server died after storing the case', () => {
  it('is finished by the retry: the flow starts and the filing is in the audit log once, with the event\'s own id', async () => {
    const { personId, award } = await departedWithAward('died');
    const eventId = `RISK-${cycle}-died`;
    const filing = { personId, cycle, eventId, date: '2026-09-30', severity: 'major', kind: 'other-misconduct', responsibility: 'main', reason: 'Limit breach on the rates desk' };
    const caseId = `${cycle}:${personId}:${eventId}:malus-clawback`;
    // What the first attempt left behind: the case stored, no audit entry, no flow.
    const { personId: _p, cycle: _c, ...event } = filing;
    await AwardAdjustmentModel.create({
      _id: caseId, cycle, personId, awardId: award._id, event, filedBy: riskOfficer.id, filedAt: new Date(), status: 'filed',
      awardAtFiling: { amountMinor: award.amountMinor, currency: award.currency, remainingMinor: award.amountMinor, tranches: [] },
    });
    const filedEntries = () => AuditEntryModel.find({ action: 'clawback.filed', 'subject.id': caseId }).lean();
    expect(await filedEntries()).toEqual([]);

    expect(await riskOfficer.post('/api/adjustment-events', filing)).toMatchObject({ status: 200, body: { caseId, started: true } });
    expect(await riskOfficer.post('/api/adjustment-events', filing)).toMatchObject({ status: 200, body: { caseId, started: false } });
    const entries = await filedEntries();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: riskOfficer.id, details: { eventId, awardId: award._id, severity: 'major', kind: 'other-misconduct', responsibility: 'main' } });
    await eventually('the proposal', async () => (await viewOf(hr, caseId)).body.status === 'proposed');
  });
});

describe('filing refuses what cannot be adjusted', () => {
  it('names the problem: no award, an unconfirmed event, a severity the policy does not know, a missing date', async () => {
    const { personId } = await departedWithAward('refusals');
    const base = { personId, cycle, eventId: `RISK-${cycle}-9`, date: '2026-09-30', severity: 'major', kind: 'regulatory-indicator-breach', responsibility: 'joint', reason: 'x' };
    const fields = async (body: Record<string, unknown>) => {
      const response = await riskOfficer.post('/api/adjustment-events', body);
      expect(response.status).toBe(400);
      return response.body.problems.map((p: { field: string; code: string }) => `${p.field} ${p.code}`);
    };
    expect(await fields({ ...base, cycle: uniqueCycle('no-award') })).toEqual(['cycle no-award']);
    expect(await fields({ ...base, severity: 'catastrophic' })).toEqual(['severity enum']);
    const { date: _date, ...withoutDate } = base;
    expect(await fields(withoutDate)).toEqual(['date required']);
    expect(await fields({ ...base, extent: { kind: 'percent', percent: 150 } })).toEqual(['extent type']);
    // The kind of event and the responsibility are named, and a filing asks no less than their minimum (jointly: 50 %).
    const { kind: _kind, ...withoutKind } = base;
    expect(await fields({ ...withoutKind, responsibility: 'bystander' })).toEqual(['kind required', 'responsibility enum']);
    expect(await fields({ ...base, extent: { kind: 'percent', percent: 30 } })).toEqual(['extent below-minimum']);
    const reference = `CMP-${cycle}-open`;
    await complianceOfficer.post('/api/compliance-events', { source: { system: 'cmp-case' }, records: [{ personId, cycle, date: '2026-10-01', severity: 'major', confirmed: false, description: 'Under investigation', reference }] });
    expect(await fields({ personId, cycle, eventId: `cmp-case:${reference}`, kind: 'major-damage', responsibility: 'main', reason: 'x' })).toEqual(['eventId unconfirmed']);
    expect(await AwardAdjustmentModel.find({ personId }).lean()).toEqual([]);
    expect((await employee.post('/api/adjustment-events', base)).status).toBe(403);
    expect((await hr.post('/api/adjustment-events', base)).status).toBe(403);
  });
});
