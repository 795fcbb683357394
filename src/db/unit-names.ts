import { TtlCache } from '../lib/ttl-cache';
import { OrgUnitModel, type OrgUnit } from './models/org-unit';

/**
 * Org units' names by id, read once per NAME_MS by this process, as person cards are
 * (person-cards.ts). Every task page names the unit of the person its case is about: a read by id
 * per page, for the same few units over and over (the inbox bench: 1,487 reads in 40 s). A renamed
 * unit shows here within NAME_MS.
 */
const NAME_MS = 5_000;
const names = new TtlCache<Promise<OrgUnit['name'] | null>>(NAME_MS, 5_000);

export function unitName(id: string): Promise<OrgUnit['name'] | null> {
  const kept = names.get(id);
  if (kept) return kept;
  const read = OrgUnitModel.findById(id, { name: 1 }).lean().exec().then((unit) => unit?.name ?? null);
  names.set(id, read);
  read.catch(() => names.delete(id));
  return read;
}
