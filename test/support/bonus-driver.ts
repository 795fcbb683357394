import { CompensationModel, type RoleCategory } from '../../src/db/models/compensation';
import { MetricModel, metricId } from '../../src/db/models/metric';
import { OrgUnitModel } from '../../src/db/models/org-unit';
import { PersonModel } from '../../src/db/models/person';
import { standingRating } from '../../src/db/models/score';
import { DEMO_PASSWORD } from '../../src/seed/demo-org';
import { seedUnitGoals } from '../../src/seed/unit-goals';
import { createPerson, createUnit } from './fixtures';
import { HttpUser } from './http-user';
import { agreeGoals, checkIn, openTask, skipPeerFeedback, submit } from './review-driver';
import { eventually } from './stack';

/**
 * Gets a unit ready for a bonus round, as bonus-flow.test.ts and the process owner's journey need it:
 * a unit of its own with a head and members, their pay facts and the unit's pool metrics written as
 * data (their import is another flow), and each member's review driven over HTTP by its real actors
 * (review-driver.ts) until a standing rating exists.
 */
export interface BonusMember { id: string; username: string; rating: number; comp: { currency: string; fixedPayMinor: number; roleCategory: RoleCategory } }
export interface BonusUnit { id: string; head: HttpUser; members: BonusMember[]; basePoolMinor: number }
/** What a test made, to remove in its afterAll. */
export interface Created { people: string[]; units: string[] }

// Back office weights (createUnit makes back-office units): all 5 → 5.0 → A, all 4 → B, all 3 → C.
const assessment = (r: number) => ({ businessRating: r, riskRating: r, complianceRating: r, behaviourRating: r });
export const selfForm = (r: number) => ({ ...assessment(r), achievements: 'Bonus flow test' });
export const managerForm = (r: number) => ({ ...assessment(r), strengths: 'Steady', overallComment: 'Bonus flow test' });

export async function bonusUnit(baseUrl: string, cycle: string, prefix: string, basePoolMinor: number, members: Array<Omit<BonusMember, 'id' | 'username'>>, created: Created): Promise<BonusUnit> {
  const unitId = await createUnit({ prefix });
  const headPerson = await createPerson({ prefix: `${prefix}-head`, password: DEMO_PASSWORD, unitId });
  await OrgUnitModel.updateOne({ _id: unitId }, { $set: { headId: headPerson._id } });
  created.units.push(unitId);
  created.people.push(headPerson._id);
  const made: BonusMember[] = [];
  for (const [i, m] of members.entries()) {
    const person = await createPerson({ prefix: `${prefix}-m${i + 1}`, password: DEMO_PASSWORD, unitId, managerId: headPerson._id });
    created.people.push(person._id);
    await CompensationModel.create({ _id: person._id, ...m.comp, payGrade: 'G3', updatedAt: new Date(), source: { system: 'test', importedBy: 'test' } });
    made.push({ ...m, id: person._id, username: person.username });
  }
  // RAROC exactly at the 12 % hurdle: coefficient 1, so the pool is the base pool.
  const metrics = { bonusPoolBaseMinor: basePoolMinor, revenueMinor: 300_000_000, costsMinor: 150_000_000, expectedLossMinor: 30_000_000, economicCapitalMinor: 1_000_000_000 };
  for (const [key, value] of Object.entries(metrics)) {
    const scope = { type: 'unit' as const, id: unitId };
    await MetricModel.create({ _id: metricId(cycle, scope, key), cycle, scope, key, value, source: { system: 'test', importedBy: 'test', importedAt: new Date(), batchId: 'bonus-driver' } });
  }
  return { id: unitId, head: await HttpUser.signIn(baseUrl, headPerson.username), members: made, basePoolMinor };
}

/** One seeding per cycle: concurrent upserts of the same goals collide on their ids (E11000). */
const seeded = new Map<string, Promise<unknown>>();

/**
 * A launched review of a member, from goal setting to a standing rating: goals agreed with the head,
 * one check-in, self-assessment and manager assessment at the member's rating, no 360.
 */

export async function reviewToStandingRating(baseUrl: string, cycle: string, unit: BonusUnit, member: BonusMember): Promise<void> {
  if (!seeded.has(cycle)) seeded.set(cycle, seedUnitGoals(cycle)); // the test units sit under EXEC and take its goals
  await seeded.get(cycle);
  const employee = await HttpUser.signIn(baseUrl, member.username);
  const caseId = `${cycle}:${member.id}`;
  await agreeGoals(employee, unit.head, caseId);
  await checkIn(employee, caseId);
  const self = await openTask(employee, caseId, 'selfAssessment');
  await submit(employee, self.id, selfForm(member.rating));
  const managerTask = await skipPeerFeedback(unit.head, caseId);
  await submit(unit.head, managerTask, managerForm(member.rating));
  // After calibration is merged a review waits there; the standing rating is what a round reads.
  await eventually(`standing rating of ${member.id}`, () => standingRating(cycle, member.id), 90_000);
}

export async function removeCreated(created: Created): Promise<void> {
  await PersonModel.deleteMany({ _id: { $in: created.people } });
  await OrgUnitModel.deleteMany({ _id: { $in: created.units } });
}
