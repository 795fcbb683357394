import { Schema, model } from 'mongoose';
import { retryOnBusy } from '../retry-on-busy';
import { isDuplicateKey } from '../duplicate-key';

/**
 * A review cycle someone has launched, so HR, HRBPs, the committee and auditors can find its
 * dashboard without knowing its name. Written once, on the first launch of any of its reviews
 * (from the launch page or the API); later launches of the same cycle change nothing.
 */
export interface Cycle {
  _id: string; // the cycle, e.g. 2026-H2
  firstLaunchedAt: Date;
  firstLaunchedBy: string;
}

const cycleSchema = new Schema<Cycle>({
  _id: { type: String, required: true },
  firstLaunchedAt: { type: Date, required: true },
  firstLaunchedBy: { type: String, required: true },
}, { versionKey: false });

export const CycleModel = model<Cycle>('Cycle', cycleSchema, 'cycles');

export async function recordCycle(cycle: string, actor: string): Promise<void> {
  try {
    await retryOnBusy(() => CycleModel.updateOne({ _id: cycle }, { $setOnInsert: { firstLaunchedAt: new Date(), firstLaunchedBy: actor } }, { upsert: true }));
  } catch (error) {
    // Two first launches at once: the other one recorded it.
    if (!isDuplicateKey(error)) throw error;
  }
}

/** Newest first. A bank runs a few cycles a year, so reading them all is cheap. */
export async function launchedCycles(): Promise<Cycle[]> {
  return (await CycleModel.find({}).lean<Cycle[]>()).sort((a, b) => b.firstLaunchedAt.getTime() - a.firstLaunchedAt.getTime() || b._id.localeCompare(a._id));
}
