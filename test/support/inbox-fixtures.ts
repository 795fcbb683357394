import { randomUUID } from 'node:crypto';
import { AwardModel, awardId, type Award } from '../../src/db/models/award';
import { FormVersionModel } from '../../src/db/models/form-version';
import { PersonModel } from '../../src/db/models/person';
import { PolicyVersionModel } from '../../src/db/models/policy-version';
import { ReviewCaseModel } from '../../src/db/models/review-case';
import { DEMO_PASSWORD } from '../../src/seed/demo-org';
import { seedUnitGoals } from '../../src/seed/unit-goals';
import { createPerson } from './fixtures';
import type { HttpUser } from './http-user';
import { openTask, optionsOf, submit, twoGoals } from './review-driver';
import { eventually, uniqueCycle, type TestStack } from './stack';

/**
 * Fixtures of the approver's inbox: several goal approvals waiting for one manager, a task with a
 * due date, a case pinned to a stricter form, and a task offered to the compensation committee.
 */
export async function goalApprovals(hr: HttpUser, manager: HttpUser, employees: HttpUser[], prefix: string): Promise<{ cycle: string; taskIds: string[]; caseIds: string[] }> {
  const cycle = uniqueCycle(prefix);
  await seedUnitGoals(cycle);
  const launch = await hr.post(`/api/cycles/${cycle}/reviews`, { employeeIds: employees.map((e) => e.id) });
  if (launch.status !== 201) throw new Error(`launch: ${launch.status} ${JSON.stringify(launch.body)}`);
  const caseIds = employees.map((e) => `${cycle}:${e.id}`);
  await Promise.all(employees.map(async (employee, i) => {
    const goalTask = await openTask(employee, caseIds[i]!, 'goalSetting');
    await submit(employee, goalTask.id, { goals: twoGoals(optionsOf(goalTask.view.form.schema, 'unitGoalId')) });
  }));
  const taskIds = await Promise.all(caseIds.map((caseId) => eventually(`goal approval of ${caseId}`, () => manager.taskFor(caseId, 'goalApproval'))));
  return { cycle, taskIds, caseIds };
}

/** Sets a task's due and follow-up dates as a flow's timer expressions would (the engine's PUT keeps the rest). */
export async function setDates(stack: TestStack, taskId: string, dates: { due?: Date | null; followUp?: Date | null }): Promise<void> {
  const task = await stack.engine.task(taskId);
  const engineUrl = (stack.engine as unknown as { baseUrl: string }).baseUrl;
  const auth = (stack.engine as unknown as { authorization?: string }).authorization;
  const iso = (d: Date | null | undefined, current: string | null) => (d === undefined ? current : d === null ? null : d.toISOString().replace('Z', '+0000'));
  const response = await fetch(`${engineUrl}/task/${taskId}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
    body: JSON.stringify({ name: task.name, assignee: task.assignee, due: iso(dates.due, task.due), followUp: iso(dates.followUp, task.followUp), priority: 50 }),
  });
  if (!response.ok) throw new Error(`set dates: ${response.status} ${await response.text()}`);
}

/**
 * Pins a case to a goal-approval version that allows bulk approval but asks for a risk note too, as
 * an institution might: a bulk approval of that case's task fails the form's validation. The version
 * number is negative, so it never becomes the latest one other tests' cases pin.
 */
export async function pinStricterGoalApproval(caseId: string): Promise<void> {
  const latest = await FormVersionModel.findOne({ key: 'goal-approval' }).sort({ version: -1 }).lean();
  const schema = JSON.parse(JSON.stringify(latest!.schema)) as { components: unknown[] };
  schema.components.splice(schema.components.length - 1, 0, { type: 'textarea', key: 'riskNote', label: 'Risk note', input: true, validate: { required: true } });
  const version = -Math.floor(Math.random() * 1e9) - 1;
  await FormVersionModel.create({ _id: `goal-approval@${version}`, key: 'goal-approval', version, digest: randomUUID(), schema, createdAt: new Date(), createdBy: 'test' });
  await ReviewCaseModel.updateOne({ _id: caseId }, { $set: { 'formVersions.goal-approval': version } });
}

/**
 * A malus decision offered to the compensation committee (a group task): a departed employee with a
 * partly paid award and a confirmed severe breach, filed by a compliance officer.
 */
export async function committeeTask(complianceOfficer: HttpUser, member: HttpUser, prefix: string): Promise<{ taskId: string; caseId: string; personId: string }> {
  const { personId, cycle, eventId } = await awardWithBreach(complianceOfficer, prefix);
  const filed = await complianceOfficer.post('/api/adjustment-events', { personId, cycle, eventId, kind: 'other-misconduct', responsibility: 'main', reason: 'Severe breach' });
  if (filed.status !== 201) throw new Error(`filing: ${filed.status} ${JSON.stringify(filed.body)}`);
  const caseId = filed.body.caseId as string;
  const taskId = await eventually('the committee decision', () => member.taskFor(caseId, 'committeeDecision'));
  return { taskId, caseId, personId };
}

/**
 * A departed employee with a partly paid award and a confirmed severe breach imported by a
 * compliance officer: what a malus/clawback filing needs (`eventId` names the breach).
 */
export async function awardWithBreach(complianceOfficer: HttpUser, prefix: string): Promise<{ personId: string; cycle: string; eventId: string }> {
  const cycle = uniqueCycle(prefix);
  const person = await createPerson({ prefix, password: DEMO_PASSWORD, unitId: 'CB' });
  await PersonModel.updateOne({ _id: person._id }, { $set: { active: false, employment: 'left' } });
  const clawbackPolicy = await PolicyVersionModel.findOne({ key: 'clawback' }).sort({ version: -1 }).lean();
  const id = awardId(cycle, person._id);
  const bonusCase = `${cycle}:CB:bonus-approval`;
  const award: Award = {
    _id: id, cycle, personId: person._id, unitId: 'CB', caseId: bonusCase, currency: 'CNY', rating: 'B', amountMinor: 90_000_000, status: 'scheduled',
    explanation: { note: 'fixture' },
    policyVersions: { clawback: clawbackPolicy!.version, 'deferral-cn-bank': 1 },
    tranches: [
      { trancheId: `${id}/T0`, index: 0, vestingDate: '2026-03-31', amountMinor: 54_000_000, status: 'paid' },
      { trancheId: `${id}/T1`, index: 1, vestingDate: '2027-03-31', amountMinor: 36_000_000, status: 'scheduled' },
    ],
    lineage: [{ at: new Date('2026-03-20T00:00:00Z'), kind: 'allocated', ref: bonusCase, by: 'worker', amountAfterMinor: 90_000_000 }],
  };
  await AwardModel.create(award);
  const reference = `CMP-${cycle}`;
  const event = { personId: person._id, cycle, date: '2026-10-15', severity: 'severe', confirmed: true, description: 'Concealed losses', reference };
  const imported = await complianceOfficer.post('/api/compliance-events', { source: { system: 'cmp-case' }, records: [event] });
  if (imported.status !== 201) throw new Error(`compliance event: ${imported.status} ${JSON.stringify(imported.body)}`);
  return { personId: person._id, cycle, eventId: `cmp-case:${reference}` };
}
