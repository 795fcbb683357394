import { oneWriterAtATime } from '../../db/document-lock';
import { DevelopmentItemModel, type DevelopmentItem, type ProgressEntry } from '../../db/models/development-plan';
import { retryOnBusy } from '../../db/retry-on-busy';
import { PLAN_ITEM_STATUSES, type PlanItemStatus } from '../../domain/development-plan';
import { recordAudit } from '../../platform/audit/record-audit';
import type { FieldProblem } from '../../platform/forms/validate-submission';
import type { CurrentUser } from '../current-user';
import { badRequest, busy, notFound } from '../http-errors';
import { translate, type Locale } from '../i18n';

export const MAX_NOTE = 1000;

/** { status, note? }: the status one of the three, the note text up to MAX_NOTE characters; nothing else. */
function readProgress(body: unknown, locale: Locale): { status: PlanItemStatus; note: string } {
  const t = (key: string) => translate('en', `development.problem.${key}`);
  // Each reason in English (the API's wording) and in the reader's language (what the page shows).
  const reason = (field: string, code: string, key: string): FieldProblem => ({ field, code, message: t(key), text: translate(locale, `development.problem.${key}`) });
  const value = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : null) as Record<string, unknown> | null;
  if (!value) throw badRequest(t('invalid'), [reason('', 'type', 'object')]);
  const problems: FieldProblem[] = [];
  for (const name of Object.keys(value)) if (name !== 'status' && name !== 'note') problems.push(reason(name.slice(0, 100), 'unknown', 'unknown'));
  if (typeof value.status !== 'string' || !(PLAN_ITEM_STATUSES as readonly string[]).includes(value.status)) problems.push(reason('status', 'enum', 'status'));
  if (value.note !== undefined && (typeof value.note !== 'string' || value.note.length > MAX_NOTE)) problems.push(reason('note', 'type', 'note'));
  if (problems.length > 0) throw badRequest(t('invalid'), problems);
  return { status: value.status as PlanItemStatus, note: typeof value.note === 'string' ? value.note.trim() : '' };
}

/**
 * The employee marks how far one item of their plan has come: not started, in progress or done,
 * with a note. Only the plan's own person does (anyone else: the 404 an unknown item gets). One
 * change at a time per item: the same status and note sent again while it is the latest is a replay
 * (200, nothing written); a different one is the next entry of the item's history, so four
 * different answers at once are four entries in the order they were taken. Each change is audited.
 */
export async function markProgress(itemId: string, body: unknown, user: CurrentUser, locale: Locale, now = new Date()): Promise<{ item: DevelopmentItem; replayed: boolean }> {
  const found = await DevelopmentItemModel.findById(itemId, { personId: 1 }).lean();
  if (!found || found.personId !== user.id) throw notFound('plan item');
  const change = readProgress(body, locale);
  return oneWriterAtATime(`development-item:${itemId}`, async () => {
    const item = (await DevelopmentItemModel.findById(itemId).lean<DevelopmentItem>())!;
    const last = item.progress?.[item.progress.length - 1];
    if (last && last.status === change.status && last.note === change.note) return { item, replayed: true };
    const entry: ProgressEntry = { status: change.status, note: change.note, by: user.id, at: now };
    const progress = [...(item.progress ?? []), entry];
    await retryOnBusy(() => DevelopmentItemModel.updateOne({ _id: itemId }, { $set: { status: change.status, progress } }));
    await recordAudit({
      actor: user.id, action: 'development.progress-marked', subject: { type: 'development-item', id: itemId },
      before: { status: item.status }, after: { status: change.status, note: change.note },
    });
    return { item: { ...item, status: change.status, progress }, replayed: false };
  }, () => busy('plan item'));
}
