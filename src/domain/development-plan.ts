/**
 * The feedback meeting and the development plan (个人发展计划, IDP), as pure rules: what a recorded
 * meeting's commitments become as plan items, which trainings the development catalogue suggests for
 * the gaps the meeting named, and how far a group of plans has come (HR's view by unit).
 *
 * Worked example. A manager records a meeting for E0101 in 2026-H1 with two gaps —
 * "objection handling" (category `client-communication`) and "credit memos" (category
 * `credit-analysis`) — and two commitments: a training by 2026-09-30 owned by E0101, and a stretch
 * assignment by 2026-12-31 owned by the manager. The plan items are
 *   2026-H1:E0101:1  training   owner E0101   due 2026-09-30   not started
 *   2026-H1:E0101:2  stretch    owner M0001   due 2026-12-31   not started
 * and the catalogue (policies/development-catalogue.json) suggests, for those two categories, the
 * trainings it lists under each, once each even when two gaps share a category. When the first
 * item is done and the second in progress, the plan is 1 of 2 done: 50 %.
 */

export const PLAN_ITEM_KINDS = ['training', 'mentoring', 'stretch', 'other'] as const;
export type PlanItemKind = (typeof PLAN_ITEM_KINDS)[number];

export const PLAN_ITEM_STATUSES = ['not-started', 'in-progress', 'done'] as const;
export type PlanItemStatus = (typeof PLAN_ITEM_STATUSES)[number];

/** At most this many commitments (and so plan items) per meeting; the meeting form holds the same limit. */
export const MAX_COMMITMENTS = 10;

export interface Bilingual {
  en: string;
  'zh-CN': string;
}

/** One gap category of the development catalogue, with the trainings it suggests. */
export interface GapCategory {
  key: string;
  label: Bilingual;
  trainings: Array<{ key: string; title: Bilingual; hours?: number }>;
}

export interface DevelopmentCatalogue {
  categories: GapCategory[];
}

/** A gap as the meeting form records it. */
export interface MeetingGap {
  gap: string;
  cause: string;
  category: string;
}

/** A commitment as the meeting form records it. */
export interface MeetingCommitment {
  what: string;
  kind: PlanItemKind;
  ownerId: string;
  dueDate: string;
}

/** What a plan item starts as; its progress is the employee's to write afterwards. */
export interface NewPlanItem {
  _id: string;
  index: number;
  what: string;
  kind: PlanItemKind;
  ownerId: string;
  dueDate: string;
  status: 'not-started';
}

/** `2026-H1:E0101` → the plan of that person from that cycle's meeting. */
export function developmentPlanId(cycle: string, personId: string): string {
  return `${cycle}:${personId}`;
}

