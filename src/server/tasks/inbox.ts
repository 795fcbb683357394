import { FormVersionModel } from '../../db/models/form-version';
import type { Person } from '../../db/models/person';
import { namesForLists } from '../../db/person-cards';
import { OrgUnitModel } from '../../db/models/org-unit';
import { TtlCache } from '../../lib/ttl-cache';
import type { CurrentUser } from '../current-user';
import { taskVariable, type EngineClient } from '../engine-client';
import { inboxTasks } from './inbox-tasks';
import { formKeyOf } from './task-form';

export interface InboxItem {
  id: string;
  name: string | null;
  step: string;
  created: string;
  due: string | null;
  followUp: string | null;
  assignedToMe: boolean;
  formKey: string | null;
  /** The flow: the process definition's key (performance-review, calibration…). */
  flow: string;
  /** The flow's name in its diagram (an owner's flow has no translation; the page shows this). */
  flowName: string | null;
  /** overdue: past its due date; soon: due within two days; null: no due date or later. */
  dueState: 'overdue' | 'soon' | null;
  /** The follow-up date has come. */
  followUpReached: boolean;
  /** The decision a bulk approval submits, when this step's form allows bulk approval. */
  bulkDecision: string | null;
  caseId: string | null;
  cycle: string | null;
  subject: { id: string; name: Person['name'] } | null;
}

const DAY = 24 * 60 * 60 * 1000;
const SOON = 2 * DAY;

function dueStateOf(due: string | null, now: number): InboxItem['dueState'] {
  if (!due) return null;
  const at = new Date(due).getTime();
  if (at < now) return 'overdue';
  return at - now <= SOON ? 'soon' : null;
}

/**
 * The decision a form lets an approver give to many tasks at once:
 * `"properties": {"bulkApprove": {"decision": "approve"}}` in the schema. A form setting, so an
 * institution enables it by changing the form, not the code.
 */
export function bulkDecisionIn(schema: Record<string, unknown>): string | null {
  const properties = schema.properties as { bulkApprove?: { decision?: unknown } } | undefined;
  const decision = properties?.bulkApprove?.decision;
  return typeof decision === 'string' && decision.length > 0 ? decision : null;
}

/**
 * For the inbox's checkboxes only: the latest version of the form. The server decides with the
 * version each case pinned (bulk-approval.ts).
 */
const latestBulk = new TtlCache<{ decision: string | null }>(60_000);
async function bulkDecisionOf(formKey: string): Promise<string | null> {
  const cached = latestBulk.get(formKey);
  if (cached) return cached.decision;
  const latest = await FormVersionModel.findOne({ key: formKey }, { schema: 1 }).sort({ version: -1 }).lean();
  const decision = latest ? bulkDecisionIn(latest.schema) : null;
  latestBulk.set(formKey, { decision });
  return decision;
}

/**
 * A process definition never changes once deployed, so its key and name are kept for the life of
 * the process. The key cannot be read off the id: the engine drops "key:version:" from ids longer
 * than 64 characters, as an owner's long flow key makes them.
 */
const definitions = new Map<string, Promise<{ key: string; name: string | null }>>();
function flowOf(engine: EngineClient, definitionId: string): Promise<{ key: string; name: string | null }> {
  let found = definitions.get(definitionId);
  if (!found) {
    found = engine.processDefinition(definitionId).then((d) => ({ key: d.key, name: d.name }));
    found.catch(() => definitions.delete(definitionId));
    definitions.set(definitionId, found);
  }
  return found;
}

/** My tasks and my groups' open tasks, each with whose case it is (the case comes with the task's variables). */
export async function inboxFor(engine: EngineClient, user: CurrentUser): Promise<InboxItem[]> {
  const tasks = await inboxTasks(engine, user.id, user.groups);
  const nameById = await namesForLists(tasks.map((t) => taskVariable(t, 'subjectId')).filter((id): id is string => Boolean(id)));
  // A unit's case (calibration, bonus round) is about the unit: its name, not a blank.
  const unitIds = [...new Set(tasks.map((t) => taskVariable(t, 'subjectId')).filter((id): id is string => Boolean(id) && !nameById.has(id!)))];
  if (unitIds.length) for (const unit of await OrgUnitModel.find({ _id: { $in: unitIds } }, { name: 1 }).lean()) nameById.set(unit._id, unit.name);
  const formKeys = [...new Set(tasks.map((t) => formKeyOf(t)).filter((key): key is string => Boolean(key)))];
  const bulkDecisions = new Map((await Promise.all(formKeys.map(async (key) => [key, await bulkDecisionOf(key)] as const))));
  const flows = new Map(await Promise.all([...new Set(tasks.map((t) => t.processDefinitionId))].map(async (id) => [id, await flowOf(engine, id)] as const)));
  const now = Date.now();
  return tasks.map((task): InboxItem => {
    const subjectId = taskVariable(task, 'subjectId');
    const subjectName = subjectId ? nameById.get(subjectId) : undefined;
    return {
      id: task.id,
      name: task.name,
      step: task.taskDefinitionKey,
      created: task.created,
      due: task.due,
      followUp: task.followUp,
      assignedToMe: task.assignee === user.id,
      formKey: formKeyOf(task),
      flow: flows.get(task.processDefinitionId)?.key ?? '',
      flowName: flows.get(task.processDefinitionId)?.name ?? null,
      dueState: dueStateOf(task.due, now),
      followUpReached: task.followUp !== null && new Date(task.followUp).getTime() <= now,
      bulkDecision: bulkDecisions.get(formKeyOf(task) ?? '') ?? null,
      caseId: taskVariable(task, 'caseId') ?? null,
      cycle: taskVariable(task, 'cycle') ?? null,
      subject: subjectId && subjectName ? { id: subjectId, name: subjectName } : null,
    };
  });
}

