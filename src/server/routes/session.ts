import { Router, type Request } from 'express';
import bcrypt from 'bcryptjs';
import { recordAudit } from '../../audit/record-audit';
import { PersonModel } from '../../db/models/person';
import { toCurrentUser } from '../current-user';
import { render } from '../views';

async function authenticate(username: unknown, password: unknown) {
  if (typeof username !== 'string' || typeof password !== 'string' || username.length > 100 || password.length > 200) return null;
  const person = await PersonModel.findOne({ username, active: true }).lean();
  // Compare even when nobody has that name, so the answer takes as long either way.
  const ok = await bcrypt.compare(password, person?.passwordHash ?? '$2b$10$invalidinvalidinvalidinvalidinvalidinvalidinvalidinva');
  await recordAudit(ok && person
    ? { actor: person._id, action: 'session.signed-in', subject: { type: 'person', id: person._id } }
    : { actor: 'anonymous', action: 'session.sign-in-refused', subject: { type: 'username', id: username } });
  return ok && person ? person : null;
}

function signIn(req: Request, userId: string): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err) => {
    if (err) return reject(err);
    req.session.userId = userId;
    req.session.save((saveErr) => (saveErr ? reject(saveErr) : resolve()));
  }));
}

/** Only same-site relative paths: a login link must not send people elsewhere. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : '/inbox';
}

export function sessionRoutes(): Router {
  const router = Router();

  router.get('/login', (req, res) => render(req, res, 'login', { next: safeNext(req.query.next) }));

  router.post('/login', async (req, res) => {
    const person = await authenticate(req.body?.username, req.body?.password);
    if (!person) return render(req, res, 'login', { failed: true, username: String(req.body?.username ?? ''), next: safeNext(req.body?.next) }, 401);
    await signIn(req, person._id);
    res.redirect(303, safeNext(req.body?.next));
  });

  router.post('/api/session', async (req, res) => {
    const person = await authenticate(req.body?.username, req.body?.password);
    if (!person) {
      res.status(401).json({ error: 'the user name or password is not right' });
      return;
    }
    await signIn(req, person._id);
    res.json({ user: toCurrentUser(person) });
  });

  const signOut = (req: Request, done: () => void) => req.session.destroy(() => done());
  router.post('/logout', (req, res) => signOut(req, () => res.redirect(303, '/login')));
  router.delete('/api/session', (req, res) => signOut(req, () => res.status(204).end()));
  return router;
}
