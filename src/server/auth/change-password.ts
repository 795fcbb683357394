import bcrypt from 'bcryptjs';
import { recordAudit } from '../../platform/audit/record-audit';
import { PersonModel } from '../../db/models/person';
import { retryOnBusy } from '../../db/retry-on-busy';
import type { CurrentUser } from '../current-user';
import { badRequest, busy, HttpError } from '../http-errors';
import { oneWriterAtATime } from '../../db/document-lock';
import { endOtherSessions } from '../session-store';
import { passwordProblems } from './password-rules';
import { attemptFailed, attemptSucceeded, startAttempt } from './sign-in-lockout';

/** New passwords cost more to hash than the demo seed's (10), which is tuned for a fast start. */
const BCRYPT_COST = 12;

const lockedError = (retryAfterMs: number) =>
  new HttpError(429, `too many wrong passwords for this account; try again in ${Math.max(1, Math.ceil(retryAfterMs / 60_000))} minutes`);

/**
 * Replaces a person's password after checking the current one. A wrong current password counts
 * towards the sign-in lockout, so a borrowed session cannot be used to guess it.
 */
export async function changePassword(user: CurrentUser, currentPassword: string, newPassword: string, sessionId: string): Promise<void> {
  const problems = passwordProblems(newPassword, user.username, currentPassword);
  if (problems.length > 0) throw badRequest('the new password does not meet the rules', problems);
  // Two changes at once would both find the current password right and both replace it: the
  // second waits for the first, and then finds the password changed.
  await oneWriterAtATime(`person:${user.id}:password`, () => changeOnce(user, currentPassword, newPassword, sessionId), () => busy('password'));
}

async function changeOnce(user: CurrentUser, currentPassword: string, newPassword: string, sessionId: string): Promise<void> {
  const attempt = await startAttempt(user.username);
  if (attempt.locked) throw lockedError(attempt.retryAfterMs);
  const person = await PersonModel.findById(user.id, { passwordHash: 1 }).lean();
  if (person && await bcrypt.compare(newPassword, person.passwordHash) && !(await bcrypt.compare(currentPassword, person.passwordHash))) {
    // The same change sent twice (a double click, a retry): the first made it. Not a wrong guess.
    throw new HttpError(409, 'the password was just changed to this one by another request', [{ field: 'newPassword', code: 'already-changed', message: 'this is already your password' }]);
  }
  if (!person || !(await bcrypt.compare(currentPassword, person.passwordHash))) {
    const after = await attemptFailed(user.username);
    await recordAudit({ actor: user.id, action: 'person.password-change-refused', subject: { type: 'person', id: user.id }, details: { reason: 'wrong-current-password' } });
    if (after.locked) throw lockedError(after.retryAfterMs);
    throw badRequest('the current password is not right', [{ field: 'currentPassword', code: 'wrong', message: 'the current password is not right' }]);
  }
  await attemptSucceeded(user.username);

  const passwordHash = await bcrypt.hash(newPassword, BCRYPT_COST);
  await retryOnBusy(() => PersonModel.updateOne({ _id: user.id }, { $set: { passwordHash } }));
  // Whoever else holds a session of this person (a forgotten browser, a thief) is signed out.
  const endedSessions = await endOtherSessions(user.id, sessionId);
  // No digest of the hash: the log keeps that the password changed, never anything derived from it.
  await recordAudit({ actor: user.id, action: 'person.password-changed', subject: { type: 'person', id: user.id }, details: { endedSessions } });
}
