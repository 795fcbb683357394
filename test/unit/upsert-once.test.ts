import { upsertOnce } from '../../src/db/duplicate-key';

const duplicate = () => Object.assign(new Error('E11000 duplicate key error collection: meritflow.reviewCases'), { code: 11000 });

describe('upsertOnce', () => {
  it('runs an upsert refused because a concurrent one inserted first again, and answers with what it then finds', async () => {
    let calls = 0;
    const result = await upsertOnce(async () => { calls++; if (calls === 1) throw duplicate(); return 'found'; });
    expect(result).toBe('found');
    expect(calls).toBe(2);
  });

  it('runs it again only once: a second refusal is not a race and is reported', async () => {
    let calls = 0;
    await expect(upsertOnce(async () => { calls++; throw duplicate(); })).rejects.toThrow(/E11000/);
    expect(calls).toBe(2);
  });

  it('does not run it again for any other error', async () => {
    let calls = 0;
    await expect(upsertOnce(async () => { calls++; throw new Error('validation failed'); })).rejects.toThrow('validation failed');
    expect(calls).toBe(1);
  });
});
