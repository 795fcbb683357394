import { PersonGoalModel, personGoals, unitGoalCascade, unitGoalsOfCycle } from '../../db/models/goal';
import { OrgUnitModel, type OrgUnit } from '../../db/models/org-unit';
import { PersonModel, type Person } from '../../db/models/person';
import { mayReadCaseOf } from '../access/case-access';
import { mayReadUnit } from '../access/unit-access';
import { CYCLE_ID } from '../../platform/cases/launch-reviews';
import type { CurrentUser } from '../current-user';

const ID = /^[A-Za-z0-9_-]{1,80}$/;

type GoalPerson = Pick<Person, '_id' | 'name' | 'managerId' | 'unitId'>;

/** The people goals are read about, each once, with what access decisions need. */
function personReader() {
  const cache = new Map<string, Promise<GoalPerson | null>>();
  return (id: string) => {
    if (!cache.has(id)) cache.set(id, PersonModel.findById(id, { name: 1, managerId: 1, unitId: 1 }).lean().exec());
    return cache.get(id)!;
  };
}

/** The person whose goals these are, if the user may read their case; someone they may not see answers like someone who does not exist. */
export async function goalsPersonFor(user: CurrentUser, cycle: string, personId: string): Promise<GoalPerson | null> {
  const person = CYCLE_ID.test(cycle) && ID.test(personId) ? await PersonModel.findById(personId, { name: 1, managerId: 1, unitId: 1 }).lean() : null;
  return person && (await mayReadCaseOf(user, person)) ? person : null;
}

/** A person's approved goals in a cycle, each with its unit goal and the strategy above it. */
export async function personGoalsView(cycle: string, person: GoalPerson) {
  const goals = await personGoals(cycle, person._id);
  const withCascade = await Promise.all(goals.map(async (goal) => ({ ...goal, cascade: await unitGoalCascade(goal.unitGoalId) })));
  return { cycle, person: { _id: person._id, name: person.name, unitId: person.unitId }, goals: withCascade };
}

type GoalUnit = Pick<OrgUnit, '_id' | 'name' | 'headId' | 'hrbpId' | 'parentId'>;

/** The unit, if the user may read it. */
export async function goalsUnitFor(user: CurrentUser, cycle: string, unitId: string): Promise<GoalUnit | null> {
  const unit = CYCLE_ID.test(cycle) && ID.test(unitId) ? await OrgUnitModel.findById(unitId, { name: 1, headId: 1, hrbpId: 1, parentId: 1 }).lean() : null;
  return unit && (await mayReadUnit(user, unit)) ? unit : null;
}

/**
 * A unit's goals in a cycle with what serves each one below: the unit goals of other units that
 * name it as parent, and the people's goals linked to it that the reader may see.
 */
export async function unitGoalsView(user: CurrentUser, cycle: string, unit: GoalUnit) {
  const readPerson = personReader();
  // The goals serving one of this unit's are of the same cycle: read through its index, not by a scan on parentId.
  const cycleGoals = await unitGoalsOfCycle(cycle);
  const unitGoals = cycleGoals.filter((g) => g.unitId === unit._id).sort((a, b) => a.code.localeCompare(b.code));
  const goals = await Promise.all(unitGoals.map(async (goal) => {
    const children = cycleGoals.filter((g) => g.parentId === goal._id).map(({ _id, unitId: childUnit, code, title }) => ({ _id, unitId: childUnit, code, title }));
    const [linked, cascade] = await Promise.all([
      PersonGoalModel.find({ unitGoalId: goal._id }).lean(),
      unitGoalCascade(goal.parentId ?? ''),
    ]);
    const visible = [];
    for (const personGoal of linked.sort((a, b) => a._id.localeCompare(b._id))) {
      const person = await readPerson(personGoal.personId);
      if (person && (await mayReadCaseOf(user, person))) visible.push({ ...personGoal, person: { _id: person._id, name: person.name } });
    }
    return { ...goal, parents: cascade, unitGoals: children, personGoals: visible };
  }));
  return { cycle, unit: { _id: unit._id, name: unit.name, parentId: unit.parentId }, goals };
}
