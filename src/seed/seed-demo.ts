import bcrypt from 'bcryptjs';
import { OrgUnitModel } from '../db/models/org-unit';
import { PersonModel } from '../db/models/person';
import { DEMO_PASSWORD, demoPeople, demoUnits, type DemoPerson } from './demo-org';
import { DEMO_GOAL_CYCLE, seedUnitGoals } from './unit-goals';

/**
 * Writes the demo institution. Upserts by id; a password someone already changed is kept, and so
 * is a departure recorded since (`active: false`: the demo story's leaver stays left).
 * Returns the people as seeded.
 */
export async function seedDemoOrg(): Promise<DemoPerson[]> {
  const people = demoPeople();
  const existing = new Set((await PersonModel.find({}, { _id: 1 }).lean()).map((p) => p._id));
  const toHash = people.filter((p) => !existing.has(p._id));
  const hashes = await Promise.all(toHash.map(() => bcrypt.hash(DEMO_PASSWORD, 10)));
  const hashById = new Map(toHash.map((p, i) => [p._id, hashes[i]!]));
  await PersonModel.bulkWrite(people.map((person) => {
    const { _id, active, ...fields } = person;
    const hash = hashById.get(_id);
    return {
      updateOne: {
        filter: { _id },
        update: { $set: fields, $setOnInsert: { active, ...(hash ? { passwordHash: hash } : {}) } },
        upsert: true,
      },
    };
  }));
  await OrgUnitModel.bulkWrite(demoUnits(people).map(({ _id, ...fields }) => ({
    updateOne: { filter: { _id }, update: { $set: fields }, upsert: true },
  })));
  await seedUnitGoals(DEMO_GOAL_CYCLE);
  return people;
}
