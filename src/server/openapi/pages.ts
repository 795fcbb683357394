import { LOGIN_FORM } from '../request-bodies';
import { page, specBody, type Answer, type Operation } from './operation';

const toLogin: Answer = { description: 'not signed in: to /login?next=…', media: 'none' };
const notFoundPage: Answer = { description: 'no such page, or one the reader may not open (the same page)', media: 'html' };

/** A page for the signed-in: 200 HTML, 302 to the login page, 404 when the reader may not open it. */
function pageFor(path: string, summary: string, access = 'anyone signed in'): Operation {
  return { method: 'get', path, tag: 'pages', access, summary, responses: { 200: page(), 302: toLogin, 404: notFoundPage } };
}

/**
 * The server-rendered pages (templates/*.hbs). They answer HTML for a browser, so their bodies are
 * described as pages, not as data; the data behind most of them is the /api route of the same name.
 */
export const PAGE_OPERATIONS: Operation[] = [
  { method: 'get', path: '/healthz', tag: 'pages', access: 'anyone', summary: 'The health check', responses: { 200: { description: '{ ok: true }', schema: { type: 'object', properties: { ok: { const: true } }, required: ['ok'] } } } },
  { method: 'get', path: '/', tag: 'pages', access: 'anyone signed in', summary: 'To the inbox', responses: { 302: { description: 'to /inbox (or to the login page)', media: 'none' } } },
  { method: 'get', path: '/login', tag: 'pages', access: 'anyone', summary: 'The sign-in page', responses: { 200: page() } },
  {
    method: 'post', path: '/login', tag: 'pages', access: 'anyone (with the page\'s form token)', summary: 'Sign in from the form',
    body: specBody('LOGIN_FORM', LOGIN_FORM, 'form'),
    responses: { 303: { description: 'signed in: to next', media: 'none' }, 400: page('the form again, with the reason'), 401: page('the form again: the user name or password is not right'), 403: page('the form expired: sign in again'), 429: page('too many failed sign-ins') },
  },
  { method: 'post', path: '/logout', tag: 'pages', access: 'anyone (with the page\'s form token)', summary: 'Sign out from a page', responses: { 303: { description: 'to /login', media: 'none' }, 403: page('the form expired') } },
  { method: 'get', path: '/login/oidc', tag: 'pages', access: 'anyone, when single sign-on is configured', summary: 'Single sign-on: to the identity provider', responses: { 302: { description: 'to the identity provider', media: 'none' }, 404: notFoundPage } },
  { method: 'get', path: '/login/oidc/callback', tag: 'pages', access: 'the identity provider\'s redirect', summary: 'Single sign-on: back from the identity provider', responses: { 303: { description: 'signed in: to the page asked for', media: 'none' }, 400: page('the sign-in could not be completed'), 404: notFoundPage } },
  pageFor('/me', 'My performance, my mail settings'),
  pageFor('/inbox', 'My inbox'),
  pageFor('/tasks/:taskId', 'A task with its form'),
  pageFor('/cycles', 'The launched cycles', 'those who may open a cycle dashboard'),
  pageFor('/cycles/launch', 'The launcher'),
  pageFor('/cycles/launch/:launchId', 'A launch\'s progress'),
  pageFor('/cycles/:cycle/dashboard', 'A cycle\'s dashboard', 'HR, auditors, admins; HRBPs their units'),
  pageFor('/goal-changes/:cycle/:personId', 'A person\'s goal-set versions', 'the person, their manager, HR in scope'),
  pageFor('/strategy', 'The strategy map'),
  pageFor('/calibrations/:cycle/:unitId', 'A unit\'s calibration board', 'as the calibration'),
  pageFor('/bonus-rounds/:cycle/:unitId', 'A unit\'s bonus pool', 'as the round'),
  pageFor('/imports', 'Imports of metrics, compliance events and pay; the metrics export', 'those who may import or export'),
  pageFor('/risk-warnings', 'Early warnings', 'as GET /api/risk-warnings; others who see none get not found'),
  pageFor('/feedback', 'Feedback and recognition'),
  pageFor('/talent', 'The talent view', 'as GET /api/talent'),
  pageFor('/development', 'Development plans'),
  pageFor('/audit', 'The audit log', 'auditor, admin'),
  pageFor('/policies', 'The policies', 'those who may read policies'),
  pageFor('/policies/:key', 'A policy\'s editor', 'those who may read policies'),
  pageFor('/operations/incidents', 'Open incidents', 'admin, process-owner'),
  pageFor('/outbox', 'The outbox', 'admin'),
  pageFor('/modeler', 'The flows', 'process-owner, admin'),
  pageFor('/modeler/:key', 'The BPMN modeler', 'process-owner, admin'),
  pageFor('/forms-builder/new', 'A new form', 'process-owner, admin'),
  pageFor('/forms-builder/:key', 'The form builder', 'process-owner, admin'),
  pageFor('/decisions/:key', 'The DMN editor', 'process-owner, admin'),
  pageFor('/openapi', 'This API, browsable', 'admin'),
  {
    method: 'get', path: '/vendor/formio/formio.full.min.js', tag: 'pages', access: 'anyone', summary: 'Form.io\'s bundle, served from node_modules with its CDN pointed here (server/formio-assets.ts); the other /vendor, /css and /build files are static',
    responses: { 200: { description: 'the script', media: 'javascript' } },
  },
];