/** The n-th commitment (from 1) of that plan. */
export function planItemId(cycle: string, personId: string, index: number): string {
  return `${developmentPlanId(cycle, personId)}:${index}`;
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/** A calendar day YYYY-MM-DD that exists (2026-02-30 does not). */
export function isCalendarDay(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** The gaps of a meeting submission's data, in the order written; rows without a gap are left out. */
export function meetingGaps(data: Record<string, unknown>): MeetingGap[] {
  const rows = Array.isArray(data.gaps) ? data.gaps as Array<Record<string, unknown>> : [];
  return rows.map((row) => ({ gap: text(row.gap), cause: text(row.cause), category: text(row.category) })).filter((g) => g.gap !== '');
}

/**
 * The commitments of a meeting submission's data as plan items, numbered in the order written (the
 * number is the item's key, so recording the same meeting again names the same items). A row that
 * is not a commitment (no text, an unknown kind, no owner, a day that does not exist) is an error:
 * the form validated it, so this is a technical fault, retried and then an incident.
 */
export function planItemsFromMeeting(cycle: string, personId: string, data: Record<string, unknown>): NewPlanItem[] {
  const rows = Array.isArray(data.commitments) ? data.commitments as Array<Record<string, unknown>> : [];
  if (rows.length > MAX_COMMITMENTS) throw new Error(`a meeting holds at most ${MAX_COMMITMENTS} commitments, this one ${rows.length}`);
  return rows.map((row, i) => {
    const what = text(row.what);
    const kind = text(row.kind);
    const ownerId = text(row.owner);
    const dueDate = text(row.dueDate);
    if (!what) throw new Error(`commitment ${i + 1} says nothing`);
    if (!(PLAN_ITEM_KINDS as readonly string[]).includes(kind)) throw new Error(`commitment ${i + 1} has kind ${kind}, not one of ${PLAN_ITEM_KINDS.join(', ')}`);
    if (!ownerId) throw new Error(`commitment ${i + 1} has no owner`);
    if (!isCalendarDay(dueDate)) throw new Error(`commitment ${i + 1} is due on ${dueDate}, not a day`);
    return { _id: planItemId(cycle, personId, i + 1), index: i + 1, what, kind: kind as PlanItemKind, ownerId, dueDate, status: 'not-started' as const };
  });
}

export interface SuggestedTraining {
  key: string;
  title: string;
  hours?: number;
  /** The category's label: why it is suggested. */
  forCategory: string;
}

/**
 * The trainings the catalogue lists for the gaps' categories, in the reader's language, each once
 * (the first category that names it explains it), in the order the gaps were written. A category
 * the catalogue does not list (an older version's) suggests nothing.
 */
export function suggestedTrainings(gaps: Array<Pick<MeetingGap, 'category'>>, catalogue: DevelopmentCatalogue, locale: keyof Bilingual): SuggestedTraining[] {
  const seen = new Set<string>();
  const out: SuggestedTraining[] = [];
  for (const gap of gaps) {
    const category = catalogue.categories.find((c) => c.key === gap.category);
    if (!category) continue;
    for (const training of category.trainings) {
      if (seen.has(training.key)) continue;
      seen.add(training.key);
      out.push({ key: training.key, title: training.title[locale], ...(training.hours !== undefined ? { hours: training.hours } : {}), forCategory: category.label[locale] });
    }
  }
  return out;
}

export interface ShareDone {
  items: number;
  done: number;
  inProgress: number;
  notStarted: number;
  /** Whole per cent of items done; 0 when there are none. */
  percentDone: number;
}

/** How far a set of items has come: 3 items, 1 done, 1 in progress → 33 % done. */
export function shareDone(items: Array<{ status: PlanItemStatus }>): ShareDone {
  const done = items.filter((i) => i.status === 'done').length;
  const inProgress = items.filter((i) => i.status === 'in-progress').length;
  return { items: items.length, done, inProgress, notStarted: items.length - done - inProgress, percentDone: items.length === 0 ? 0 : Math.round((done / items.length) * 100) };
}

/**
 * HR's view: per unit, how many people have a plan, how many items and the share done, units by id.
 * Example: CB with items [done, in-progress] of one person and [done] of another → 2 people, 3 items, 67 %.
 */
export function plansByUnit(items: Array<{ unitId: string; personId: string; status: PlanItemStatus }>): Array<ShareDone & { unitId: string; people: number }> {
  const byUnit = new Map<string, Array<{ personId: string; status: PlanItemStatus }>>();
  for (const item of items) byUnit.set(item.unitId, [...(byUnit.get(item.unitId) ?? []), item]);
  return [...byUnit.entries()].sort(([a], [b]) => a.localeCompare(b))
    .map(([unitId, list]) => ({ unitId, people: new Set(list.map((i) => i.personId)).size, ...shareDone(list) }));
}

/** Whether an item is still open: shown in the next cycle's check-ins until it is done. */
export const isOpen = (item: { status: PlanItemStatus }): boolean => item.status !== 'done';

/** Problems in a catalogue as a policy editor would save it, field by field; none is a catalogue the rules can read. */
export function catalogueProblems(body: unknown): Array<{ field: string; code: string; message: string }> {
  const problems: Array<{ field: string; code: string; message: string }> = [];
  const add = (field: string, message: string) => problems.push({ field, code: 'catalogue', message });
  const categories = (body as { categories?: unknown } | null)?.categories;
  if (!Array.isArray(categories) || categories.length === 0) return [{ field: 'categories', code: 'catalogue', message: 'list at least one gap category' }];
  const keys = new Set<string>();
  categories.forEach((c: Partial<GapCategory>, i) => {
    if (typeof c.key !== 'string' || !/^[a-z][a-z0-9-]{0,39}$/.test(c.key)) add(`categories[${i}].key`, 'a lower-case key of letters, digits and -');
    else if (keys.has(c.key)) add(`categories[${i}].key`, `${c.key} is listed twice`);
    else keys.add(c.key);
    if (!c.label?.en || !c.label['zh-CN']) add(`categories[${i}].label`, 'a label in en and zh-CN');
    if (!Array.isArray(c.trainings)) add(`categories[${i}].trainings`, 'a list of trainings (it may be empty)');
    else c.trainings.forEach((t, j) => { if (!t?.key || !t.title?.en || !t.title['zh-CN']) add(`categories[${i}].trainings[${j}]`, 'a key and a title in en and zh-CN'); });
  });
  return problems;
}
