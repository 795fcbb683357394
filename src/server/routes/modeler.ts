import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROLES } from '../../db/models/person';
import type { Role } from '../../db/models/person';
import { describeVariables, elementTemplatesFor, TOPIC_CATALOGUE } from '../../domain/topic-catalogue';
import { requireUser } from '../current-user';
import type { EngineClient } from '../engine-client';
import { badRequest, notFound } from '../http-errors';
import { localeOf, translate, type Locale } from '../i18n';
import { createForm, FORM_KEY, formSchema, formVersions, listForms, saveFormVersion } from '../modeler/form-library';
import { deployVersion, diffAgainstRunning, listProcesses, PROCESS_KEY, processVersions, processXml, readVersionNumber, saveDraft } from '../modeler/process-library';
import { createFlow, processIdOf, processNameOf, type NewFlowSource } from '../modeler/new-flow';
import { DECISION_KEY, decisionVersions } from '../modeler/decision-library';
import { personNames } from '../../db/person-cards';
import { readBody } from '../request-body';
import type { RateLimits } from '../security/rate-limits';
import { render } from '../views';

/**
 * The process owner's low-code tools: the flow modeler (/modeler, /api/processes…) and the form
 * builder (/forms-builder, /api/forms…). Process owners and admins only: the API answers others 403,
 * the pages a page that says why. Every save, deploy and roll back is in the audit log.
 */
export const MODELER_ROLES: Role[] = ['process-owner', 'admin'];

/** The candidate groups a user task can be offered to: the roles (a person's groups are their roles). */
const MODELER_GROUPS = ROLES.filter((role) => role !== 'admin');

const mayModel = (req: Request) => Boolean(req.user?.roles.some((role) => MODELER_ROLES.includes(role)));

function apiAccess(req: Request, res: Response, next: NextFunction): void {
  if (mayModel(req)) return next();
  res.status(403).json({ error: 'only process owners and admins use the modeler and the form builder' });
}

function pageAccess(req: Request, res: Response, next: NextFunction): void {
  if (mayModel(req)) return next();
  render(req, res, 'modeler-refused', { title: translate(localeOf(req), 'modeler.index.title') }, 403);
}

function processKeyParam(req: Request): string {
  const key = String(req.params.key);
  if (!PROCESS_KEY.test(key)) throw notFound('process');
  return key;
}

function formKeyParam(req: Request): string {
  const key = String(req.params.key);
  if (!FORM_KEY.test(key)) throw notFound('form');
  return key;
}

function decisionKeyParam(req: Request): string {
  const key = String(req.params.key);
  if (!DECISION_KEY.test(key)) throw notFound('decision');
  return key;
}

/** A page's text query parameter, or '' when it is absent or not one short line of plain text. */
function queryLine(req: Request, name: string, pattern = PLAIN_LINE, maxLength = 200): string {
  const value = req.query[name];
  return typeof value === 'string' && value.length <= maxLength && pattern.test(value) ? value.trim() : '';
}

/** A version number in the path (also the decision tables' routes). */
export function versionParam(req: Request): number {
  const raw = String(req.params.version);
  if (!/^[1-9][0-9]{0,5}$/.test(raw)) throw notFound('version');
  return Number(raw);
}

/** One line of plain text a person reads (a note, a name): no markup, no line breaks. */
const PLAIN_LINE = /^[^<>\u0000-\u001f]*$/;

function plainLine(field: string, value: string | undefined): string | undefined {
  if (value !== undefined && !PLAIN_LINE.test(value)) throw badRequest('the request is not valid', [{ field, code: 'pattern', message: `${field} is one line of plain text without < or >` }]);
  return value;
}

