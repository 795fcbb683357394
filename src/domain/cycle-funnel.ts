/**
 * A cycle's completion funnel: how many review cases have completed each step of the review, in
 * the order of the flow, overall and per org unit. A case counts for a step when it completed that
 * step or any later one (a step a diagram lets a case pass without a task still counts as passed).
 *
 * The steps: launched (the case's flow is running; its first task, goal setting, is open), goals set (goalSetting submitted), check-in done (checkIn), self-assessment done
 * (selfAssessment), manager assessment done (managerAssessment), calibrated (case status calibrated or
 * published), published (status published).
 *
 * Worked example: three cases in CB, one with goals and a check-in, one published, one just started:
 *   launched 3 · goals set 2 · check-in 2 · self 1 · manager 1 · calibrated 1 · published 1.
 */
export const FUNNEL_STEPS = ['launched', 'goalSetting', 'checkIn', 'selfAssessment', 'managerAssessment', 'calibration', 'published'] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

export interface FunnelCase {
  caseId: string;
  unitId: string;
  status: string;
}

export interface CompletedTask {
  caseId: string;
  taskDefinitionKey: string;
}

export interface FunnelRow {
  total: number;
  steps: Array<{ step: FunnelStep; count: number; percent: number }>;
}

export interface Funnel {
  overall: FunnelRow;
  units: Array<FunnelRow & { unitId: string }>;
}

const TASK_STEPS: Partial<Record<string, number>> = { goalSetting: 1, checkIn: 2, selfAssessment: 3, managerAssessment: 4 };

function furthestStep(status: string, tasks: readonly string[]): number {
  if (status === 'published') return 6;
  if (status === 'calibrated') return 5;
  // A case whose start was interrupted has not reached anything yet.
  return Math.max(status === 'starting' ? -1 : 0, ...tasks.map((key) => TASK_STEPS[key] ?? -1));
}

function percent(count: number, total: number): number {
  return total === 0 ? 0 : Math.round((count / total) * 1000) / 10;
}

function row(furthest: readonly number[]): FunnelRow {
  const total = furthest.length;
  return {
    total,
    steps: FUNNEL_STEPS.map((step, index) => {
      const count = furthest.filter((f) => f >= index).length;
      return { step, count, percent: percent(count, total) };
    }),
  };
}

export function countFunnel(cases: readonly FunnelCase[], completed: readonly CompletedTask[]): Funnel {
  const tasksOf = new Map<string, string[]>();
  for (const task of completed) tasksOf.set(task.caseId, [...(tasksOf.get(task.caseId) ?? []), task.taskDefinitionKey]);
  const byUnit = new Map<string, number[]>();
  const all: number[] = [];
  for (const c of cases) {
    const f = furthestStep(c.status, tasksOf.get(c.caseId) ?? []);
    all.push(f);
    byUnit.set(c.unitId, [...(byUnit.get(c.unitId) ?? []), f]);
  }
  return {
    overall: row(all),
    units: [...byUnit.keys()].sort().map((unitId) => ({ unitId, ...row(byUnit.get(unitId)!) })),
  };
}

/** Later decisions stand over earlier ones: an upheld appeal over calibration over the manager's final score. */
const PRECEDENCE = ['appeal', 'calibrated', 'final'];

/** The rating that stands per person from a cycle's scores (any order), as standingRating reads it for one. */
export function standingRatings(scores: ReadonlyArray<{ subjectId: string; step: string; rating: string }>): Map<string, string> {
  const best = new Map<string, { rank: number; rating: string }>();
  for (const score of scores) {
    const rank = PRECEDENCE.indexOf(score.step);
    if (rank < 0) continue;
    const current = best.get(score.subjectId);
    if (!current || rank < current.rank) best.set(score.subjectId, { rank, rating: score.rating });
  }
  return new Map([...best].map(([id, { rating }]) => [id, rating]));
}

export interface OverdueCount {
  step: string;
  unitId: string;
  count: number;
}

/** Overdue open tasks counted per step and unit, biggest first. */
export function countOverdue(tasks: ReadonlyArray<{ step: string; unitId: string }>): OverdueCount[] {
  const counts = new Map<string, OverdueCount>();
  for (const t of tasks) {
    const key = `${t.step} ${t.unitId}`;
    const entry = counts.get(key) ?? { step: t.step, unitId: t.unitId, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || (a.step + a.unitId).localeCompare(b.step + b.unitId));
}
