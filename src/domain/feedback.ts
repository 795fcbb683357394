/**
 * Feedback and recognition (即时反馈与认可): anyone gives a colleague a short note at any time, tied
 * to one of the colleague's goals or to one of the bank's values (policies/recognition.json). Pure
 * rules, no I/O: what a note may say, who reads it, and what the manager is shown at assessment.
 *
 * Recognition never feeds a score. The scoring code (domain/scoring.ts) takes ratings only; the
 * policy decides whether recognition may be *shown* beside the manager's assessment as evidence.
 */

import { canonicalJson, sha256Hex } from './digest';

export const FEEDBACK_KINDS = ['feedback', 'recognition'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/** `private`: the person, the giver and the person's manager. `unit`: also everyone in the person's unit. */
export const FEEDBACK_VISIBILITIES = ['private', 'unit'] as const;
export type FeedbackVisibility = (typeof FEEDBACK_VISIBILITIES)[number];

export interface CompanyValue {
  key: string;
  title: { en: string; 'zh-CN': string };
}

/** The body of policies/recognition.json. */
export interface RecognitionPolicy {
  maxLength: number;
  dailyLimitPerGiver: number;
  values: CompanyValue[];
  /** Whether recognition received may be shown to the manager as evidence beside the assessment. */
  recognitionAsEvidence: boolean;
  /** How far back the assessment's evidence reaches. */
  evidenceWindowDays: number;
}

/** What a giver sends: exactly one of `goalId` (one of the recipient's goals) and `value` (a value's key). */
export interface FeedbackDraft {
  to: string;
  kind: FeedbackKind;
  goalId?: string;
  value?: string;
  text: string;
}

export interface FeedbackRuleProblem {
  field: string;
  /** required, enum, length, self, unknown, control, one-anchor */
  code: string;
}

const FIELDS = ['to', 'kind', 'goalId', 'value', 'text'];
// Line breaks are what people type; every other control character is refused at the boundary.
const CONTROL = /[\u0000-\u0009\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * The problems with a draft, field by field, or the draft as stored (text trimmed).
 *
 *   giver A, { to: 'B', kind: 'recognition', value: 'teamwork', text: 'Thanks for covering the desk' } → ok
 *   giver A, { to: 'A', … }                                   → to: self (no feedback to oneself)
 *   { …, goalId: 'g', value: 'teamwork' }                     → goalId: one-anchor (one or the other)
 *   { …, text: 'x'.repeat(501) } with maxLength 500           → text: length
 *   { …, value: 'speed' } when the policy lists no `speed`    → value: enum
 *   { …, goalId: 'someone else's goal' }                      → goalId: enum (`recipientGoalIds` are the recipient's)
 *
 * `recipientGoalIds` is null when the recipient is not a known person (then `to` is `unknown`).
 */
export function checkFeedbackDraft(
  body: unknown,
  giverId: string,
  policy: Pick<RecognitionPolicy, 'maxLength' | 'values'>,
  recipientGoalIds: readonly string[] | null,
): { draft: FeedbackDraft; problems: [] } | { draft: null; problems: FeedbackRuleProblem[] } {
  const problems: FeedbackRuleProblem[] = [];
  const value = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  for (const name of Object.keys(value)) if (!FIELDS.includes(name)) problems.push({ field: name.slice(0, 100), code: 'unknown' });
  const { to, kind, goalId, value: companyValue, text } = value;
  if (typeof to !== 'string' || to === '') problems.push({ field: 'to', code: 'required' });
  else if (to === giverId) problems.push({ field: 'to', code: 'self' });
  else if (recipientGoalIds === null) problems.push({ field: 'to', code: 'unknown' });
  if (!(FEEDBACK_KINDS as readonly unknown[]).includes(kind)) problems.push({ field: 'kind', code: 'enum' });
  if (goalId !== undefined && companyValue !== undefined) problems.push({ field: 'goalId', code: 'one-anchor' });
  else if (goalId === undefined && companyValue === undefined) problems.push({ field: 'value', code: 'one-anchor' });
  else if (goalId !== undefined) {
    if (typeof goalId !== 'string' || (recipientGoalIds !== null && !recipientGoalIds.includes(goalId))) problems.push({ field: 'goalId', code: 'enum' });
  } else if (typeof companyValue !== 'string' || !policy.values.some((v) => v.key === companyValue)) problems.push({ field: 'value', code: 'enum' });
  if (typeof text !== 'string' || text.trim() === '') problems.push({ field: 'text', code: 'required' });
  else if (CONTROL.test(text)) problems.push({ field: 'text', code: 'control' });
  else if (text.trim().length > policy.maxLength) problems.push({ field: 'text', code: 'length' });
  if (problems.length > 0) return { draft: null, problems };
  return {
    draft: {
      to: to as string, kind: kind as FeedbackKind, text: (text as string).trim(),
      ...(goalId !== undefined ? { goalId: goalId as string } : { value: companyValue as string }),
    },
    problems: [],
  };
}

export interface FeedbackReader {
  id: string;
  unitId?: string;
  /** Auditors read everything and change nothing. */
  readsAll: boolean;
}

export interface FeedbackAudience {
  fromId: string;
  toId: string;
  visibility: FeedbackVisibility;
  /** The recipient's manager and unit now (the org chart), not when it was given. */
  recipientManagerId?: string;
  recipientUnitId?: string;
}

/**
 * Who reads a note: its giver, its recipient and the recipient's manager; everyone in the
 * recipient's unit once the recipient shares it; auditors.
 *
 *   private note from A to B (B's manager M, unit CB): A, B, M read it; C in CB does not
 *   the same note shared with the unit: C in CB reads it too; D in WM does not
 */
export function mayReadFeedback(reader: FeedbackReader, note: FeedbackAudience): boolean {
  if (reader.readsAll) return true;
  if ([note.fromId, note.toId, note.recipientManagerId].includes(reader.id)) return true;
  return note.visibility === 'unit' && reader.unitId !== undefined && reader.unitId === note.recipientUnitId;
}

/** Only the recipient chooses who else sees a note. */
export function maySetVisibility(readerId: string, note: Pick<FeedbackAudience, 'toId'>): boolean {
  return readerId === note.toId;
}

/**
 * What the manager is shown at assessment time: the notes the person received within the policy's
 * window, newest first; recognition only when the policy lets it be shown as evidence. The count of
 * recognition held back is kept so the page can say why none is shown.
 *
 *   policy { recognitionAsEvidence: false, evidenceWindowDays: 365 }, notes: feedback (10 days ago),
 *   recognition (20 days ago), feedback (400 days ago) → shown: the first; withheld: 1
 */
export function assessmentEvidence<T extends { kind: FeedbackKind; createdAt: Date }>(
  notes: readonly T[],
  policy: Pick<RecognitionPolicy, 'recognitionAsEvidence' | 'evidenceWindowDays'>,
  now: Date,
): { shown: T[]; recognitionWithheld: number } {
  const since = now.getTime() - policy.evidenceWindowDays * 86_400_000;
  const recent = notes.filter((n) => n.createdAt.getTime() >= since);
  const shown = recent.filter((n) => n.kind === 'feedback' || policy.recognitionAsEvidence)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  return { shown, recognitionWithheld: recent.length - shown.length };
}

/** The UTC day a note was given on: a giver's daily limit counts by it, and a repeat of the same note on one day is the same note. */
export function feedbackDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * A note's id: the same giver sending the same words to the same person about the same goal or value
 * on the same day gives the same id, so a double click or a retry stores one note.
 */
export function feedbackIdOf(fromId: string, draft: FeedbackDraft, day: string): string {
  return `fb-${sha256Hex(canonicalJson({ fromId, to: draft.to, kind: draft.kind, goalId: draft.goalId ?? null, value: draft.value ?? null, text: draft.text, day })).slice(0, 24)}`;
}
