import mongoose from 'mongoose';
import { connectStore, disconnectStore } from '../../src/db/connection';

/**
 * Our FerretDB build hands equalities and `$in`s on plain strings to the backend as SQL
 * (scripts/lib/ferretdb-patches): to SQLite in the embedded store, to PostgreSQL on the cluster.
 * These are the cases where a careless pushdown would lose matches: a field holding an array that
 * contains the value, values of other types (which jsonb sorts apart), strings whose JSON text can
 * be written more than one way, mixed filters, updates and deletes. Every answer is checked against
 * the same filter evaluated here, document by document. `pushdownProbes` registers the tests.
 */

interface Probe {
  _id: string;
  cycle: string;
  unitId: string | string[] | boolean | number | Record<string, string>;
  name: string;
  active: boolean;
  rank: number;
}

const docs: Probe[] = Array.from({ length: 600 }, (_, i) => ({
  _id: `probe-${i}`,
  cycle: `2026-H${i % 6}`,
  // Arrays (one, two or no elements) and values of other types beside the strings: jsonb sorts them by type.
  unitId: i % 37 === 0 ? ['U-RETAIL', 'U-RISK'] : i % 41 === 0 ? ['U-OPS'] : i % 43 === 0 ? [] : i % 47 === 0 ? true : i % 53 === 0 ? 7 : i % 59 === 0 ? { name: 'U-RISK' } : `U-${['RETAIL', 'RISK', 'OPS', 'IB'][i % 4]}`,
  name: i % 5 === 0 ? '张<"x">&\\' : `Person ${i % 9}`,
  active: i % 2 === 0,
  rank: i % 3,
}));

type Filter = Record<string, unknown>;
const matchesValue = (field: unknown, value: unknown) => (Array.isArray(field) ? field.includes(value) : field === value);
function matches(doc: Probe, filter: Filter): boolean {
  return Object.entries(filter).every(([key, condition]) => {
    const field = doc[key as keyof Probe];
    if (condition && typeof condition === 'object' && '$in' in condition) return (condition.$in as unknown[]).some((v) => matchesValue(field, v));
    return matchesValue(field, condition);
  });
}
const expectedIds = (filter: Filter) => docs.filter((d) => matches(d, filter)).map((d) => d._id).sort();

let probes: mongoose.mongo.Collection<Probe>;

export function pushdownProbes(mongodbUri: () => string): void {
  beforeAll(async () => {
    await connectStore(mongodbUri());
    probes = mongoose.connection.db!.collection<Probe>('pushdownProbes');
    await probes.drop().catch(() => undefined);
    await probes.createIndex({ cycle: 1, unitId: 1 });
    await probes.insertMany(docs);
  });
  afterAll(async () => {
    await probes.drop().catch(() => undefined);
    await disconnectStore();
  });

  const filters: Filter[] = [
    { cycle: '2026-H1' },
    { cycle: '2026-H0', unitId: 'U-RISK' },
    { unitId: 'U-RISK' },
    { unitId: { $in: ['U-RISK', 'U-OPS'] } },
    { unitId: 'U-OPS' },
    { unitId: { $in: ['U-OPS', 'U-IB'] }, cycle: '2026-H1' },
    { name: '张<"x">&\\' },
    { name: { $in: ['张<"x">&\\', 'Person 3'] } },
    { name: 'Person 4', cycle: '2026-H4' },
    { unitId: 'U-RETAIL', active: true },
    { rank: 1, cycle: '2026-H2' },
    { _id: 'probe-74' },
    { _id: 'probe-74', cycle: '2026-H2' },
    { _id: 'probe-74', cycle: '2026-H3' },
    { _id: { $in: ['probe-1', 'probe-2', 'probe-none'] } },
    { cycle: 'no such cycle' },
  ];

  test.each(filters.map((f) => [JSON.stringify(f), f]))('find %s returns exactly the matching documents', async (_label, filter) => {
    const found = await probes.find(filter as mongoose.mongo.Filter<Probe>).toArray();
    expect(found.map((d) => d._id).sort()).toEqual(expectedIds(filter as Filter));
    expect(await probes.countDocuments(filter as mongoose.mongo.Filter<Probe>)).toBe(expectedIds(filter as Filter).length);
  });

  test('an update and a delete by cycle and unit reach the documents whose unit list holds the unit', async () => {
    const filter = { cycle: '2026-H0', unitId: 'U-RETAIL' };
    const expected = expectedIds(filter);
    expect(expected.some((id) => Array.isArray(docs.find((d) => d._id === id)!.unitId))).toBe(true);
    expect((await probes.updateMany(filter, { $set: { rank: 9 } })).modifiedCount).toBe(expected.length);
    expect((await probes.find({ rank: 9 }).toArray()).map((d) => d._id).sort()).toEqual(expected);
    expect((await probes.deleteMany(filter)).deletedCount).toBe(expected.length);
    expect(await probes.countDocuments({ cycle: '2026-H0' })).toBe(expectedIds({ cycle: '2026-H0' }).length - expected.length);
  });
}
