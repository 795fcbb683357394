import type { Cast } from './cast';
import { enc, until } from './http-client';

/**
 * A goal change in the current cycle (processes/goal-change.bpmn), as the employee and their manager
 * would make it: with the goals agreed, the employee asks to change them from "My performance",
 * reweights them and adds one with a reason; the manager sees old and new side by side and approves.
 * The person's goals are then version 2, and version 1 stays on their goal versions page.
 * Nothing happens when the goals are not agreed yet or a change was made before (a second run).
 */
export async function changeGoals(cast: Cast, cycle: string, username: string): Promise<'changed' | 'skipped'> {
  const person = cast.person(username);
  const employee = await cast.as(username);
  const manager = await cast.as(cast.managerOf(person).username);
  await until(`${username}'s goals agreed`, async () => (await employee.taskFor(`${cycle}:${person._id}`, 'checkIn')) ?? null, 60_000);
  const before = await employee.get(`/api/goal-changes/${enc(cycle)}/${enc(person._id)}`);
  if (before.status !== 200 || before.body.inForce?.version !== 1 || before.body.openChange) return 'skipped';

  const started = await employee.mustPost(`/api/goal-changes/${enc(cycle)}`, {});
  const caseId = started.body.caseId as string;
  const proposal = await until('the goal-change proposal', () => employee.taskFor(caseId, 'proposeGoalChange'));
  const view = await employee.task(proposal.id);
  const goals = (view.draft?.goals ?? []) as Array<Record<string, unknown>>;
  if (goals.length === 0) return 'skipped';
  const reweighted = goals.map((g, i) => ({ ...g, weight: i === 0 ? Number(g.weight) - 20 : g.weight }));
  const first = goals[0]!;
  await employee.work(proposal, {
    goals: [...reweighted, {
      title: 'Green finance: first sustainability-linked loans', kind: 'OKR', dimension: 'business', weight: 20,
      target: 'Two sustainability-linked loans signed by 31 December', unitGoalId: first.unitGoalId,
    }],
    reason: 'In June the board added green finance to the strategy; the bank asked each relationship manager to bring two sustainability-linked loans this half. Deposits weigh 20 points less to make room.',
  });
  const decision = await until('the manager\'s decision', () => manager.taskFor(caseId, 'decideGoalChange'));
  await manager.work(decision, { decision: 'approve', comment: 'Agreed: the green loans count from July.' });
  await until(`${username}'s goals at version 2`, async () => (await employee.get(`/api/goal-changes/${enc(cycle)}/${enc(person._id)}`)).body.inForce?.version === 2);
  return 'changed';
}