/** { version: <whole number> } and nothing else (a deployment's body, flows and decision tables alike). */
export function versionOfBody(body: unknown): number {
  const isObject = typeof body === 'object' && body !== null && !Array.isArray(body) && Object.getPrototypeOf(body) === Object.prototype;
  if (!isObject) throw badRequest('the body must be a JSON object', [{ field: '', code: 'type', message: 'send { "version": n }' }]);
  const unknown = Object.keys(body).filter((name) => name !== 'version');
  if (unknown.length > 0) throw badRequest('the request is not valid', unknown.slice(0, 20).map((name) => ({ field: name.slice(0, 100), code: 'unknown', message: 'not a field here' })));
  return readVersionNumber((body as { version?: unknown }).version);
}

const projectRoot = join(__dirname, '..', '..', '..');
const modules = join(projectRoot, 'node_modules');
const STRING_KEYS = Object.keys(JSON.parse(readFileSync(join(projectRoot, 'templates', 'i18n', 'en', 'modeler.json'), 'utf8')) as Record<string, string>);

/** The page's strings for its script: modeler.x as x; on the builder, modeler.builder.x as x over them. */
function clientStrings(locale: Locale, builder = false): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of STRING_KEYS) if (!key.startsWith('modeler.builder.')) out[key.slice('modeler.'.length)] = translate(locale, key);
  if (builder) for (const key of STRING_KEYS) if (key.startsWith('modeler.builder.')) out[key.slice('modeler.builder.'.length)] = translate(locale, key);
  return out;
}

/**
 * The names, in the page's language, of the people who saved or deployed the versions a page lists
 * (and of the reader, who may save next): the history shows names, not person ids.
 */
async function namesFor(req: Request, ids: Array<string | null | undefined>): Promise<Record<string, string>> {
  const locale = localeOf(req);
  const names = await personNames([req.user!.id, ...ids.filter((id): id is string => Boolean(id))]);
  return Object.fromEntries([...names].map(([id, name]) => [id, name[locale] ?? name.en]));
}

/**
 * A flow's name in the page's language: a shipped flow's from the translations, an owner's flow's as
 * the owner named it (its latest version's process name); the key only when it has neither.
 */
async function flowName(locale: Locale, key: string, latestVersion?: number): Promise<string> {
  const name = translate(locale, `modeler.flow.${key}`);
  if (name !== `modeler.flow.${key}`) return name;
  if (latestVersion === undefined) return key;
  return processNameOf(await processXml(key, latestVersion).catch(() => '')) || key;
}

