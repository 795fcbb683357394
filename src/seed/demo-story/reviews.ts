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

async function checkIn(session: DemoSession, item: InboxItem): Promise<void> {
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
 * Works one review to its manager assessment, as the employee and their manager would from their
 * inboxes: goals, approval, check-in, self-assessment, no peers, manager assessment. Each turn looks
 * at what is open now, so a story stopped half-way continues where it stood.
 */
export async function driveReview(cast: Cast, cycle: string, plan: ReviewPlan): Promise<void> {
  const caseId = `${cycle}:${plan.person._id}`;
  const [hr, employee, manager] = await Promise.all([cast.as('hr'), cast.as(plan.person.username), cast.as(cast.managerOf(plan.person).username)]);
  await until(`review ${caseId} assessed`, async () => {
    const mine = (await employee.inbox()).find((t) => t.caseId === caseId);
    if (mine?.step === 'goalSetting') await setGoals(cast, cycle, plan.person, employee, mine);
    else if (mine?.step === 'checkIn') await checkIn(employee, mine);
    else if (mine?.step === 'selfAssessment') await employee.work(mine, { ...dims(plan.self), achievements: 'Delivered my goals for the half; details in the check-in' });
    if (mine) return false;
    const theirs = (await manager.inbox()).find((t) => t.caseId === caseId);
    if (theirs?.step === 'goalApproval') await manager.work(theirs, { decision: 'approve' });
    else if (theirs?.step === 'choosePeers') await manager.work(theirs, { peers: [] });
    else if (theirs?.step === 'managerAssessment') await manager.work(theirs, { ...dims(plan.manager), strengths: plan.comment, overallComment: plan.comment });
    if (theirs) return false;
    // Nobody's turn: the worker is between steps, or the review is past the manager assessment.
    const status = (await hr.get(`/api/cases/${enc(caseId)}`)).body?.case?.status as string | undefined;
    return status !== undefined && FINISHED.has(status);
  }, 300_000, 500);
}

/** Drives a unit's reviews with a few in flight at once, logging progress. */
export async function driveReviews(cast: Cast, cycle: string, label: string, plans: ReviewPlan[]): Promise<void> {
  let done = 0;
  await mapWithConcurrency(plans, 3, async (plan) => {
    await driveReview(cast, cycle, plan);
    done += 1;
    if (done === plans.length || done % 3 === 0) cast.log(`${label} reviews ${done}/${plans.length}`);
  });
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
