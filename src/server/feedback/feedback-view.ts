import { FeedbackModel, type Feedback } from '../../db/models/feedback';
import { PersonModel } from '../../db/models/person';
import type { FeedbackNoteView } from '../../domain/api-types';
import type { CompanyValue } from '../../domain/feedback';
import type { CurrentUser } from '../current-user';
import { translate, type Locale } from '../i18n';
import { feedbackReader, readableNotes } from './feedback-access';
import { recognitionPolicyInForce, valueTitle } from './feedback-policy';

/** Notes as a page shows them: names, not ids; the goal's title or the value's name in the reader's language. */
export async function notesInWords(notes: Feedback[], values: readonly CompanyValue[], locale: Locale, readerId: string): Promise<FeedbackNoteView[]> {
  const ids = [...new Set(notes.flatMap((n) => [n.fromId, n.toId]))];
  const people = await Promise.all(ids.map((id) => PersonModel.findById(id, { name: 1 }).lean()));
  const names = new Map(people.flatMap((p) => (p ? [[p._id, p.name[locale] ?? p.name.en] as const] : [])));
  return notes.map((n) => ({
    id: n._id,
    kind: n.kind,
    kindText: translate(locale, `feedback.kind.${n.kind}`),
    from: names.get(n.fromId) ?? translate(locale, 'feedback.formerColleague'),
    to: names.get(n.toId) ?? translate(locale, 'feedback.formerColleague'),
    aboutLabel: translate(locale, n.goalId ? 'feedback.aboutGoal' : 'feedback.aboutValue'),
    aboutTitle: n.goalId ? (n.goalTitle ?? '') : valueTitle(values, n.value ?? '', locale),
    about: `${translate(locale, n.goalId ? 'feedback.aboutGoal' : 'feedback.aboutValue')}${locale === 'en' ? ' ' : ''}${n.goalId ? (n.goalTitle ?? '') : valueTitle(values, n.value ?? '', locale)}`,
    text: n.text,
    visibility: n.visibility,
    visibilityText: translate(locale, `feedback.visibility.${n.visibility}`),
    day: n.day,
    mine: n.toId === readerId,
  }));
}

const newestFirst = (a: Feedback, b: Feedback) => b.createdAt.getTime() - a.createdAt.getTime() || a._id.localeCompare(b._id);

/**
 * What /feedback shows a person: the notes they received and gave, and the notes colleagues of their
 * unit chose to share with it.
 */
export async function myFeedback(user: CurrentUser, locale: Locale): Promise<{ received: FeedbackNoteView[]; given: FeedbackNoteView[]; shared: FeedbackNoteView[] }> {
  const reader = await feedbackReader(user);
  const policy = await recognitionPolicyInForce();
  const [received, given, unitPeople] = await Promise.all([
    FeedbackModel.find({ toId: user.id }).lean(),
    FeedbackModel.find({ fromId: user.id }).lean(),
    reader.unitId ? PersonModel.find({ unitId: reader.unitId, active: true }, { _id: 1 }).lean() : [],
  ]);
  const colleagues = unitPeople.map((p) => p._id).filter((id) => id !== user.id);
  const sharedNotes = colleagues.length > 0 ? await FeedbackModel.find({ toId: { $in: colleagues }, visibility: 'unit' }).lean() : [];
  const words = (notes: Feedback[]) => notesInWords(notes.sort(newestFirst), policy.body.values, locale, user.id);
  return {
    received: await words(received),
    given: await words(given),
    shared: await words((await readableNotes(reader, sharedNotes)).filter((n) => n.fromId !== user.id)),
  };
}

/** The notes one person received that this reader may read (their manager: all; a unit colleague: the shared ones). */
export async function feedbackOfPerson(user: CurrentUser, personId: string, locale: Locale): Promise<FeedbackNoteView[] | null> {
  const policy = await recognitionPolicyInForce();
  const notes = await readableNotes(await feedbackReader(user), await FeedbackModel.find({ toId: personId }).lean());
  if (notes.length === 0 && !(await PersonModel.exists({ _id: personId }))) return null;
  return notesInWords(notes.sort(newestFirst), policy.body.values, locale, user.id);
}
