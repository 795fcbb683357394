import { loadConfig } from '../../src/server/config';
import { connectStore, disconnectStore } from '../../src/db/connection';
import { PersonModel } from '../../src/db/models/person';
import { personCard, personNames } from '../../src/db/person-cards';

/**
 * An inbox names the subject of every task it lists (up to 200). Cards not kept are read in one
 * query, not one each: a read by id per subject made an HR officer's inbox 200 store round trips
 * (the inbox bench, 10,000 open tasks).
 */
const run = Date.now().toString(36);
const ids = Array.from({ length: 40 }, (_, i) => `cards-${run}-${i}`);

beforeAll(async () => {
  await connectStore(loadConfig().mongodbUri);
  await PersonModel.insertMany(ids.map((_id, i) => ({
    _id, username: `${_id}-u`, name: { en: `Card ${i}`, 'zh-CN': `卡片${i}` }, email: `${_id}@example.test`, unitId: 'U-CARDS', title: 'Officer', roles: [], passwordHash: 'x', locale: 'en', active: true,
  })));
});
afterAll(async () => {
  await PersonModel.deleteMany({ _id: { $in: ids } });
  await disconnectStore();
});
afterEach(() => jest.restoreAllMocks());

test('names of many people not yet read cost one query; unknown ids are left out; read again, they cost none', async () => {
  const find = jest.spyOn(PersonModel, 'find');
  const findById = jest.spyOn(PersonModel, 'findById');
  const asked = [...ids.slice(0, 30), `cards-${run}-nobody`, ids[0]!];
  const names = await personNames(asked);
  expect(names.size).toBe(30);
  expect(names.get(ids[7]!)).toEqual({ en: 'Card 7', 'zh-CN': '卡片7' });
  expect(names.has(`cards-${run}-nobody`)).toBe(false);
  expect(find).toHaveBeenCalledTimes(1);
  expect(findById).not.toHaveBeenCalled();

  // Kept: the same names and one of them by itself are answered without the store.
  expect((await personNames(ids.slice(0, 30))).size).toBe(30);
  expect((await personCard(ids[3]!))?.name.en).toBe('Card 3');
  expect(find).toHaveBeenCalledTimes(1);
  expect(findById).not.toHaveBeenCalled();
});

test('only the people not kept are read, in one query with the kept ones answered from memory', async () => {
  await personCard(ids[30]!);
  const find = jest.spyOn(PersonModel, 'find');
  const names = await personNames(ids.slice(30));
  expect([...names.keys()].sort()).toEqual([...ids.slice(30)].sort());
  expect(find).toHaveBeenCalledTimes(1);
  expect((find.mock.calls[0] as unknown[])[0]).toEqual({ _id: { $in: ids.slice(31) } });
});
