import { unitGoalId } from '../../db/models/goal';
import { mapWithConcurrency } from '../../lib/concurrency';
import type { DemoPerson } from '../demo-org';
import type { Cast } from './cast';
import { enc, until, type DemoSession, type InboxItem } from './http-client';

/** Ratings per dimension (1–5): business, risk, compliance, behaviour. */
export type Dimensions = [number, number, number, number];

const dims = ([businessRating, riskRating, complianceRating, behaviourRating]: Dimensions) => ({ businessRating, riskRating, complianceRating, behaviourRating });

interface GoalPlan { code: string; title: string; kind: 'KPI' | 'OKR'; dimension: string; weight: number; target: string }

/** What each unit's people commit to, linked to their unit's goals (src/seed/unit-goals.ts). */
const GOALS: Record<string, GoalPlan[]> = {
  CB: [
    { code: 'G1', title: 'Grow my corporate deposit book', kind: 'KPI', dimension: 'business', weight: 50, target: '+¥80m average deposits' },
    { code: 'G2', title: 'No new non-performing loans in my portfolio', kind: 'KPI', dimension: 'risk', weight: 30, target: 'New-loan NPL 0%' },
    { code: 'G3', title: 'KYC refreshed for every client', kind: 'KPI', dimension: 'compliance', weight: 20, target: '100% on time' },
  ],
  WM: [
    { code: 'G1', title: 'Grow client assets under management', kind: 'KPI', dimension: 'business', weight: 60, target: '+¥150m AUM' },
    { code: 'G2', title: 'Suitability check on every sale', kind: 'KPI', dimension: 'compliance', weight: 40, target: 'No exceptions' },
  ],
  RISK: [
    { code: 'G1', title: 'Limit breaches reported the same day', kind: 'KPI', dimension: 'risk', weight: 60, target: '100% within 1 day' },
    { code: 'G2', title: 'RAROC pricing for my sector’s loans', kind: 'OKR', dimension: 'business', weight: 40, target: 'All new loans priced' },
  ],
};

/** The goals the person proposes: their unit's plan when the form offers those unit goals, else the first two offered. */
function goalsFor(cycle: string, person: DemoPerson, offered: string[]) {
  const plan = (GOALS[person.unitId] ?? []).filter((g) => offered.includes(unitGoalId(cycle, person.unitId, g.code)));
  if (plan.length > 0 && plan.reduce((s, g) => s + g.weight, 0) === 100) {
    return plan.map(({ code, ...goal }) => ({ ...goal, unitGoalId: unitGoalId(cycle, person.unitId, code) }));
  }
  return [
    { title: 'Deliver my part of the unit plan', kind: 'KPI', dimension: 'business', weight: 60, target: 'Plan milestones met', unitGoalId: offered[0] },
    { title: 'Work within the rules, every time', kind: 'OKR', dimension: 'compliance', weight: 40, target: 'No control findings', unitGoalId: offered[1] ?? offered[0] },
  ];
}

interface SchemaNode { key?: string; data?: { values?: Array<{ value: string }> }; components?: SchemaNode[] }

/** The options the server filled into a select of a task's form. */
export function optionsOf(schema: { components?: SchemaNode[] }, key: string): string[] {
  const stack = [...(schema.components ?? [])];
  while (stack.length > 0) {
    const component = stack.pop()!;
    if (component.key === key) return (component.data?.values ?? []).map((o) => o.value);
    stack.push(...(component.components ?? []));
  }
  return [];
}

async function setGoals(cast: Cast, cycle: string, person: DemoPerson, session: DemoSession, item: InboxItem): Promise<void> {
  const view = await session.task(item.id);
  await session.work(item, { goals: goalsFor(cycle, person, optionsOf(view.form.schema, 'unitGoalId')) });
}

export async function checkIn(session: DemoSession, item: InboxItem): Promise<void> {
  const view = await session.task(item.id);
  const progress = optionsOf(view.form.schema, 'goalId').map((goalId, i) => ({ goalId, percent: 50 + 10 * i }));
  await session.work(item, { progress, comment: 'Mid-year: on track, pipeline for H2 looks good' });
}

export interface ReviewPlan {
  person: DemoPerson;
  /** What the employee says of themselves; the manager's rating is what counts. */
  self: Dimensions;
  manager: Dimensions;
  comment: string;
}

const FINISHED = new Set(['finalized', 'calibrated', 'published', 'approved', 'closed']);

/**
 * Works a unit's reviews to their manager assessments, as the employees and their manager would
 * from their inboxes: goals, approval, check-in, self-assessment, no peers, manager assessment.
 * In sweeps: the manager's inbox once, each unfinished employee's inbox once, everything open
 * worked (a few at a time); then a pause while the worker moves the flows on. Each sweep looks at
 * what is open now, so a story stopped half-way continues where it stood.
 */
