import { Router } from 'express';
import type { FormList, FormVersionSchema } from '../../domain/api-types';
import { requireUser } from '../current-user';
import { badRequest } from '../http-errors';
import { createForm, FORM_KEY, formSchema, formVersions, listForms, saveFormVersion } from '../modeler/form-library';
import { readBody } from '../request-body';
import { FORM_VERSION, NEW_FORM } from '../request-bodies';
import type { RateLimits } from '../security/rate-limits';
import { keyParam, modelerApiAccess, versionParam } from './support/modeler-requests';

/** /api/forms: the Form.io schemas as versioned data for the form builder (process owners and admins; others 403). */
export function formRoutes(limits: RateLimits): Router {
  const router = Router();
  const api = [requireUser, modelerApiAccess('only process owners and admins use the modeler and the form builder')];
  const formKey = keyParam(FORM_KEY, 'form');

  router.get('/api/forms', ...api, async (_req, res) => {
    res.json({ forms: await listForms() } satisfies FormList);
  });
  router.get('/api/forms/:key/versions', ...api, async (req, res) => {
    res.json(await formVersions(formKey(req)));
  });
  router.get('/api/forms/:key/versions/:version', ...api, async (req, res) => {
    const key = formKey(req);
    const version = versionParam(req);
    res.json({ key, version, schema: await formSchema(key, version) } satisfies FormVersionSchema);
  });
  // A new form (blank, a copy, or an imported Form.io file): refused when the key is taken.
  router.post('/api/forms', ...api, limits.writes, async (req, res) => {
    const body = readBody(req.body, NEW_FORM);
    if (!FORM_KEY.test(body.key) || body.key === 'new') throw badRequest('the request is not valid', [{ field: 'key', code: 'pattern', message: 'a form key starts with a lower-case letter and holds lower-case letters, digits and - (at most 60)' }]);
    res.status(201).json(await createForm(body.key, body.schema, req.user!.id));
  });
  router.post('/api/forms/:key/versions', ...api, limits.writes, async (req, res) => {
    const key = formKey(req);
    const body = readBody(req.body, FORM_VERSION);
    const saved = await saveFormVersion(key, body.schema, req.user!.id);
    res.status(saved.created ? 201 : 200).json(saved);
  });
  return router;
}