export function modelerRoutes(engine: EngineClient, limits: RateLimits): Router {
  const router = Router();
  // The modeler's and the builder's style sheets, from their packages.
  router.use('/vendor/bpmn-js', express.static(join(modules, 'bpmn-js', 'dist', 'assets')));
  router.use('/vendor/properties-panel', express.static(join(modules, '@bpmn-io', 'properties-panel', 'dist', 'assets')));
  router.use('/vendor/element-templates', express.static(join(modules, 'bpmn-js-element-templates', 'dist', 'assets')));
  router.use('/vendor/element-template-chooser', express.static(join(modules, '@bpmn-io', 'element-template-chooser', 'dist')));
  router.use('/vendor/bpmnlint', express.static(join(modules, 'bpmn-js-bpmnlint', 'dist', 'assets', 'css')));
  router.use('/vendor/dmn-js', express.static(join(modules, 'dmn-js', 'dist', 'assets')));
  router.use('/vendor/bootstrap', express.static(join(modules, 'bootstrap', 'dist', 'css')));
  const api = [requireUser, apiAccess];
  const page = [requireUser, pageAccess];

  // Pages.
  router.get('/modeler', ...page, async (req, res) => {
    const locale = localeOf(req);
    const processes = [];
    for (const p of await listProcesses(engine)) processes.push({ ...p, name: await flowName(locale, p.key, p.latestVersion) });
    const forms = await listForms(locale);
    render(req, res, 'modeler-index', {
      title: translate(locale, 'modeler.index.title'), processes, forms,
      clientData: { locale, strings: clientStrings(locale), flows: processes.map((p) => ({ key: p.key, name: p.name })), forms: forms.map((f) => ({ key: f.key, title: f.title })) },
    });
  });
  router.get('/modeler/:key', ...page, async (req, res) => {
    const key = processKeyParam(req);
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
        people: await namesFor(req, [...history.versions.map((v) => v.createdBy), ...history.deployments.map((d) => d.deployedBy)]),
      },
    });
  });
  // The decision table editor; the tables and their versions come from /api/decisions. A new table
  // (?new=1&name=…, or &from=<key> for a copy) starts here unsaved.
  router.get('/decisions/:key', ...page, async (req, res) => {
    const key = decisionKeyParam(req);
    const locale = localeOf(req);
    const from = queryLine(req, 'from', DECISION_KEY, 60);
    const savers = await decisionVersions(engine, key).then((h) => h.versions.map((v) => v.createdBy), () => []);
    render(req, res, 'decision', {
      title: translate(locale, 'modeler.decision.title'), key,
      clientData: { key, locale, strings: clientStrings(locale), isNew: req.query.new === '1', name: queryLine(req, 'name'), from: from || null, people: await namesFor(req, savers) },
    });
  });
  router.get('/forms-builder/new', ...page, (req, res) => {
    const key = typeof req.query.key === 'string' ? req.query.key : '';
    if (!FORM_KEY.test(key) || key === 'new') return render(req, res, 'modeler-index-bad-key', { title: translate(localeOf(req), 'modeler.index.title') }, 400);
    res.redirect(`/forms-builder/${key}`);
  });
  router.get('/forms-builder/:key', ...page, async (req, res) => {
    const key = formKeyParam(req);
    const forms = await listForms(localeOf(req));
    const known = forms.find((f) => f.key === key);
    const history = known ? await formVersions(key) : { key, versions: [] };
    const schema = known ? await formSchema(key, known.latestVersion) : { title: key, display: 'form', components: [] };
    render(req, res, 'forms-builder', {
      title: translate(localeOf(req), 'modeler.builder.title'), key, history, withFormio: true, formTitle: known && known.title !== key ? known.title : '',
      clientData: { key, version: known?.latestVersion ?? null, schema, locale: localeOf(req), strings: clientStrings(localeOf(req), true), people: await namesFor(req, history.versions.map((v) => v.createdBy)) },
    });
  });

  // Flows.
  router.get('/api/processes', ...api, async (_req, res) => {
    res.json({ processes: await listProcesses(engine) });
  });
  router.get('/api/processes/:key/versions', ...api, async (req, res) => {
    res.json(await processVersions(engine, processKeyParam(req)));
  });
  router.get('/api/processes/:key/versions/:version/xml', ...api, async (req, res) => {
    const key = processKeyParam(req);
    const version = versionParam(req);
    res.json({ key, version, xml: await processXml(key, version) });
  });
  router.get('/api/processes/:key/versions/:version/diff', ...api, async (req, res) => {
    const key = processKeyParam(req);
    const version = versionParam(req);
    res.json({ key, version, ...(await diffAgainstRunning(engine, key, await processXml(key, version))) });
  });
  // A new flow: blank, a copy of another, or an imported .bpmn file; version 1 through the same lint as every save.
  router.post('/api/processes', ...api, limits.writes, async (req, res) => {
    const body = readBody(req.body, {
      key: { type: 'string', maxLength: 60 }, name: { type: 'string', maxLength: 200 }, copyOf: { type: 'string', maxLength: 60 },
      xml: { type: 'string', maxLength: 200_000 }, note: { type: 'string', maxLength: 500 },
    });
    const name = plainLine('name', body.name?.trim());
    const note = plainLine('note', body.note) ?? '';
    if (body.copyOf !== undefined && body.xml !== undefined) throw badRequest('the request is not valid', [{ field: 'xml', code: 'one-source', message: 'a new flow is a copy or an imported file, not both' }]);
    const locale = localeOf(req);
    let source: NewFlowSource;
    if (body.xml !== undefined) source = { kind: 'import', xml: body.xml, ...(name ? { name } : {}) };
    else if (body.copyOf !== undefined) source = { kind: 'copy', from: body.copyOf, ...(name ? { name } : {}) };
    else {
      if (!name) throw badRequest('the request is not valid', [{ field: 'name', code: 'required', message: 'a new flow needs a name' }]);
      source = { kind: 'blank', names: { flow: name, start: translate(locale, 'modeler.new.startEvent'), end: translate(locale, 'modeler.new.endEvent') } };
    }
    // An imported file brings its own key (its process id) unless the owner types another.
    const key = body.key ?? (source.kind === 'import' ? await processIdOf(source.xml) : undefined);
    if (!key) throw badRequest('the request is not valid', [{ field: 'key', code: 'required', message: 'a new flow needs a key' }]);
    if (!PROCESS_KEY.test(key)) throw badRequest('the request is not valid', [{ field: 'key', code: 'pattern', message: 'a key starts with a letter and holds letters, digits, - and _ (at most 60)' }]);
    if (source.kind === 'copy' && !PROCESS_KEY.test(source.from)) throw badRequest('the request is not valid', [{ field: 'copyOf', code: 'unknown', message: 'there is no such flow to copy' }]);
    const saved = await createFlow(engine, key, source, note, req.user!.id);
    res.status(201).json(saved);
  });
  router.post('/api/processes/:key/drafts', ...api, limits.writes, async (req, res) => {
    const key = processKeyParam(req);
    const body = readBody(req.body, { xml: { type: 'string', required: true, maxLength: 200_000 }, note: { type: 'string', maxLength: 500 } });
    if (body.note !== undefined && !/^[^<>\u0000-\u001f]*$/.test(body.note)) throw badRequest('the request is not valid', [{ field: 'note', code: 'pattern', message: 'a note is one line of plain text without < or >' }]);
    const saved = await saveDraft(engine, key, body.xml, body.note ?? '', req.user!.id);
    res.status(saved.created ? 201 : 200).json(saved);
  });
  router.post('/api/processes/:key/deployments', ...api, limits.writes, async (req, res) => {
    const key = processKeyParam(req);
    res.status(201).json(await deployVersion(engine, key, versionOfBody(req.body), req.user!.id));
  });

  // Forms.
  router.get('/api/forms', ...api, async (_req, res) => {
    res.json({ forms: await listForms() });
  });
  router.get('/api/forms/:key/versions', ...api, async (req, res) => {
    res.json(await formVersions(formKeyParam(req)));
  });
  router.get('/api/forms/:key/versions/:version', ...api, async (req, res) => {
    const key = formKeyParam(req);
    const version = versionParam(req);
    res.json({ key, version, schema: await formSchema(key, version) });
  });
  // A new form (blank, a copy, or an imported Form.io file): refused when the key is taken.
  router.post('/api/forms', ...api, limits.writes, async (req, res) => {
    const body = readBody(req.body, { key: { type: 'string', required: true, maxLength: 60 }, schema: { type: 'object', required: true } });
    if (!FORM_KEY.test(body.key) || body.key === 'new') throw badRequest('the request is not valid', [{ field: 'key', code: 'pattern', message: 'a form key starts with a lower-case letter and holds lower-case letters, digits and - (at most 60)' }]);
    res.status(201).json(await createForm(body.key, body.schema, req.user!.id));
  });
  router.post('/api/forms/:key/versions', ...api, limits.writes, async (req, res) => {
    const key = formKeyParam(req);
    const body = readBody(req.body, { schema: { type: 'object', required: true } });
    const saved = await saveFormVersion(key, body.schema, req.user!.id);
    res.status(saved.created ? 201 : 200).json(saved);
  });
  return router;
}
