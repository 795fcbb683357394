import { Router } from 'express';
import { changePassword } from '../auth/change-password';
import { requireUser } from '../current-user';
import { readBody } from '../request-body';
import type { RateLimits } from '../security/rate-limits';

export function meRoutes(limits: RateLimits): Router {
  const router = Router();
  router.post('/api/me/password', requireUser, limits.writes, async (req, res) => {
    const body = readBody(req.body, {
      currentPassword: { type: 'string', required: true, maxLength: 200 },
      newPassword: { type: 'string', required: true, maxLength: 200 },
    });
    await changePassword(req.user!, body.currentPassword, body.newPassword, req.sessionID);
    res.status(204).end();
  });
  return router;
}
