/**
 * Goals that change during a cycle, with versions (支持目标动态调整与版本记录). A person's agreed goals
 * are a goal set; the goal-setting approval makes version 1, and each approved change
 * (processes/goal-change.bpmn) makes the next version. No version is ever rewritten: the one in force
 * is the highest, and scoring names the version in force when the manager assesses.
 *
 * When a change may be proposed: once the goals are agreed (version 1 exists) and until the employee
 * submits the self-assessment (its score exists), while the review itself still runs. In the shipped
 * review that is the check-in step: after goal approval, before the assessments. A proposal before or
 * after that is refused with 409, and a change approved after the window closed records nothing.
 */

/** One goal as the goal-setting and goal-change forms carry it. */
export interface GoalRow {
  title: string;
  kind: 'KPI' | 'OKR';
  dimension: string;
  weight: number;
  target: string;
  unitGoalId: string;
}

export const GOAL_FIELDS = ['title', 'kind', 'dimension', 'weight', 'target', 'unitGoalId'] as const;

export interface GoalSetVersion {
  _id: string; // goalSetVersionId(cycle, personId, version)
  cycle: string;
  personId: string;
  version: number;
  goals: GoalRow[];
  /** When the version came into force (its approval). */
  agreedAt: Date;
  proposedBy: string;
  approvedBy: string;
  /** Why the goals changed (none for version 1, the goals first agreed). */
  reason: string | null;
  /** The goal-change case that made it (none for version 1). */
  changeCaseId: string | null;
  /** The manager's comment on approval, if any. */
  comment?: string | null;
}

/** Version n of a person's goal set in a cycle: `2026-H2:ann:goals-v2`. */
export function goalSetVersionId(cycle: string, personId: string, version: number): string {
  return `${cycle}:${personId}:goals-v${version}`;
}

/** The version in force: the highest (versions are only ever added). */
export function versionInForce<V extends { version: number }>(versions: readonly V[]): V | null {
  return versions.reduce<V | null>((best, v) => (best === null || v.version > best.version ? v : best), null);
}

export type ChangeWindow = { open: true } | { open: false; code: 'no-review' | 'goals-not-agreed' | 'assessment-begun' | 'review-over'; message: string };

/**
 * Worked examples: goals agreed, review running, no self-assessment score → open. No goals yet → closed
 * ("goals-not-agreed"). Self-assessment scored → closed ("assessment-begun"). Review finalized → closed.
 */
export function changeWindow(review: { status: string } | null, goalsAgreed: boolean, selfAssessed: boolean): ChangeWindow {
  if (!review) return { open: false, code: 'no-review', message: 'there is no review for this cycle' };
  if (review.status !== 'running') return { open: false, code: 'review-over', message: 'the review is past its assessments; goals can no longer change' };
  if (!goalsAgreed) return { open: false, code: 'goals-not-agreed', message: 'the goals are not agreed yet; change them in goal setting' };
  if (selfAssessed) return { open: false, code: 'assessment-begun', message: 'the self-assessment is submitted; goals can no longer change in this cycle' };
  return { open: true };
}

export type RowChange = 'unchanged' | 'changed' | 'added' | 'dropped';

export interface GoalDiffRow {
  change: RowChange;
  before: GoalRow | null;
  after: GoalRow | null;
  /** The fields that differ (for `changed`). */
  fields: string[];
}

function sameGoal(a: GoalRow, b: GoalRow): boolean {
  return GOAL_FIELDS.every((f) => a[f] === b[f]);
}

/**
 * Old and new goals side by side, by position (goal n before against goal n after): a position only
 * in the old set is dropped, only in the new one added.
 *
 * Worked example: before [Sell 60, Hedge 40], after [Sell 50, Hedge 40, Train 10] →
 * Sell changed (weight), Hedge unchanged, Train added.
 */
export function diffGoalSets(before: readonly GoalRow[], after: readonly GoalRow[]): GoalDiffRow[] {
  const rows: GoalDiffRow[] = [];
  for (let i = 0; i < Math.max(before.length, after.length); i++) {
    const b = before[i] ?? null;
    const a = after[i] ?? null;
    if (b && a) {
      const fields = GOAL_FIELDS.filter((f) => b[f] !== a[f]);
      rows.push({ change: fields.length === 0 ? 'unchanged' : 'changed', before: b, after: a, fields });
    } else rows.push({ change: b ? 'dropped' : 'added', before: b, after: a, fields: [] });
  }
  return rows;
}

/** The goal rows of a submission, trimmed to the goal fields. */
export function goalRowsOf(data: Record<string, unknown>): GoalRow[] {
  const rows = Array.isArray(data.goals) ? (data.goals as Array<Record<string, unknown>>) : [];
  return rows.map((r) => ({
    title: String(r.title ?? '').trim(), kind: r.kind === 'OKR' ? 'OKR' : 'KPI', dimension: String(r.dimension ?? ''),
    weight: Number(r.weight), target: String(r.target ?? '').trim(), unitGoalId: String(r.unitGoalId ?? ''),
  }));
}

/** A proposal must change something: the same goals again is not a new version. */
export function proposalChangesNothing(inForce: readonly GoalRow[], proposed: readonly GoalRow[]): boolean {
  return inForce.length === proposed.length && inForce.every((g, i) => sameGoal(g, proposed[i]!));
}

/** The date a version came into force, as the explanation names it (UTC day). */
export function agreedOn(version: Pick<GoalSetVersion, 'agreedAt'>): string {
  return new Date(version.agreedAt).toISOString().slice(0, 10);
}

/** What a score records about the goals it was assessed against. */
export interface GoalsAssessed {
  version: number;
  agreedOn: string;
  goalCount: number;
}
