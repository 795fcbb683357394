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

export function personCard(id: string): Promise<PersonCard | null> {
  const cached = cards.get(id);
  if (cached) return cached;
  const card = PersonModel.findById(id, { name: 1, title: 1, unitId: 1, managerId: 1, active: 1 }).lean<PersonCard>().exec();
  cards.set(id, card);
  card.catch(() => cards.delete(id));
  return card;
}

export async function personName(id: string): Promise<Person['name'] | undefined> {
  return (await personCard(id))?.name;
}

/** Names of these people by id; unknown ids are left out. */
export async function personNames(ids: string[]): Promise<Map<string, Person['name']>> {
  const found = await Promise.all([...new Set(ids)].map(async (id) => [id, await personName(id)] as const));
  return new Map(found.filter((entry): entry is readonly [string, Person['name']] => entry[1] !== undefined));
}
