import { Router } from 'express';
import { requireUser } from '../current-user';
import { notFound } from '../http-errors';
import { localeOf, translate } from '../i18n';
import { isMailReader, outboxView } from '../mail/mail-admin';
import { render } from '../views';

/**
 * The outbox, for admins (see mail/mail-admin.ts):
 *   GET /outbox       the page: the mails the local sink received, and those not sent
 *   GET /api/outbox   the same as JSON
 * Everyone else gets "not found": a mail's text is about its reader.
 */
export function outboxRoutes(): Router {
  const router = Router();
  router.get('/outbox', requireUser, async (req, res) => {
    if (!isMailReader(req.user)) throw notFound('page');
    const view = await outboxView(localeOf(req));
    render(req, res, 'outbox', { title: translate(localeOf(req), 'outbox.title'), ...view });
  });
  router.get('/api/outbox', requireUser, async (req, res) => {
    if (!isMailReader(req.user)) throw notFound('outbox');
    res.json(await outboxView(localeOf(req)));
  });
  return router;
}