export const DUE_FILTERS = ['overdue', 'today', 'week'] as const;
export const WHO_FILTERS = ['me', 'groups'] as const;
export const SORTS = ['due', 'created'] as const;

export interface InboxFilter {
  flow?: string;
  step?: string;
  due?: (typeof DUE_FILTERS)[number];
  who?: (typeof WHO_FILTERS)[number];
  sort?: (typeof SORTS)[number];
}

const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/**
 * Filters from a query string: each a single text of a known shape. Pages ignore what they do not
 * understand (a stale bookmark still opens the inbox); the API refuses it with the field's reason.
 */
export function readInboxFilter(query: Record<string, unknown>): { filter: InboxFilter; problems: Array<{ field: string; code: string; message: string }> } {
  const filter: InboxFilter = {};
  const problems: Array<{ field: string; code: string; message: string }> = [];
  const one = (name: keyof InboxFilter, allowed: readonly string[] | RegExp) => {
    const value = query[name];
    if (value === undefined || value === '') return;
    const ok = typeof value === 'string' && (allowed instanceof RegExp ? allowed.test(value) : allowed.includes(value));
    if (ok) (filter as Record<string, string>)[name] = value;
    else problems.push({ field: name, code: 'invalid', message: allowed instanceof RegExp ? `${name} must be a name of letters, digits, - or _` : `${name} must be one of ${allowed.join(', ')}` });
  };
  one('flow', NAME);
  one('step', NAME);
  one('due', DUE_FILTERS);
  one('who', WHO_FILTERS);
  one('sort', SORTS);
  return { filter, problems };
}

function endOfToday(now: Date): number {
  const end = new Date(now);
  end.setHours(23, 59, 59, 999);
  return end.getTime();
}

function matchesDue(item: InboxItem, due: InboxFilter['due'], now: Date): boolean {
  if (!due) return true;
  if (!item.due) return false;
  const at = new Date(item.due).getTime();
  if (due === 'overdue') return at < now.getTime();
  if (due === 'today') return at >= now.getTime() && at <= endOfToday(now);
  return at >= now.getTime() && at <= now.getTime() + 7 * DAY;
}

export interface InboxPage {
  items: InboxItem[];
  filter: InboxFilter;
  total: number;
  /** How many of all my tasks each choice would show. */
  counts: {
    flow: Array<{ value: string; name: string | null; count: number }>;
    step: Array<{ value: string; name: string | null; count: number }>;
    due: Record<(typeof DUE_FILTERS)[number], number>;
    who: Record<(typeof WHO_FILTERS)[number], number>;
  };
  bulkPossible: boolean;
}

/** Due first (soonest, no due date last), then oldest first; or oldest first. */
function byDue(a: InboxItem, b: InboxItem): number {
  if (a.due && b.due) return a.due.localeCompare(b.due) || a.created.localeCompare(b.created);
  if (a.due) return -1;
  if (b.due) return 1;
  return a.created.localeCompare(b.created);
}

export function filterInbox(all: InboxItem[], filter: InboxFilter, now = new Date()): InboxPage {
  const steps = new Map<string, { name: string | null; count: number }>();
  for (const item of all) {
    const entry = steps.get(item.step) ?? { name: item.name, count: 0 };
    entry.count++;
    steps.set(item.step, entry);
  }
  const flows = new Map<string, { name: string | null; count: number }>();
  for (const item of all) {
    const entry = flows.get(item.flow) ?? { name: item.flowName, count: 0 };
    entry.count++;
    flows.set(item.flow, entry);
  }
  const items = all.filter((item) =>
    (!filter.flow || item.flow === filter.flow)
    && (!filter.step || item.step === filter.step)
    && matchesDue(item, filter.due, now)
    && (!filter.who || (filter.who === 'me' ? item.assignedToMe : !item.assignedToMe)));
  items.sort(filter.sort === 'created' ? (a, b) => a.created.localeCompare(b.created) : byDue);
  return {
    items,
    filter,
    total: all.length,
    counts: {
      flow: [...flows].map(([value, f]) => ({ value, name: f.name, count: f.count })).sort((a, b) => a.value.localeCompare(b.value)),
      step: [...steps].map(([value, s]) => ({ value, name: s.name, count: s.count })).sort((a, b) => a.value.localeCompare(b.value)),
      due: { overdue: all.filter((i) => matchesDue(i, 'overdue', now)).length, today: all.filter((i) => matchesDue(i, 'today', now)).length, week: all.filter((i) => matchesDue(i, 'week', now)).length },
      who: { me: all.filter((i) => i.assignedToMe).length, groups: all.filter((i) => !i.assignedToMe).length },
    },
    bulkPossible: items.some((i) => i.assignedToMe && i.bulkDecision !== null),
  };
}
