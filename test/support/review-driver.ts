import { seedUnitGoals } from '../../src/seed/unit-goals';
import type { HttpUser } from './http-user';
import { eventually, uniqueCycle } from './stack';

/**
 * Moves a performance review through its early steps over HTTP as its real actors, so a test about a
 * later step stays short: launch (with the demo unit goals seeded for the cycle) → goal setting →
 * goal approval → check-in → self-assessment, and the 360 choice (skipped) before the manager's step.
 */
export interface LaunchedReview {
  cycle: string;
  caseId: string;
}

export async function launchReview(hr: HttpUser, employee: HttpUser, prefix: string, extra: { checkInReminder?: string } = {}): Promise<LaunchedReview> {
  const cycle = uniqueCycle(prefix);
  await seedUnitGoals(cycle);
  const launch = await hr.post(`/api/cycles/${cycle}/reviews`, { employeeIds: [employee.id], ...extra });
  if (launch.status !== 201) throw new Error(`launch: ${launch.status} ${JSON.stringify(launch.body)}`);
  return { cycle, caseId: `${cycle}:${employee.id}` };
}

interface SchemaNode { key?: string; data?: { values?: Array<{ value: string; label: string }> }; components?: SchemaNode[] }

/** The options the server filled into a select of a task's form (unit goals, colleagues…). */
export function optionsOf(schema: { components?: SchemaNode[] }, key: string): string[] {
  const stack = [...(schema.components ?? [])];
  while (stack.length > 0) {
    const component = stack.pop()!;
    if (component.key === key) return (component.data?.values ?? []).map((o) => o.value);
    stack.push(...(component.components ?? []));
  }
  throw new Error(`no component ${key} in the form`);
}

export async function openTask(user: HttpUser, caseId: string, step: string): Promise<{ id: string; view: any }> {
  const id = await eventually(`${step} for ${user.username}`, () => user.taskFor(caseId, step));
  const view = await user.get(`/api/tasks/${id}`);
  if (view.status !== 200) throw new Error(`${step}: ${view.status}`);
  return { id, view: view.body };
}

export async function submit(user: HttpUser, taskId: string, data: unknown): Promise<void> {
  const response = await user.post(`/api/tasks/${taskId}/submission`, { data });
  if (response.status !== 201) throw new Error(`submit ${taskId}: ${response.status} ${JSON.stringify(response.body)}`);
}

/** Two goals weighted 60/40, linked to the first unit goals offered. */
export function twoGoals(unitGoalIds: string[]) {
  return [
    { title: 'Grow the book', kind: 'KPI', dimension: 'business', weight: 60, target: '+10%', unitGoalId: unitGoalIds[0] },
    { title: 'Clean files', kind: 'OKR', dimension: 'compliance', weight: 40, target: 'All KYC complete', unitGoalId: unitGoalIds[1] ?? unitGoalIds[0] },
  ];
}

/** The employee proposes two goals and the manager approves them at once. */
export async function agreeGoals(employee: HttpUser, manager: HttpUser, caseId: string): Promise<void> {
  const goalTask = await openTask(employee, caseId, 'goalSetting');
  await submit(employee, goalTask.id, { goals: twoGoals(optionsOf(goalTask.view.form.schema, 'unitGoalId')) });
  const approval = await openTask(manager, caseId, 'goalApproval');
  await submit(manager, approval.id, { decision: 'approve' });
}

/** The check-in lists every agreed goal (the form starts with one row per goal): the first at 50 %, the rest at 30 %. */
export async function checkIn(employee: HttpUser, caseId: string): Promise<void> {
  const task = await openTask(employee, caseId, 'checkIn');
  const progress = optionsOf(task.view.form.schema, 'goalId').map((goalId, i) => ({ goalId, percent: i === 0 ? 50 : 30 }));
  await submit(employee, task.id, { progress, comment: 'On track' });
}

/** Goals agreed and one check-in done: the self-assessment task id. */
export async function driveToSelfAssessment(employee: HttpUser, manager: HttpUser, caseId: string): Promise<string> {
  await agreeGoals(employee, manager, caseId);
  await checkIn(employee, caseId);
  return eventually('self-assessment task', () => employee.taskFor(caseId, 'selfAssessment'));
}

/** After the self-assessment: the manager asks no peers; the manager assessment task id. */
export async function skipPeerFeedback(manager: HttpUser, caseId: string): Promise<string> {
  const choice = await openTask(manager, caseId, 'choosePeers');
  await submit(manager, choice.id, { peers: [] });
  return eventually('manager assessment task', () => manager.taskFor(caseId, 'managerAssessment'));
}
