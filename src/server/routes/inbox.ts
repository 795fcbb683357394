import { Router } from 'express';
import { requireUser } from '../current-user';
import type { EngineClient } from '../engine-client';
import { badRequest } from '../http-errors';
import { filterInbox, inboxFor, readInboxFilter } from '../tasks/inbox';
import { render } from '../views';

/** /api/inbox and /inbox: the tasks waiting for the signed-in person, filtered and counted. */
export function inboxRoutes(engine: EngineClient): Router {
  const router = Router();
  router.use(['/api/inbox', '/inbox'], requireUser);

  router.get('/api/inbox', async (req, res) => {
    const { filter, problems } = readInboxFilter(req.query);
    if (problems.length > 0) throw badRequest('the filter is not valid', problems);
    const page = filterInbox(await inboxFor(engine, req.user!), filter);
    res.json({ items: page.items, total: page.total, counts: page.counts, filter: page.filter });
  });

  router.get('/inbox', async (req, res) => {
    // A page ignores a filter it does not understand (an old bookmark still opens the inbox).
    const { filter } = readInboxFilter(req.query);
    const page = filterInbox(await inboxFor(engine, req.user!), filter);
    render(req, res, 'inbox', { title: 'inbox', ...page, filtered: Object.keys(filter).some((k) => k !== 'sort'), submitted: req.query.submitted === '1', approved: typeof req.query.approved === 'string' && /^\d{1,3}$/.test(req.query.approved) ? Number(req.query.approved) : null });
  });
  return router;
}
