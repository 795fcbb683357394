import { Router } from 'express';
import { PersonGoalModel, personGoals, unitGoalCascade, unitGoalsOfCycle } from '../../db/models/goal';
import { OrgUnitModel } from '../../db/models/org-unit';
import { PersonModel, type Person } from '../../db/models/person';
import { mayReadCaseOf } from '../access/case-access';
import { mayReadUnit } from '../access/unit-access';
import { CYCLE_ID } from '../cases/launch-reviews';
import { requireUser } from '../current-user';
import { notFound } from '../http-errors';

const ID = /^[A-Za-z0-9_-]{1,80}$/;

/** The people goals are read about, each once, with what access decisions need. */
function personReader() {
  const cache = new Map<string, Promise<Pick<Person, '_id' | 'name' | 'managerId' | 'unitId'> | null>>();
  return (id: string) => {
    if (!cache.has(id)) cache.set(id, PersonModel.findById(id, { name: 1, managerId: 1, unitId: 1 }).lean().exec());
    return cache.get(id)!;
  };
}

export function goalRoutes(): Router {
  const router = Router();
  router.use(['/api/goals', '/api/unit-goals'], requireUser);

  /** A person's approved goals in a cycle, each with its unit goal and the strategy above it. */
  router.get('/api/goals/:cycle/:personId', async (req, res) => {
    const { cycle, personId } = req.params as { cycle: string; personId: string };
    const person = CYCLE_ID.test(cycle) && ID.test(personId) ? await PersonModel.findById(personId, { name: 1, managerId: 1, unitId: 1 }).lean() : null;
    // Someone whose case the reader may not see answers exactly like someone who does not exist.
    if (!person || !(await mayReadCaseOf(req.user!, person))) throw notFound('goals');
    const goals = await personGoals(cycle, personId);
    const withCascade = await Promise.all(goals.map(async (goal) => ({ ...goal, cascade: await unitGoalCascade(goal.unitGoalId) })));
    res.json({ cycle, person: { _id: person._id, name: person.name, unitId: person.unitId }, goals: withCascade });
  });

  /**
   * A unit's goals in a cycle with what serves each one below: the unit goals of other units that
   * name it as parent, and the people's goals linked to it that the reader may see.
   */
  router.get('/api/unit-goals/:cycle/:unitId', async (req, res) => {
    const { cycle, unitId } = req.params as { cycle: string; unitId: string };
    const unit = CYCLE_ID.test(cycle) && ID.test(unitId) ? await OrgUnitModel.findById(unitId, { name: 1, headId: 1, hrbpId: 1, parentId: 1 }).lean() : null;
    if (!unit || !(await mayReadUnit(req.user!, unit))) throw notFound('unit');
    const readPerson = personReader();
    // The goals serving one of this unit's are of the same cycle: read through its index, not by a scan on parentId.
    const cycleGoals = await unitGoalsOfCycle(cycle);
    const unitGoals = cycleGoals.filter((g) => g.unitId === unitId).sort((a, b) => a.code.localeCompare(b.code));
    const goals = await Promise.all(unitGoals.map(async (goal) => {
      const children = cycleGoals.filter((g) => g.parentId === goal._id).map(({ _id, unitId: childUnit, code, title }) => ({ _id, unitId: childUnit, code, title }));
      const [linked, cascade] = await Promise.all([
        PersonGoalModel.find({ unitGoalId: goal._id }).lean(),
        unitGoalCascade(goal.parentId ?? ''),
      ]);
      const visible = [];
      for (const personGoal of linked.sort((a, b) => a._id.localeCompare(b._id))) {
        const person = await readPerson(personGoal.personId);
        if (person && (await mayReadCaseOf(req.user!, person))) visible.push({ ...personGoal, person: { _id: person._id, name: person.name } });
      }
      return { ...goal, parents: cascade, unitGoals: children, personGoals: visible };
    }));
    res.json({ cycle, unit: { _id: unit._id, name: unit.name, parentId: unit.parentId }, goals });
  });
  return router;
}
