import { WriteBatcher } from '../../src/lib/write-batcher';

/** A write that the test answers by hand, so it decides when each round trip ends. */
function manualWrite() {
  const calls: Array<{ items: number[]; answer: (outs: string[]) => void; fail: (error: Error) => void }> = [];
  const write = (items: number[]) => new Promise<string[]>((answer, fail) => calls.push({ items, answer, fail }));
  return { calls, write };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('the first write goes at once; everything that arrives meanwhile goes in the next, one round trip', async () => {
  const { calls, write } = manualWrite();
  const batcher = new WriteBatcher(write);
  const first = batcher.add(1);
  const later = [batcher.add(2), batcher.add(3), batcher.add(4)];
  await settle();
  expect(calls.map((c) => c.items)).toEqual([[1]]);
  calls[0]!.answer(['one']);
  expect(await first).toBe('one');
  await settle();
  expect(calls.map((c) => c.items)).toEqual([[1], [2, 3, 4]]);
  calls[1]!.answer(['two', 'three', 'four']);
  expect(await Promise.all(later)).toEqual(['two', 'three', 'four']);
});

test('a failed round trip refuses its own items only; the next batch still goes', async () => {
  const { calls, write } = manualWrite();
  const batcher = new WriteBatcher(write);
  const first = batcher.add(1);
  const second = batcher.add(2);
  await settle();
  calls[0]!.fail(new Error('store down'));
  await expect(first).rejects.toThrow('store down');
  await settle();
  calls[1]!.answer(['two']);
  expect(await second).toBe('two');
});

test('a batch is at most maxBatch items, in arrival order', async () => {
  const { calls, write } = manualWrite();
  const batcher = new WriteBatcher(write, 2);
  const all = [1, 2, 3, 4, 5].map((n) => batcher.add(n));
  for (let round = 0; round < 3; round++) {
    await settle();
    const call = calls[round]!;
    call.answer(call.items.map(String));
  }
  expect(await Promise.all(all)).toEqual(['1', '2', '3', '4', '5']);
  expect(calls.map((c) => c.items)).toEqual([[1], [2, 3], [4, 5]]);
});

test('a write that answers the wrong number of results refuses the batch rather than mixing answers up', async () => {
  const batcher = new WriteBatcher(async (items: number[]) => items.slice(1).map(String));
  await expect(batcher.add(1)).rejects.toThrow('a batch of 1 writes answered 0 results');
});

test('idle waits for every write added so far, those queued behind a running one too', async () => {
  const { calls, write } = manualWrite();
  const batcher = new WriteBatcher(write);
  await batcher.idle();
  void batcher.add(1);
  void batcher.add(2);
  let idle = false;
  const waited = batcher.idle().then(() => { idle = true; });
  await settle();
  calls[0]!.answer(['one']);
  await settle();
  expect(idle).toBe(false);
  calls[1]!.answer(['two']);
  await waited;
  expect(idle).toBe(true);
});
