import { Router } from 'express';
import { DevelopmentPlanModel } from '../../db/models/development-plan';
import { PersonModel } from '../../db/models/person';
import { PERSON_ID } from '../../domain/ids';
import { mayReadCaseOf } from '../access/case-access';
import { requireUser } from '../current-user';
import { markProgress } from '../development/mark-progress';
import { plansOf } from '../development/plan-view';
import { unitShares } from '../development/unit-shares';
import { notFound } from '../http-errors';
import { localeOf } from '../i18n';
import type { RateLimits } from '../security/rate-limits';
import { render } from '../views';

/** How many direct reports' plans the page lists. */
const MAX_REPORTS = 100;

/**
 * Development plans from feedback meetings (the feedback-meeting flow writes them):
 *   GET  /development                                 the page: my plan (with progress), my reports' plans, HR's view by unit
 *   GET  /api/development/plans/:personId             a person's plans, read as their review cases are (mayReadCaseOf)
 *   POST /api/development/items/:itemId/progress      the employee marks an item: { status, note? }
 *   GET  /api/development/units                       per unit, people with a plan, items and the share done (HR, auditors, admins; HRBPs their units)
 */
export function developmentRoutes(limits: RateLimits): Router {
  const router = Router();

  router.get('/development', requireUser, async (req, res) => {
    const user = req.user!;
    const locale = localeOf(req);
    const reports = await PersonModel.find({ managerId: user.id, active: true }, { _id: 1 }).limit(MAX_REPORTS).lean();
    const withPlans = [...new Set((await DevelopmentPlanModel.find({ personId: { $in: reports.map((r) => r._id) } }, { personId: 1 }).lean()).map((p) => p.personId))].sort();
    const [mine, team, units] = await Promise.all([
      plansOf(user.id, locale),
      Promise.all(withPlans.map(async (personId) => ({ personId, plans: await plansOf(personId, locale) }))),
      unitShares(user, locale),
    ]);
    render(req, res, 'development', { title: 'development', mine, team, units, statuses: ['not-started', 'in-progress', 'done'] });
  });

  router.get('/api/development/plans/:personId', requireUser, async (req, res) => {
    const personId = String(req.params.personId);
    const person = PERSON_ID.test(personId) ? await PersonModel.findById(personId, { managerId: 1, unitId: 1, name: 1 }).lean() : null;
    if (!person || !(await mayReadCaseOf(req.user!, person))) throw notFound('person');
    res.json({ personId, name: person.name, plans: await plansOf(personId, localeOf(req)) });
  });

  router.post('/api/development/items/:itemId/progress', requireUser, limits.writes, async (req, res) => {
    const { item, replayed } = await markProgress(String(req.params.itemId), req.body, req.user!, localeOf(req));
    res.status(replayed ? 200 : 201).json({ item: { id: item._id, status: item.status, progress: item.progress }, replayed });
  });

  router.get('/api/development/units', requireUser, async (req, res) => {
    const units = await unitShares(req.user!, localeOf(req));
    if (units === null) throw notFound('page');
    res.json({ units });
  });
  return router;
}
