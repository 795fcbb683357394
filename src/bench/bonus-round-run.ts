import { AuditEntryModel } from '../db/models/audit-entry';
import { AwardModel, awardId } from '../db/models/award';
import { BonusRoundModel, bonusRoundId } from '../db/models/bonus-round';
import { ReviewCaseModel, caseIdFor } from '../db/models/review-case';
import { mapWithConcurrency } from '../lib/concurrency';
import type { EngineClient } from '../platform/engine-client';
import { verifyStoredChain } from '../platform/audit/read-audit-log';
import { DEMO_PASSWORD, demoPeople } from '../seed/demo-org';
import { answerFor, Browser, finishedCount, importPayInputs, whilePeopleWork, type RunInboxItem } from './bench-support';

/**
 * One unit's bonus round, after a fault run published its reviews (src/bench/fault-run.ts), driven
 * over HTTP as the full-cycle bench drives them: an admin imports pay facts and the unit's metrics,
 * HR launches the round, the line head, HR, the risk officer and the committee claim and approve
 * what their inboxes show. `duringRound` runs once the round is launched (the cluster test kills a
 * node there). Afterwards it counts what the round left, each a line naming what is wrong: the
 * round ended once and is scheduled, each approval step was taken once, each member has one
 * scheduled award, each of the round's audit entries is there once, the chain verifies, no incident.
 */
export interface BonusRoundSettings {
  baseUrl: string;
  engine: EngineClient;
  cycle: string;
  unitId: string;
  /** The run's prefix: the approvers' inboxes are read for cycles starting with it. */
  prefix: string;
  endWithinMs: number;
  duringRound?: () => Promise<void>;
}

const BONUS_KEY = 'bonus-approval';
const APPROVER_ROLES = ['hr', 'risk-officer', 'comp-committee'];

export async function bonusRoundRun(settings: BonusRoundSettings): Promise<{ elapsedMs: number; members: number; steps: number; problems: string[] }> {
  const people = demoPeople();
  const { cycle, unitId } = settings;
  const reviewed = (await ReviewCaseModel.find({ cycle, processKey: 'performance-review' }, { subjectId: 1 }).lean()).map((c) => c.subjectId);
  const members = people.filter((p) => p.unitId === unitId && reviewed.includes(p._id));
  const heads = new Set(members.map((m) => m.managerId));
  const signIn = async (person: (typeof people)[number]) => {
    const browser = new Browser(person, settings.baseUrl);
    await browser.call('POST', '/api/session', { username: person.username, password: DEMO_PASSWORD });
    return browser;
  };
  const approvers = await mapWithConcurrency(people.filter((p) => heads.has(p._id) || p.roles.some((r) => APPROVER_ROLES.includes(r))), 4, signIn);
  const admin = await signIn(people.find((p) => p.roles.includes('admin'))!);
  const hr = approvers.find((b) => b.person.username === 'hr')!;
  await importPayInputs(admin, members, [unitId], [cycle]);

  const failures: string[] = [];
  const doTask = async (browser: Browser, item: RunInboxItem) => {
    try {
      if (!item.assignedToMe) await browser.call('POST', `/api/tasks/${item.id}/claim`, {});
      const view = await browser.call('GET', `/api/tasks/${item.id}`);
      await browser.call('POST', `/api/tasks/${item.id}/submission`, { data: answerFor(item.formKey, view, 3) });
    } catch {
      // A colleague took it, or a node died under the request: the inbox shows it again if it is still open.
    }
  };
  const caseId = caseIdFor(BONUS_KEY, cycle, unitId);
  const problems: string[] = [];
  const started = Date.now();
  await whilePeopleWork(approvers, settings.prefix, failures, doTask, async () => {
    await hr.call('POST', `/api/cycles/${cycle}/bonus-rounds`, { unitIds: [unitId] });
    await settings.duringRound?.();
    const deadline = Date.now() + settings.endWithinMs;
    while ((await finishedCount(BONUS_KEY, [caseId]).catch(() => 0)) < 1) {
      if (Date.now() > deadline) { problems.push(`the bonus round of ${unitId} had not ended after ${Math.round(settings.endWithinMs / 1000)} s`); return; }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  });
  const elapsedMs = Date.now() - started;
  if (problems.length > 0) return { elapsedMs, members: members.length, steps: 0, problems };

  const roundId = bonusRoundId(cycle, unitId);
  const round = await BonusRoundModel.findById(roundId).lean();
  const steps = round?.chain?.steps.map((s) => s.stepId) ?? [];
  if (round?.status !== 'scheduled') problems.push(`bonus round ${roundId} is ${round?.status ?? 'missing'}, expected scheduled`);
  if (steps.length === 0) problems.push(`bonus round ${roundId} has no approval chain`);
  const approved = (round?.approvals ?? []).filter((a) => a.allocationRun === round?.allocationRun).map((a) => a.stepId);
  if (approved.join(',') !== steps.join(',')) problems.push(`approvals ${approved.join(',')}, expected each step once: ${steps.join(',')}`);
  const awards = await AwardModel.find({ _id: { $in: members.map((m) => awardId(cycle, m._id)) } }, { status: 1 }).lean();
  if (awards.length !== members.length) problems.push(`${awards.length} awards for ${members.length} members`);
  problems.push(...awards.filter((a) => a.status !== 'scheduled').map((a) => `award ${a._id} is ${a.status}`));
  const rounds = await ReviewCaseModel.countDocuments({ _id: caseId });
  if (rounds !== 1) problems.push(`${rounds} cases ${caseId}`);

  const entries = await AuditEntryModel.find({ 'subject.id': roundId }, { action: 1 }).lean();
  const count = (action: string) => entries.filter((e) => e.action === action).length;
  for (const action of ['bonus.pool.computed', 'bonus.allocated', 'bonus.approved', 'bonus.scheduled', 'bonus.letters.issued']) {
    if (count(action) !== 1) problems.push(`audit ${action} ${count(action)} times, expected once`);
  }
  if (count('bonus.approval-step') !== steps.length) problems.push(`audit bonus.approval-step ${count('bonus.approval-step')} times, expected ${steps.length}`);
  const chain = await verifyStoredChain();
  if (!chain.ok) problems.push(`the audit chain is broken at entry ${chain.firstBroken?.seq}: ${chain.firstBroken?.reason}`);
  const instance = (await ReviewCaseModel.findById(caseId, { processInstanceId: 1 }).lean())?.processInstanceId;
  if (instance) problems.push(...(await settings.engine.incidents(instance)).map((i) => `open incident ${i.id}: ${i.incidentMessage ?? ''}`.slice(0, 300)));
  return { elapsedMs, members: members.length, steps: steps.length, problems };
}
