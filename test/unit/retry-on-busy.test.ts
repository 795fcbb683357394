import { retryOnBusy } from '../../src/db/retry-on-busy';

const busy = () => Object.assign(new Error('[collection.go:177 sqlite.(*collection).UpdateAll.func1] database is locked (5) (SQLITE_BUSY)'), { code: 1 });

describe('retryOnBusy', () => {
  it('runs an update again when the store answers SQLITE_BUSY, until it goes through', async () => {
    let calls = 0;
    const result = await retryOnBusy(async () => { calls++; if (calls < 3) throw busy(); return 'written'; });
    expect(result).toBe('written');
    expect(calls).toBe(3);
  });

  it('does not retry other errors: a duplicate key is an answer, not a hiccup', async () => {
    let calls = 0;
    const duplicate = Object.assign(new Error('E11000 duplicate key'), { code: 11000 });
    await expect(retryOnBusy(async () => { calls++; throw duplicate; })).rejects.toBe(duplicate);
    expect(calls).toBe(1);
  });

  it('gives up after the last attempt and reports the store error', async () => {
    let calls = 0;
    await expect(retryOnBusy(async () => { calls++; throw busy(); }, 4)).rejects.toThrow(/SQLITE_BUSY/);
    expect(calls).toBe(4);
  });
});
