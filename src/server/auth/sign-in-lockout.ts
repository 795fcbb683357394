import { randomUUID } from 'node:crypto';
import { SignInAttemptModel } from '../../db/models/sign-in-attempt';
import { retryOnBusy } from '../../db/retry-on-busy';

export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MS = 15 * 60 * 1000;
/** A streak this old no longer matters, so its documents are removed now and then. */
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

export type AttemptStart = { locked: false; attemptId: string } | { locked: true; retryAfterMs: number };

/**
 * Locked while the streak holds at least five failures and the newest is under 15 minutes old.
 * After the lock runs out one more try is allowed; if it fails, the lock starts again.
 */
function lockedUntil(streak: Array<{ at: Date }>, now: number): number | null {
  if (streak.length < LOCK_AFTER_FAILURES) return null;
  const until = Math.max(...streak.map((attempt) => attempt.at.getTime())) + LOCK_MS;
  return until > now ? until : null;
}

let lastPrune = 0;
function pruneNowAndThen(): void {
  if (Date.now() - lastPrune < 60 * 60 * 1000) return;
  lastPrune = Date.now();
  SignInAttemptModel.deleteMany({ at: { $lt: new Date(Date.now() - FORGET_AFTER_MS) } }).catch(() => { /* next time */ });
}

/**
 * Records the attempt before the password is checked: requests racing on one user name each see
 * the others, so a burst gets no more than about five guesses before the lock, not one per request.
 */
export async function startAttempt(username: string): Promise<AttemptStart> {
  pruneNowAndThen();
  const attemptId = randomUUID();
  await retryOnBusy(() => SignInAttemptModel.create({ _id: attemptId, username, at: new Date() }));
  const others = (await SignInAttemptModel.find({ username }, { at: 1 }).lean()).filter((a) => a._id !== attemptId);
  const until = lockedUntil(others, Date.now());
  if (until === null) return { locked: false, attemptId };
  // Knocking on a locked door does not count, so the lock ends 15 minutes after the fifth failure.
  await retryOnBusy(() => SignInAttemptModel.deleteOne({ _id: attemptId }));
  return { locked: true, retryAfterMs: until - Date.now() };
}

/** The attempt stays as a failure; says whether the user name is locked from now on. */
export async function attemptFailed(username: string): Promise<{ locked: boolean; retryAfterMs: number; failures: number }> {
  const streak = await SignInAttemptModel.find({ username }, { at: 1 }).lean();
  const until = lockedUntil(streak, Date.now());
  return { locked: until !== null, retryAfterMs: until === null ? 0 : until - Date.now(), failures: streak.length };
}

/** A success ends the streak. */
export async function attemptSucceeded(username: string): Promise<void> {
  await retryOnBusy(() => SignInAttemptModel.deleteMany({ username }));
}
