import { Schema, model } from 'mongoose';

/**
 * One sign-in attempt that has not succeeded (yet). Each attempt is its own inserted document and a
 * success deletes the user name's attempts: a counter that concurrent requests update would lose
 * increments on FerretDB (README, "One writer per document"). Kept for unknown user names too, so a
 * lock says nothing about who exists.
 */
export interface SignInAttempt {
  _id: string;
  username: string;
  at: Date;
}

const signInAttemptSchema = new Schema<SignInAttempt>({
  _id: { type: String, required: true },
  username: { type: String, required: true, index: true },
  at: { type: Date, required: true },
}, { versionKey: false });

export const SignInAttemptModel = model<SignInAttempt>('SignInAttempt', signInAttemptSchema, 'signInAttempts');
