import { TtlCache } from '../lib/ttl-cache';
import { PersonModel, type Person } from './models/person';

/** What pages and forms show of another person: never the password hash or the e-mail address. */
export type PersonCard = Pick<Person, '_id' | 'name' | 'title' | 'unitId' | 'managerId' | 'active'>;

/**
 * People by id, read once per CARD_MS by this process. A task page, its form's options and the
 * calibration and bonus tables named the same people again and again: about 24 reads by `_id` per
 * review in the full-cycle bench. A change to a person (a new unit, a new manager, a new name)
 * shows here within CARD_MS, as it does for the signed-in user (current-user.ts).
 */
const CARD_MS = 5_000;
const cards = new TtlCache<Promise<PersonCard | null>>(CARD_MS, 20_000);

const CARD_FIELDS = { name: 1, title: 1, unitId: 1, managerId: 1, active: 1 };

/** The last name read of each person, for lists polled every few seconds (namesForLists). */
const lastNames = new Map<string, Person['name']>();
const LAST_NAMES_MAX = 20_000;

function keep(id: string, card: Promise<PersonCard | null>): Promise<PersonCard | null> {
  cards.set(id, card);
  card.then((found) => {
    lastNames.delete(id);
    if (!found) return;
    if (lastNames.size >= LAST_NAMES_MAX) lastNames.delete(lastNames.keys().next().value!);
    lastNames.set(id, found.name);
  }, () => cards.delete(id));
  return card;
}

export function personCard(id: string): Promise<PersonCard | null> {
  return cards.get(id) ?? keep(id, PersonModel.findById(id, CARD_FIELDS).lean<PersonCard>().exec());
}

/**
 * Cards of these people by id; unknown ids are left out. Those not kept are read in one query: an
 * inbox names the subject of each of up to 200 tasks, and a read by id each made an HR officer's
 * inbox poll 200 store round trips once the cards had expired (the inbox bench, 10,000 open tasks).
 */
export async function personCards(ids: string[]): Promise<Map<string, PersonCard>> {
  const unique = [...new Set(ids)];
  const missing = unique.filter((id) => !cards.get(id));
  if (missing.length > 1) {
    const batch = PersonModel.find({ _id: { $in: missing } }, CARD_FIELDS).lean<PersonCard[]>().exec()
      .then((found) => new Map(found.map((card) => [card._id, card])));
    for (const id of missing) keep(id, batch.then((byId) => byId.get(id) ?? null));
  }
  const found = await Promise.all(unique.map(async (id) => [id, await personCard(id)] as const));
  return new Map(found.filter((entry): entry is readonly [string, PersonCard] => entry[1] !== null));
}

export async function personName(id: string): Promise<Person['name'] | undefined> {
  return (await personCard(id))?.name;
}

/** Names of these people by id; unknown ids are left out. */
export async function personNames(ids: string[]): Promise<Map<string, Person['name']>> {
  return new Map([...await personCards(ids)].map(([id, card]) => [id, card.name]));
}

/**
 * Names for a list that is polled every few seconds (the inbox): a name read before is shown as
 * read while it is read again in the background, so one poll every CARD_MS does not wait for the
 * store to name two hundred people. Only for showing: anything deciding on a person reads its card.
 */
export async function namesForLists(ids: string[]): Promise<Map<string, Person['name']>> {
  const unique = [...new Set(ids)];
  const known = unique.filter((id) => lastNames.has(id));
  const expired = known.filter((id) => !cards.get(id));
  if (expired.length > 0) void personCards(expired).catch(() => undefined);
  const names = await personNames(unique.filter((id) => !lastNames.has(id)));
  for (const id of known) names.set(id, lastNames.get(id)!);
  return names;
}
