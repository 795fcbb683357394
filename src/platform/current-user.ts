import type { Person, Role } from '../db/models/person';

/** Who acts: the signed-in person on the server, or the person a command-line tool acts as. */
export interface CurrentUser {
  id: string;
  username: string;
  name: Person['name'];
  roles: Role[];
  /** The engine candidate groups this person belongs to: their roles. */
  groups: string[];
  locale: Person['locale'];
}

export function toCurrentUser(person: Pick<Person, '_id' | 'username' | 'name' | 'roles' | 'locale'>): CurrentUser {
  return { id: person._id, username: person.username, name: person.name, roles: person.roles, groups: [...person.roles], locale: person.locale };
}
