import mongoose from 'mongoose';
import { profileStore } from './store-profile';

/**
 * One connection per process. autoIndex builds the indexes each model declares, which both
 * MongoDB and FerretDB support (no TTL, no text indexes: see docs/architecture.md, "Store limits").
 */
export async function connectStore(uri: string): Promise<typeof mongoose> {
  mongoose.set('strictQuery', true);
  // Otherwise every query takes a stack trace (`new Error().stack`), kept only to word a "query was
  // already executed" error we never make: 2 s of the server's CPU on the full-cycle bench.
  mongoose.set('skipOriginalStackTraces', true);
  const profileFile = process.env.STORE_PROFILE;
  await mongoose.connect(uri, { serverSelectionTimeoutMS: 15_000, monitorCommands: Boolean(profileFile) });
  if (profileFile) profileStore(mongoose, profileFile);
  await Promise.all(Object.values(mongoose.models).map((model) => model.init()));
  return mongoose;
}

export async function disconnectStore(): Promise<void> {
  await mongoose.disconnect();
}
