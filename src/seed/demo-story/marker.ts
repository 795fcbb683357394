import { Schema, model } from 'mongoose';
import { retryOnBusy } from '../../db/retry-on-busy';

/**
 * What the demo story has finished: one document per finished step (`<story>/<step>`) and one for
 * the whole story (`<story>`, with `completedAt`). Separate documents, because the story's unit
 * threads finish steps at the same time and FerretDB may lose one of two concurrent updates of one
 * document. Read by `_id` only. A finished step is not looked at again; a completed story does
 * nothing at all on the next `npm start`.
 */
export interface DemoStoryMarker {
  _id: string;
  at: Date;
  /** On the story's own document: how long the run that completed it took, in seconds. */
  seconds?: number;
}

export const DemoStoryModel = model<DemoStoryMarker>('DemoStory', new Schema<DemoStoryMarker>({
  _id: { type: String, required: true },
  at: { type: Date, required: true },
  seconds: Number,
}, { versionKey: false, collection: 'demoStory' }));

export async function isDone(id: string): Promise<DemoStoryMarker | null> {
  return DemoStoryModel.findById(id).lean();
}

export async function markDone(id: string, seconds?: number): Promise<void> {
  await retryOnBusy(() => DemoStoryModel.updateOne({ _id: id }, { $set: { at: new Date(), ...(seconds !== undefined ? { seconds } : {}) } }, { upsert: true }));
}
