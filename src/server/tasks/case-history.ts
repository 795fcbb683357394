import { SubmissionModel } from '../../db/models/submission';
import { TaskActivityModel } from '../../db/models/task-activity';
import type { ReviewCase } from '../../db/models/review-case';
import type { Person } from '../../db/models/person';
import type { CurrentUser } from '../current-user';
import type { EngineClient, EngineTask } from '../engine-client';
import { personName } from '../../db/person-cards';

/**
 * The case's story beside the form: every human step so far (who had it, when it started and
 * ended, the decision and comment they submitted) from the engine's history and our stored
 * submissions, with the comments and hand-overs people added on the way.
 */
export interface HistoryEntry {
  at: string;
  kind: 'step' | 'comment' | 'delegated' | 'unclaimed';
  step: string;
  stepLabel: string | null;
  who: { id: string; name: Person['name'] | null } | null;
  /** Steps: open (someone works it now), done, or cancelled (a parallel branch ended, a timer). */
  state?: 'open' | 'done' | 'cancelled';
  startedAt?: string;
  decision?: string;
  /** The submitted comment or reason, or the comment's text: plain text, shown escaped. */
  text?: string;
  to?: { id: string; name: Person['name'] | null } | null;
  /** A return for rework: the page shows it prominently with its reason. */
  returned?: boolean;
  /** A 360 colleague's step seen by someone else: neither who nor what they answered. */
  anonymous?: boolean;
}

export interface CaseHistory {
  entries: HistoryEntry[];
  /** The most recent return in the case, when nothing was decided after it. */
  latestReturn: HistoryEntry | null;
  /** The viewer is the case's subject or gives input only: decisions and others' comments are left out. */
  limited: boolean;
}

/**
 * Steps whose people give input to a case without seeing its story: a colleague asked for 360
 * feedback sees only their own contribution.
 */
export const CONTRIBUTOR_STEPS: ReadonlySet<string> = new Set(['peerFeedback']);

async function who(id: string | null | undefined) {
  if (!id) return null;
  return { id, name: (await personName(id)) ?? null };
}

function textOf(data: Record<string, unknown>): string | undefined {
  for (const key of ['comment', 'reason']) {
    const value = data[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return undefined;
}

export async function caseHistory(engine: EngineClient, reviewCase: ReviewCase, viewer: { user: CurrentUser; task: EngineTask }): Promise<CaseHistory> {
  if (!reviewCase.processInstanceId) return { entries: [], latestReturn: null, limited: false };
  const limited = viewer.user.id === reviewCase.subjectId || CONTRIBUTOR_STEPS.has(viewer.task.taskDefinitionKey);
  const [tasks, activities] = await Promise.all([
    engine.historicTasksOfProcess(reviewCase.processInstanceId),
    // One case's few records; the filter scans on FerretDB, bounded by the limit.
    TaskActivityModel.find({ caseId: reviewCase._id }).sort({ at: 1 }).limit(200).lean(),
  ]);
  const stepNames = new Map(tasks.map((t) => [t.taskDefinitionKey, t.name]));

  const steps = await Promise.all(tasks.map(async (task): Promise<HistoryEntry> => {
    const done = task.endTime !== null && task.deleteReason === 'completed';
    // The submission's id is the task id: a primary-key read.
    const submission = done ? await SubmissionModel.findById(task.id, { data: 1, submittedBy: 1 }).lean() : null;
    const decision = typeof submission?.data.decision === 'string' ? submission.data.decision
      : typeof submission?.data.outcome === 'string' ? submission.data.outcome : undefined;
    const mine = submission?.submittedBy === viewer.user.id;
    const returned = decision === 'return';
    // A colleague's 360 answer is anonymous to everyone but its author: the manager sees it only
    // in the summary, under the feedback-360 policy's minimum of raters (case-context.ts).
    const anonymous = CONTRIBUTOR_STEPS.has(task.taskDefinitionKey) && !mine && task.assignee !== viewer.user.id;
    const showDecision = (!limited || mine || returned) && !anonymous;
    return {
      at: task.endTime ?? task.startTime,
      kind: 'step',
      step: task.taskDefinitionKey,
      stepLabel: task.name,
      who: anonymous ? null : await who(submission?.submittedBy ?? task.assignee),
      ...(anonymous ? { anonymous } : {}),
      state: task.endTime === null ? 'open' : done ? 'done' : 'cancelled',
      startedAt: task.startTime,
      ...(showDecision && decision ? { decision } : {}),
      ...(showDecision && submission ? { text: textOf(submission.data) } : {}),
      returned,
    };
  }));

  const extras = await Promise.all(activities
    .filter((a) => !limited || a.actor === viewer.user.id)
    .map(async (a): Promise<HistoryEntry> => ({
      at: a.at.toISOString(),
      kind: a.kind,
      step: a.step,
      stepLabel: stepNames.get(a.step) ?? null,
      who: await who(a.actor),
      text: a.text,
      to: a.toPersonId ? await who(a.toPersonId) : null,
    })));

  // Open steps last (they are what happens now), the rest by time.
  const entries = [...steps, ...extras].sort((a, b) =>
    Number(a.state === 'open') - Number(b.state === 'open') || a.at.localeCompare(b.at));
  const decided = steps.filter((s) => s.state === 'done' && s.decision !== undefined).sort((a, b) => a.at.localeCompare(b.at));
  const last = decided[decided.length - 1];
  return { entries, latestReturn: last?.returned ? last : null, limited };
}
