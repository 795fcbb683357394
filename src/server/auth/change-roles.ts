import { recordAudit } from '../../platform/audit/record-audit';
import { PersonModel, ROLES, type Role } from '../../db/models/person';
import { retryOnBusy } from '../../db/retry-on-busy';
import type { FieldProblem } from '../forms/validate-submission';
import { forgetSignedInUser, type CurrentUser } from '../current-user';
import { badRequest, busy, HttpError, notFound } from '../http-errors';
import { oneWriterAtATime } from '../../db/document-lock';

/** Employee and manager are not granted: everyone is an employee, and managers follow from the org chart. */
const DERIVED = ['employee', 'manager'];

/** The roles as a set in the order ROLES lists them, or a 400 naming each entry that is not a role. */
export function readRoles(requested: string[]): Role[] {
  const problems: FieldProblem[] = [];
  requested.forEach((role, i) => {
    if ((ROLES as readonly string[]).includes(role)) return;
    problems.push({
      field: `roles[${i}]`, code: 'unknown',
      message: DERIVED.includes(role)
        ? `${role} is not granted: it follows from the org chart`
        : `not a role; the roles are ${ROLES.join(', ')}`,
    });
  });
  if (problems.length > 0) throw badRequest('the roles are not valid', problems);
  return ROLES.filter((role) => requested.includes(role));
}

export interface RoleChange {
  personId: string;
  before: Role[];
  roles: Role[];
  changed: boolean;
}

/**
 * Sets a person's roles (an admin's act) and records before and after. An admin cannot take away
 * their own admin role, so there is always one admin left to put things right.
 *
 * The changed person's sessions see the change on their next request on this server node; other
 * nodes cache a signed-in person for up to 5 s (current-user.ts).
 */
export async function changeRoles(admin: CurrentUser, personId: string, requested: string[]): Promise<RoleChange> {
  const roles = readRoles(requested);
  // Each change reads the roles it replaces: two at once would both record the same "before".
  return oneWriterAtATime(`person:${personId}:roles`, () => changeOnce(admin, personId, roles), () => busy('person\'s roles'));
}

async function changeOnce(admin: CurrentUser, personId: string, roles: Role[]): Promise<RoleChange> {
  const person = await PersonModel.findById(personId, { roles: 1 }).lean();
  if (!person) throw notFound('person');
  if (personId === admin.id && person.roles.includes('admin') && !roles.includes('admin')) {
    throw new HttpError(409, 'you cannot remove your own admin role; another admin can', [{ field: 'roles', code: 'own-admin', message: 'keep admin in your own roles' }]);
  }
  const before = ROLES.filter((role) => person.roles.includes(role));
  const changed = before.join(',') !== roles.join(',');
  if (!changed) return { personId, before, roles, changed };
  await retryOnBusy(() => PersonModel.updateOne({ _id: personId }, { $set: { roles } }));
  forgetSignedInUser(personId);
  await recordAudit({
    actor: admin.id, action: 'person.roles-changed', subject: { type: 'person', id: personId },
    before: { roles: before }, after: { roles },
    details: { before, after: roles, added: roles.filter((r) => !before.includes(r)), removed: before.filter((r) => !roles.includes(r)) },
  });
  return { personId, before, roles, changed };
}
