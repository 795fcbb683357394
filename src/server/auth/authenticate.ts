import bcrypt from 'bcryptjs';
import { recordAudit } from '../../platform/audit/record-audit';
import { PersonModel, type Person } from '../../db/models/person';
import { attemptFailed, attemptSucceeded, startAttempt } from './sign-in-lockout';

export type SignInOutcome =
  | { ok: true; person: Person }
  | { ok: false; reason: 'wrong' }
  | { ok: false; reason: 'locked'; retryAfterSeconds: number };

// A well-formed hash that matches nothing, so an unknown user name costs a full comparison too.
const NO_SUCH_HASH = '$2b$10$invalidinvalidinvalidinvalidinvalidinvalidinvalidinva';

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Checks a user name and password against the local accounts, with the lockout. Unknown names are
 * treated exactly like known ones (compared, counted, locked), so no answer tells who exists.
 */
export async function authenticate(username: string, password: string): Promise<SignInOutcome> {
  const refused = (reason: string) => recordAudit({ actor: 'anonymous', action: 'session.sign-in-refused', subject: { type: 'username', id: username }, details: { reason } });
  const attempt = await startAttempt(username);
  if (attempt.locked) {
    await refused('locked');
    return { ok: false, reason: 'locked', retryAfterSeconds: seconds(attempt.retryAfterMs) };
  }
  const person = await PersonModel.findOne({ username, active: true }).lean();
  const ok = await bcrypt.compare(password, person?.passwordHash ?? NO_SUCH_HASH);
  if (ok && person) {
    await attemptSucceeded(username);
    await recordAudit({ actor: person._id, action: 'session.signed-in', subject: { type: 'person', id: person._id } });
    return { ok: true, person };
  }
  const after = await attemptFailed(username);
  await refused('wrong-credentials');
  if (!after.locked) return { ok: false, reason: 'wrong' };
  await recordAudit({ actor: 'anonymous', action: 'session.locked', subject: { type: 'username', id: username }, details: { failures: after.failures, retryAfterSeconds: seconds(after.retryAfterMs) } });
  return { ok: false, reason: 'locked', retryAfterSeconds: seconds(after.retryAfterMs) };
}
