import { PersonModel } from '../../db/models/person';
import type { Feedback } from '../../db/models/feedback';
import { mayReadFeedback, type FeedbackReader } from '../../domain/feedback';
import type { CurrentUser } from '../current-user';

/** Auditors read every note and change none. */
export const readsAllFeedback = (user: CurrentUser): boolean => user.roles.includes('auditor');

export async function feedbackReader(user: CurrentUser): Promise<FeedbackReader> {
  const person = await PersonModel.findById(user.id, { unitId: 1 }).lean();
  return { id: user.id, ...(person?.unitId ? { unitId: person.unitId } : {}), readsAll: readsAllFeedback(user) };
}

/** The notes among `notes` this reader may read (domain/feedback.ts, mayReadFeedback), against the org chart now. */
export async function readableNotes(reader: FeedbackReader, notes: Feedback[]): Promise<Feedback[]> {
  const recipients = [...new Set(notes.map((n) => n.toId))];
  const people = await Promise.all(recipients.map((id) => PersonModel.findById(id, { managerId: 1, unitId: 1 }).lean()));
  const byId = new Map(people.flatMap((p) => (p ? [[p._id, p] as const] : [])));
  return notes.filter((n) => {
    const recipient = byId.get(n.toId);
    return mayReadFeedback(reader, { fromId: n.fromId, toId: n.toId, visibility: n.visibility, recipientManagerId: recipient?.managerId, recipientUnitId: recipient?.unitId });
  });
}
