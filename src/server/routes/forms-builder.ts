import { Router } from 'express';
import type { FormsBuilderPageData } from '../../domain/api-types';
import { requireUser } from '../current-user';
import { localeOf, translate } from '../i18n';
import { FORM_KEY, formSchema, formVersions, listForms } from '../modeler/form-library';
import { clientStrings, namesFor } from '../modeler/page-data';
import { render } from '../views';
import { keyParam, modelerPageAccess } from './support/modeler-requests';

/**
 * /forms-builder: the form builder's page for one form, new or saved. Process owners and admins only;
 * others get a page that says why. The forms' API is /api/forms (routes/forms.ts).
 */
export function formsBuilderRoutes(): Router {
  const router = Router();
  const page = [requireUser, modelerPageAccess];
  const formKey = keyParam(FORM_KEY, 'form');

  router.get('/forms-builder/new', ...page, (req, res) => {
    const key = typeof req.query.key === 'string' ? req.query.key : '';
    if (!FORM_KEY.test(key) || key === 'new') return render(req, res, 'modeler-index-bad-key', { title: translate(localeOf(req), 'modeler.index.title') }, 400);
    res.redirect(`/forms-builder/${key}`);
  });

  router.get('/forms-builder/:key', ...page, async (req, res) => {
    const key = formKey(req);
    const locale = localeOf(req);
    const forms = await listForms(locale);
    const known = forms.find((f) => f.key === key);
    const history = known ? await formVersions(key) : { key, versions: [] };
    const schema = known ? await formSchema(key, known.latestVersion) : { title: key, display: 'form', components: [] };
    render(req, res, 'forms-builder', {
      title: translate(locale, 'modeler.builder.title'), key, history, withFormio: true, formTitle: known && known.title !== key ? known.title : '',
      clientData: { key, version: known?.latestVersion ?? null, schema, locale, strings: clientStrings(locale, true), people: await namesFor(locale, req.user!.id, history.versions.map((v) => v.createdBy)) } satisfies FormsBuilderPageData,
    });
  });
  return router;
}