export async function driveReviews(cast: Cast, cycle: string, label: string, plans: ReviewPlan[]): Promise<void> {
  const hr = await cast.as('hr');
  const open = new Map(plans.map((plan) => [`${cycle}:${plan.person._id}`, plan]));
  const idle = new Map<string, number>();
  const deadline = Date.now() + 600_000;
  let reported = 0;
  while (open.size > 0) {
    if (Date.now() > deadline) throw new Error(`demo story: ${label} reviews not assessed within 10 minutes: ${[...open.keys()].join(', ')}`);
    const work: Array<() => Promise<void>> = [];
    const busy = new Set<string>();
    const managers = [...new Set([...open.values()].map((plan) => cast.managerOf(plan.person).username))];
    for (const username of managers) {
      const manager = await cast.as(username);
      for (const item of await manager.inbox().catch(() => [])) {
        const plan = item.caseId ? open.get(item.caseId) : undefined;
        if (!plan) continue;
        if (item.step === 'goalApproval') work.push(() => manager.work(item, { decision: 'approve' }));
        else if (item.step === 'choosePeers') work.push(() => manager.work(item, { peers: [] }));
        else if (item.step === 'managerAssessment') work.push(() => manager.work(item, { ...dims(plan.manager), strengths: plan.comment, overallComment: plan.comment }));
        else continue;
        busy.add(item.caseId!);
      }
    }
    await mapWithConcurrency([...open], 4, async ([caseId, plan]) => {
      const employee = await cast.as(plan.person.username);
      const mine = (await employee.inbox().catch(() => [])).find((t) => t.caseId === caseId);
      if (mine?.step === 'goalSetting') work.push(() => setGoals(cast, cycle, plan.person, employee, mine));
      else if (mine?.step === 'checkIn') work.push(() => checkIn(employee, mine));
      else if (mine?.step === 'selfAssessment') work.push(() => employee.work(mine, { ...dims(plan.self), achievements: 'Delivered my goals for the half; details in the check-in' }));
      if (mine) busy.add(caseId);
    });
    for (const caseId of open.keys()) idle.set(caseId, busy.has(caseId) ? 0 : (idle.get(caseId) ?? 0) + 1);
    await mapWithConcurrency(work, 4, (job) => job());
    // Nobody's turn twice in a row: the worker is between steps, or the review is past the manager's assessment.
    const quiet = [...open.keys()].filter((caseId) => (idle.get(caseId) ?? 0) >= 2);
    await mapWithConcurrency(quiet, 4, async (caseId) => {
      const status = (await hr.get(`/api/cases/${enc(caseId)}`)).body?.case?.status as string | undefined;
      if (status && FINISHED.has(status)) open.delete(caseId);
      else idle.set(caseId, 0);
    });
    const done = plans.length - open.size;
    if (done !== reported && (done === plans.length || done - reported >= 3)) {
      reported = done;
      cast.log(`${label} reviews ${done}/${plans.length}`);
    }
    if (work.length === 0) await new Promise((r) => setTimeout(r, 700));
  }
}

/** HR launches the reviews of a cycle for these people (the launch leaves running ones alone). */
export async function launchReviews(cast: Cast, cycle: string, people: DemoPerson[]): Promise<{ launched: number; alreadyRunning: number }> {
  const hr = await cast.as('hr');
  const reply = await hr.mustPost(`/api/cycles/${cycle}/reviews`, { employeeIds: people.map((p) => p._id) });
  return { launched: reply.body.launched?.length ?? 0, alreadyRunning: reply.body.alreadyRunning?.length ?? 0 };
}

/** Where a review stands at its start: the employee's open task, or the manager's goal approval. */
async function openStep(cast: Cast, caseId: string, person: DemoPerson): Promise<{ who: 'employee' | 'manager'; item: InboxItem }> {
  const [employee, manager] = await Promise.all([cast.as(person.username), cast.as(cast.managerOf(person).username)]);
  return until(`${caseId} in an inbox`, async () => {
    const mine = (await employee.inbox()).find((t) => t.caseId === caseId);
    if (mine) return { who: 'employee' as const, item: mine };
    const theirs = (await manager.inbox()).find((t) => t.caseId === caseId);
    return theirs ? { who: 'manager' as const, item: theirs } : undefined;
  }, 60_000);
}

/** The goal-setting step alone: the person proposes their goals, if that is still open. */
export async function proposeGoals(cast: Cast, cycle: string, person: DemoPerson): Promise<boolean> {
  const open = await openStep(cast, `${cycle}:${person._id}`, person);
  if (open.who !== 'employee' || open.item.step !== 'goalSetting') return false;
  await setGoals(cast, cycle, person, await cast.as(person.username), open.item);
  return true;
}

/** The manager approves a report's proposed goals, if that approval is waiting. */
export async function approveGoals(cast: Cast, cycle: string, person: DemoPerson): Promise<boolean> {
  const open = await openStep(cast, `${cycle}:${person._id}`, person);
  if (open.who !== 'manager' || open.item.step !== 'goalApproval') return false;
  await (await cast.as(cast.managerOf(person).username)).work(open.item, { decision: 'approve' });
  return true;
}
