import { Router } from 'express';
import type { ModelerIndexPageData, ModelerPageData } from '../../domain/api-types';
import { ROLES } from '../../db/models/person';
import { describeVariables, elementTemplatesFor, TOPIC_CATALOGUE } from '../../domain/topic-catalogue';
import { requireUser } from '../current-user';
import type { EngineClient } from '../engine-client';
import { localeOf, translate } from '../i18n';
import { listForms } from '../modeler/form-library';
import { clientStrings, flowName, namesFor } from '../modeler/page-data';
import { listProcesses, PROCESS_KEY, processVersions } from '../modeler/process-library';
import { render } from '../views';
import { keyParam, modelerPageAccess } from './support/modeler-requests';

/** The candidate groups a user task can be offered to: the roles (a person's groups are their roles). */
const MODELER_GROUPS = ROLES.filter((role) => role !== 'admin');

/**
 * /modeler: the process owner's flows and forms, and a flow's modeler page. Process owners and admins
 * only; others get a page that says why. The flows' API is /api/processes (routes/processes.ts).
 */
export function modelerRoutes(engine: EngineClient): Router {
  const router = Router();
  const page = [requireUser, modelerPageAccess];
  const processKey = keyParam(PROCESS_KEY, 'process');

  router.get('/modeler', ...page, async (req, res) => {
    const locale = localeOf(req);
    const processes = [];
    for (const p of await listProcesses(engine)) processes.push({ ...p, name: await flowName(locale, p.key, p.latestVersion) });
    const forms = await listForms(locale);
    render(req, res, 'modeler-index', {
      title: translate(locale, 'modeler.index.title'), processes, forms,
      clientData: { locale, strings: clientStrings(locale), flows: processes.map((p) => ({ key: p.key, name: p.name })), forms: forms.map((f) => ({ key: f.key, title: f.title })) } satisfies ModelerIndexPageData,
    });
  });

  router.get('/modeler/:key', ...page, async (req, res) => {
    const key = processKey(req);
    const locale = localeOf(req);
    const history = await processVersions(engine, key);
    render(req, res, 'modeler', {
      title: translate(locale, 'modeler.title'), key, history, flowName: await flowName(locale, key, history.versions[0]?.version),
      roles: MODELER_GROUPS, starterRoles: ROLES,
      clientData: {
        key, history, forms: await listForms(locale), templates: elementTemplatesFor(TOPIC_CATALOGUE, locale, (entry) => {
          // In Chinese: the block's description from the translations (a label table), and the variables it sets by name.
          const key = `topic.description.${entry.topic}`;
          const described = translate(locale, key);
          if (locale === 'en' || described === key) return describeVariables(entry);
          return entry.produces.length ? `${described} ${translate(locale, 'topic.sets')}${entry.produces.map((v) => v.name).join('、')}` : described;
        }), locale, strings: clientStrings(locale),
        people: await namesFor(locale, req.user!.id, [...history.versions.map((v) => v.createdBy), ...history.deployments.map((d) => d.deployedBy)]),
      } satisfies ModelerPageData,
    });
  });
  return router;
}
