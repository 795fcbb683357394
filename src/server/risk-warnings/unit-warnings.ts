import type { BonusRound } from '../../db/models/bonus-round';
import { OrgUnitModel } from '../../db/models/org-unit';
import { PersonModel } from '../../db/models/person';
import type { CurrentUser } from '../current-user';
import type { Locale } from '../i18n';
import { readsAllWarnings } from './warning-access';
import { readableWarnings, warningsInWords } from './warning-view';

export type WarningsInWords = Awaited<ReturnType<typeof warningsInWords>>;

/**
 * The early warnings a page about one unit shows (its bonus round, its calibration board): those on
 * the people named, and those on the unit as a whole, each as warningsInWords tells it, read through
 * the same rules as /risk-warnings (warning-view.ts). `shown` is false for a reader who may read no
 * warning of the unit (neither a read-all role nor its head or HRBP): the page then says nothing
 * about warnings at all, not even that there are none, since "none" would be a claim it cannot make.
 */
export async function warningsOnUnit(user: CurrentUser, unitId: string, personIds: readonly string[], locale: Locale): Promise<{ shown: boolean; warnings: WarningsInWords }> {
  const unit = await OrgUnitModel.findById(unitId, { headId: 1, hrbpId: 1 }).lean();
  const managesSomeone = personIds.length > 0 && (await PersonModel.exists({ _id: { $in: [...personIds] }, managerId: user.id })) !== null;
  const shown = readsAllWarnings(user) || unit?.headId === user.id || unit?.hrbpId === user.id || managesSomeone;
  if (!shown) return { shown, warnings: [] };
  return { shown, warnings: await warningsInWords(await readableWarnings(user, { ...(personIds.length > 0 ? { personIds } : {}), unitId }), locale) };
}

/** The warnings' state per person, for a badge beside their name (a person's newest warning first: open ones sort first). */
export function warningStateOf(warnings: WarningsInWords): Map<string, { status: string; statusText: string }> {
  const states = new Map<string, { status: string; statusText: string }>();
  for (const w of warnings) if (w.personId && !states.has(w.personId)) states.set(w.personId, { status: w.status, statusText: w.statusText });
  return states;
}

/** Whom a round is about: the people allocated, or before allocation the unit's people. */
export async function peopleOfRound(round: BonusRound): Promise<string[]> {
  if (round.allocation) return round.allocation.people.map((p) => p.personId);
  return (await PersonModel.find({ unitId: round.unitId }, { _id: 1 }).lean()).map((p) => p._id);
}

/** Each allocated person's warning state beside their award (the awards table's badge). */
export function markWarned(detail: { allocation: { people: Array<{ personId: string }> } | null }, warnings: WarningsInWords): void {
  const states = warningStateOf(warnings);
  for (const person of detail.allocation?.people ?? []) Object.assign(person, { warning: states.get(person.personId) ?? null });
}
