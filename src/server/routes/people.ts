import { Router } from 'express';
import { PERSON_ID } from '../../domain/ids';
import { changeRoles } from '../auth/change-roles';
import { requireRole, requireUser } from '../current-user';
import { notFound } from '../http-errors';
import { readBody } from '../request-body';
import { ROLE_CHANGE } from '../request-bodies';
import type { RateLimits } from '../security/rate-limits';

export function peopleRoutes(limits: RateLimits): Router {
  const router = Router();
  // PUT: the body is the whole set of roles the person has afterwards; sending it twice changes nothing more.
  router.put('/api/people/:personId/roles', requireUser, requireRole('admin'), limits.writes, async (req, res) => {
    const { roles } = readBody(req.body, ROLE_CHANGE);
    const personId = String(req.params.personId);
    if (!PERSON_ID.test(personId)) throw notFound('person');
    const change = await changeRoles(req.user!, personId, roles);
    res.json(change);
  });
  return router;
}
