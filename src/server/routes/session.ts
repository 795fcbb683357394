import { Router, type Request, type Response } from 'express';
import { authenticate } from '../auth/authenticate';
import { toCurrentUser } from '../current-user';
import { HttpError } from '../http-errors';
import { readBody } from '../request-body';
import { CREDENTIALS, LOGIN_FORM } from '../request-bodies';
import type { FormTokens } from '../security/form-token';
import type { RateLimits } from '../security/rate-limits';
import { render } from '../views';
import { safeNext, startSession } from './support/sign-in';

/** The login form's fields, or null when they are not what the form sends (a page answers, not JSON). */
function formFields(body: unknown) {
  try {
    return readBody(body, LOGIN_FORM);
  } catch (error) {
    if (error instanceof HttpError) return null;
    throw error;
  }
}

const waitMinutes = (seconds: number) => Math.ceil(seconds / 60);

export function sessionRoutes(limits: RateLimits, formTokens: FormTokens): Router {
  const router = Router();
  const loginPage = (req: Request, res: Response, data: Record<string, unknown>, status: number) =>
    render(req, res, 'login', { next: safeNext(req.body?.next), username: typeof req.body?.username === 'string' ? req.body.username : '', ...data }, status);
  const formExpired = (req: Request, res: Response) => loginPage(req, res, { formExpired: true }, 403);

  router.get('/login', (req, res) => render(req, res, 'login', { next: safeNext(req.query.next) }));

  router.post('/login', formTokens.verify(formExpired), ...limits.signIn, async (req, res) => {
    const credentials = formFields(req.body);
    if (!credentials) return loginPage(req, res, { failed: true }, 400);
    const outcome = await authenticate(credentials.username, credentials.password);
    if (!outcome.ok && outcome.reason === 'locked') {
      res.set('Retry-After', String(outcome.retryAfterSeconds));
      return loginPage(req, res, { locked: true, waitMinutes: waitMinutes(outcome.retryAfterSeconds) }, 429);
    }
    if (!outcome.ok) return loginPage(req, res, { failed: true }, 401);
    await startSession(req, outcome.person._id);
    res.redirect(303, safeNext(credentials.next));
  });

  router.post('/api/session', ...limits.signIn, async (req, res) => {
    const credentials = readBody(req.body, CREDENTIALS);
    const outcome = await authenticate(credentials.username, credentials.password);
    if (!outcome.ok && outcome.reason === 'locked') {
      // The same answer whether or not the user name exists: unknown names are locked alike.
      res.set('Retry-After', String(outcome.retryAfterSeconds));
      res.status(429).json({ error: `too many failed sign-ins for this user name; try again in ${waitMinutes(outcome.retryAfterSeconds)} minutes`, retryAfterSeconds: outcome.retryAfterSeconds });
      return;
    }
    if (!outcome.ok) {
      res.status(401).json({ error: 'the user name or password is not right' });
      return;
    }
    await startSession(req, outcome.person._id);
    res.json({ user: toCurrentUser(outcome.person) });
  });

  const signOut = (req: Request, done: () => void) => req.session.destroy(() => done());
  router.post('/logout', formTokens.verify(formExpired), (req, res) => signOut(req, () => res.redirect(303, '/login')));
  router.delete('/api/session', (req, res) => signOut(req, () => res.status(204).end()));
  return router;
}
