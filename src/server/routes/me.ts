import { Router } from 'express';
import { changePassword } from '../auth/change-password';
import { CYCLE_ID } from '../../platform/cases/launch-reviews';
import { requireUser } from '../current-user';
import { notFound } from '../http-errors';
import { localeOf, translate } from '../i18n';
import { appealFilingForm } from '../me/appeal-form';
import { myCycles, myOverview, myUnitCalibrations } from '../me/overview';
import { readBody } from '../request-body';
import { PASSWORD_CHANGE } from '../request-bodies';
import type { RateLimits } from '../security/rate-limits';
import { render } from '../views';
import { mailPreferences, saveMailPreferences } from '../mail/mail-admin';

/**
 * /me and /api/me/…: the signed-in person's own things. "My performance" for a cycle (the page and
 * the JSON behind it) reads only their records; a cycle they have no review in answers 404 like any
 * unknown one. And their password.
 */
export function meRoutes(limits: RateLimits): Router {
  const router = Router();

  router.get('/api/me/overview/:cycle', requireUser, async (req, res) => {
    const cycle = String(req.params.cycle);
    const overview = CYCLE_ID.test(cycle) ? await myOverview(req.user!, cycle, localeOf(req)) : null;
    if (!overview) throw notFound('review');
    res.json(overview);
  });

  router.get('/me', requireUser, async (req, res) => {
    const [cycles, boards] = await Promise.all([myCycles(req.user!.id), myUnitCalibrations(req.user!.id)]);
    const asked = typeof req.query.cycle === 'string' ? req.query.cycle : undefined;
    const cycle = asked ?? cycles[0]?.cycle;
    const title = translate(localeOf(req), 'me.title');
    const mail = await mailPreferences(req.user!.id);
    if (!cycle) return render(req, res, 'me', { title, cycles, boards, overview: null, mail });
    const overview = CYCLE_ID.test(cycle) ? await myOverview(req.user!, cycle, localeOf(req)) : null;
    if (!overview) throw notFound('review');
    const appealOpen = Boolean(overview.appeal?.window?.open && !overview.appeal.appeal);
    render(req, res, 'me', {
      title,
      cycles: cycles.map((c) => ({ ...c, selected: c.cycle === cycle })),
      overview,
      boards,
      appealOpen,
      mail,
      withFormio: appealOpen,
      clientData: { cycle, form: appealOpen ? await appealFilingForm() : null },
    });
  });

  // The person's mail settings (mail/mail-admin.ts): immediate, digest or off per category.
  router.get('/api/me/mail-preferences', requireUser, async (req, res) => {
    res.json(await mailPreferences(req.user!.id));
  });
  router.put('/api/me/mail-preferences', requireUser, limits.writes, async (req, res) => {
    res.json(await saveMailPreferences(req.user!.id, req.body));
  });

  router.post('/api/me/password', requireUser, limits.writes, async (req, res) => {
    const body = readBody(req.body, PASSWORD_CHANGE);
    await changePassword(req.user!, body.currentPassword, body.newPassword, req.sessionID);
    res.status(204).end();
  });
  return router;
}
