import { Router, type NextFunction, type Request, type Response } from 'express';
import { requireUser } from '../current-user';
import { forbidden, notFound } from '../http-errors';
import type { RateLimits } from '../security/rate-limits';
import { createPolicyVersion, editorForm, listPolicies, mayEditPolicies, mayReadPolicies, policyDetail } from '../policies/policy-versions';
import { render } from '../views';
import { loader } from './support/loader';

/**
 * The policy editor (see policies/policy-versions.ts for who may do what):
 *   GET  /policies                        the policies, each with the version in force
 *   GET  /policies/:key                   versions, the latest body as a form, preview, save
 *   GET  /api/policies/:key               the same as JSON
 *   POST /api/policies/:key/versions      { effectiveFrom, body } → a new version, or 400 with problems by field
 * Those who may not read policies get "not found".
 */
const readersOnly = (what: string) => (req: Request, _res: Response, next: NextFunction): void => {
  if (!mayReadPolicies(req.user)) throw notFound(what);
  next();
};

export function policyRoutes(limits: RateLimits): Router {
  const router = Router();
  const policy = loader((req) => policyDetail(String(req.params.key)), () => notFound('policy'));

  router.get('/policies', requireUser, readersOnly('page'), async (req, res) => {
    render(req, res, 'policies', { title: 'policies', policies: await listPolicies(), mayEdit: mayEditPolicies(req.user) });
  });

  router.get('/policies/:key', requireUser, readersOnly('page'), policy, (req, res) => {
    const detail = policy.of(req);
    const mayEdit = mayEditPolicies(req.user);
    const saved = typeof req.query.saved === 'string' && /^[1-9][0-9]{0,8}$/.test(req.query.saved) ? detail.versions.find((v) => v.version === Number(req.query.saved)) : undefined;
    render(req, res, 'policy', {
      title: 'policies', withFormio: true, policy: detail, mayEdit, saved,
      clientData: { key: detail.key, kind: detail.kind, mayEdit, latest: detail.latest, today: detail.today, form: editorForm(detail.key) },
    });
  });

  router.get('/api/policies/:key', requireUser, readersOnly('policy'), policy, (req, res) => {
    res.json(policy.of(req));
  });

  router.post('/api/policies/:key/versions', requireUser, limits.writes, readersOnly('policy'), async (req, res) => {
    if (!mayEditPolicies(req.user)) throw forbidden('only process owners and admins change policies');
    const saved = await createPolicyVersion(String(req.params.key), req.body, req.user!.id);
    res.status(201).json(saved);
  });
  return router;
}
