import { Router } from 'express';
import { requireUser } from '../current-user';
import { notFound } from '../http-errors';
import { localeOf, translate } from '../i18n';
import { openApiDocument } from '../openapi/document';
import { openApiPageView, openApiSchemasView } from '../openapi/page-view';
import { render } from '../views';

/**
 * The API described (server/openapi/):
 *   GET /api/openapi   the OpenAPI 3.1 document, for anyone signed in: it shows shapes, never data,
 *                      and each route still checks its own access
 *   GET /openapi       the same as a page, for admins (others get "not found")
 */
export function openApiRoutes(): Router {
  const router = Router();
  router.get('/api/openapi', requireUser, (_req, res) => {
    res.json(openApiDocument());
  });
  router.get('/openapi', requireUser, (req, res) => {
    if (!req.user!.roles.includes('admin')) throw notFound('page');
    render(req, res, 'openapi', { title: translate(localeOf(req), 'openapi.title'), ...openApiPageView(), schemas: openApiSchemasView() });
  });
  return router;
}
