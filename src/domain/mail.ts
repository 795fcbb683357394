/**
 * What mail meritflow sends, to whom and when: pure rules with worked examples in
 * test/unit/mail.test.ts. The worker's mail dispatcher (src/worker/mail) applies them; the policy
 * `mail` (policies/mail.json) holds the numbers and the kinds that must be sent or may show pay.
 */

/** A person's choice per category: each mail at once, in the daily digest, or none. */
export const MAIL_MODES = ['immediate', 'digest', 'off'] as const;
export type MailMode = (typeof MAIL_MODES)[number];

/** What a person sets preferences for. */
export const MAIL_CATEGORIES = ['tasks', 'reminders', 'results'] as const;
export type MailCategory = (typeof MAIL_CATEGORIES)[number];

export type MailPreferences = Partial<Record<MailCategory, MailMode>>;

export interface MailPolicy {
  remindBeforeMinutes: number;
  escalateAfterMinutes: number;
  digestAfterTasksPerDay: number;
  digestHourUtc: number;
  /** Kinds sent whatever the person's preference (an 'off' or 'digest' reads as 'immediate'). */
  alwaysSent: string[];
  /** Kinds whose mail may carry pay figures; every other kind's parameters lose them. */
  payFiguresIn: string[];
  attempts: number;
  firstBackoffMs: number;
}

export const DEFAULT_MAIL_POLICY: MailPolicy = {
  remindBeforeMinutes: 1440, escalateAfterMinutes: 1440, digestAfterTasksPerDay: 5, digestHourUtc: 7,
  alwaysSent: ['task.escalated', 'bonus.letter', 'appeal.upheld', 'appeal.dismissed', 'appeal.rejected', 'clawback.applied', 'clawback.rejected'], payFiguresIn: [], attempts: 3, firstBackoffMs: 2000,
};

/** The policy body as stored, with the default for every field missing or of the wrong type. */
export function readMailPolicy(body: unknown): MailPolicy {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const num = (k: keyof MailPolicy, min: number) => (typeof b[k] === 'number' && Number.isFinite(b[k]) && (b[k] as number) >= min ? (b[k] as number) : (DEFAULT_MAIL_POLICY[k] as number));
  const list = (k: 'alwaysSent' | 'payFiguresIn') => (Array.isArray(b[k]) && (b[k] as unknown[]).every((x) => typeof x === 'string') ? (b[k] as string[]) : DEFAULT_MAIL_POLICY[k]);
  return {
    remindBeforeMinutes: num('remindBeforeMinutes', 0), escalateAfterMinutes: num('escalateAfterMinutes', 0),
    digestAfterTasksPerDay: num('digestAfterTasksPerDay', 1), digestHourUtc: Math.min(23, num('digestHourUtc', 0)),
    alwaysSent: list('alwaysSent'), payFiguresIn: list('payFiguresIn'), attempts: num('attempts', 1), firstBackoffMs: num('firstBackoffMs', 0),
  };
}

/** Which category a kind of mail belongs to: task.* offers, reminders and escalations, everything else a result. */
export function categoryOf(kind: string): MailCategory {
  if (kind === 'task.offered' || kind === 'task.assigned') return 'tasks';
  if (kind.startsWith('task.') || kind.startsWith('review.check-in-reminder')) return 'reminders';
  return 'results';
}

/**
 * How one mail goes out: the person's choice for its category (immediate when unset), unless the
 * policy says the kind must be sent; a task offer to someone who already had `digestAfterTasksPerDay`
 * offers today goes to the digest instead of another mail.
 */
export function deliveryMode(kind: string, preferences: MailPreferences, policy: MailPolicy, taskMailsToday = 0): MailMode {
  if (policy.alwaysSent.includes(kind)) return 'immediate';
  const chosen = preferences[categoryOf(kind)] ?? 'immediate';
  if (chosen === 'immediate' && categoryOf(kind) === 'tasks' && taskMailsToday >= policy.digestAfterTasksPerDay) return 'digest';
  return chosen;
}

const PAY_FIELD = /(minor|amount|salary|bonus|pay|currency|award(?!id))/i;

/** The parameters a mail may show: without pay figures unless the policy lists the kind. */
export function redactPay<T extends Record<string, unknown>>(kind: string, params: T, policy: Pick<MailPolicy, 'payFiguresIn'>): Partial<T> {
  if (policy.payFiguresIn.includes(kind)) return { ...params };
  return Object.fromEntries(Object.entries(params).filter(([key]) => !PAY_FIELD.test(key))) as Partial<T>;
}

/** The stages of a due task that have come by `now`: a reminder before, one at the due time, the escalation after. */
export type ReminderStage = 'due-soon' | 'due' | 'escalated';
export function reminderStages(due: Date, now: Date, policy: Pick<MailPolicy, 'remindBeforeMinutes' | 'escalateAfterMinutes'>): ReminderStage[] {
  const minute = 60_000;
  const out: ReminderStage[] = [];
  const t = now.getTime();
  const d = due.getTime();
  // Past the due time the "soon" reminder is news no longer: only the ones still true are sent.
  if (t >= d - policy.remindBeforeMinutes * minute && t < d) out.push('due-soon');
  if (t >= d) out.push('due');
  if (t >= d + policy.escalateAfterMinutes * minute) out.push('escalated');
  return out;
}

/** The mail template of a kind (templates/mail/<name>.hbs): `review.check-in-reminder.2` uses `review.check-in-reminder`. */
export function templateOf(kind: string, known: readonly string[]): string {
  if (known.includes(kind)) return kind;
  const parts = kind.split('.');
  for (let n = parts.length - 1; n > 0; n--) {
    const prefix = parts.slice(0, n).join('.');
    if (known.includes(prefix)) return prefix;
  }
  return 'generic';
}

/** The digest's day (UTC) a mail waiting at `at` goes out with: today's if before the hour, else tomorrow's. */
export function digestDay(at: Date, hourUtc: number): string {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  if (at.getUTCHours() >= hourUtc) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

/** Whether a digest day's hour has come. */
export function digestDue(day: string, now: Date, hourUtc: number): boolean {
  return now.getTime() >= Date.parse(`${day}T00:00:00Z`) + hourUtc * 3_600_000;
}

export interface DigestEntry {
  recipientId: string;
  day: string;
  id: string;
  kind: string;
}

/** Waiting entries grouped into one digest per person and day whose hour has come, oldest entries first. */
export function groupDigests<E extends DigestEntry>(entries: E[], now: Date, hourUtc: number): Array<{ recipientId: string; day: string; entries: E[] }> {
  const groups = new Map<string, { recipientId: string; day: string; entries: E[] }>();
  for (const entry of entries) {
    if (!digestDue(entry.day, now, hourUtc)) continue;
    const key = `${entry.recipientId}|${entry.day}`;
    const group = groups.get(key) ?? { recipientId: entry.recipientId, day: entry.day, entries: [] };
    group.entries.push(entry);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** A mail's identity: the same event for the same person is one mail, however often it is noticed. */
export function mailId(parts: string[]): string {
  return parts.join(':');
}

/** The wait before the next attempt after `failures` failures, or null when the attempts are used up. */
export function nextAttemptDelay(failures: number, policy: Pick<MailPolicy, 'attempts' | 'firstBackoffMs'>): number | null {
  if (failures >= policy.attempts) return null;
  return policy.firstBackoffMs * 2 ** (failures - 1);
}
