import { FORM_VERSION, NEW_FORM, NEW_PROCESS, XML_DRAFT } from '../request-bodies';
import { forbidden, handBody, invalid, json, notFound, specBody, type Operation } from './operation';
import { int, ref } from './schema';

const access = 'process-owner, admin';
const denied = forbidden('only process owners and admins use the modeler, the DMN editor and the form builder');
/** POST …/deployments: { version } (routes/support/modeler-requests.ts versionOfBody). */
const deploymentBody = handBody('routes/support/modeler-requests.ts versionOfBody', { type: 'object', additionalProperties: false, required: ['version'], properties: { version: int('a stored version to deploy (an older one rolls back)') } });

/** Flows (BPMN), forms (Form.io) and decision tables (DMN): versions, drafts, deployments. */
export const MODELER_OPERATIONS: Operation[] = [
  { method: 'get', path: '/api/processes', tag: 'modeler', access, summary: 'The flows, with their latest and running versions', responses: { 200: json('the flows', ref('ProcessList')), 403: denied } },
  { method: 'get', path: '/api/processes/:key/versions', tag: 'modeler', access, summary: 'A flow\'s versions and deployments, newest first', responses: { 200: json('the history', ref('ProcessHistory')), 403: denied, 404: notFound('flow') } },
  { method: 'get', path: '/api/processes/:key/versions/:version/xml', tag: 'modeler', access, summary: 'A flow version\'s BPMN XML', responses: { 200: json('the XML', ref('VersionXml')), 403: denied, 404: notFound('flow version') } },
  { method: 'get', path: '/api/processes/:key/versions/:version/diff', tag: 'modeler', access, summary: 'What a flow version changes against the running one', responses: { 200: json('the diff', ref('VersionDiff')), 403: denied, 404: notFound('flow version') } },
  {
    method: 'post', path: '/api/processes', tag: 'modeler', access, summary: 'A new flow: blank, a copy of another (copyOf), or an imported .bpmn (xml); version 1 after the lint',
    body: specBody('NEW_PROCESS', NEW_PROCESS), responses: { 201: json('created', ref('SavedDraft')), 400: invalid('a field is not valid, or the lint refuses the diagram (problems name the elements)'), 403: denied, 409: invalid('the key is taken') },
  },
  {
    method: 'post', path: '/api/processes/:key/drafts', tag: 'modeler', access, summary: 'Save a flow draft (the next version) after the lint',
    body: specBody('XML_DRAFT', XML_DRAFT), responses: { 201: json('saved', ref('SavedDraft')), 200: json('the same as the latest: nothing saved', ref('SavedDraft')), 400: invalid('the lint refuses the diagram: problems name the elements'), 403: denied, 404: notFound('flow') },
  },
  {
    method: 'post', path: '/api/processes/:key/deployments', tag: 'modeler', access, summary: 'Deploy a stored flow version to the engine (running cases keep theirs)',
    body: deploymentBody, responses: { 201: json('deployed', ref('ProcessDeployed')), 400: invalid(), 403: denied, 404: notFound('flow version'), 409: invalid('that version runs already') },
  },
  { method: 'get', path: '/api/forms', tag: 'modeler', access, summary: 'The forms, with their latest versions', responses: { 200: json('the forms', ref('FormList')), 403: denied } },
  { method: 'get', path: '/api/forms/:key/versions', tag: 'modeler', access, summary: 'A form\'s versions, newest first, with the running cases that pinned each', responses: { 200: json('the history', ref('FormHistory')), 403: denied, 404: notFound('form') } },
  { method: 'get', path: '/api/forms/:key/versions/:version', tag: 'modeler', access, summary: 'A form version\'s Form.io schema', responses: { 200: json('the schema', ref('FormVersionSchema')), 403: denied, 404: notFound('form version') } },
  {
    method: 'post', path: '/api/forms', tag: 'modeler', access, summary: 'A new form (blank, a copy, or an imported Form.io file); refused when the key is taken',
    body: { ...specBody('NEW_FORM', NEW_FORM), checkedBy: 'readBody with NEW_FORM; key by FORM_KEY; schema by server/forms (variables, code sandbox)' },
    responses: { 201: json('created', ref('SavedVersion')), 400: invalid('a field is not valid, or the schema is refused (problems name the components)'), 403: denied, 409: invalid('the key is taken') },
  },
  {
    method: 'post', path: '/api/forms/:key/versions', tag: 'modeler', access, summary: 'Save a form\'s next version',
    body: { ...specBody('FORM_VERSION', FORM_VERSION), checkedBy: 'readBody with FORM_VERSION; schema by server/forms (variables, code sandbox)' },
    responses: { 201: json('saved', ref('SavedVersion')), 200: json('the same as the latest: nothing saved', ref('SavedVersion')), 400: invalid('the schema is refused: problems name the components'), 403: denied, 404: notFound('form') },
  },
  { method: 'get', path: '/api/decisions', tag: 'modeler', access, summary: 'The decision tables, with their latest and deployed versions', responses: { 200: json('the tables', ref('DecisionList')), 403: denied } },
  { method: 'get', path: '/api/decisions/:key/versions', tag: 'modeler', access, summary: 'A decision table\'s versions and deployments, newest first', responses: { 200: json('the history', ref('DecisionHistory')), 403: denied, 404: notFound('decision table') } },
  { method: 'get', path: '/api/decisions/:key/versions/:version/xml', tag: 'modeler', access, summary: 'A decision table version\'s DMN XML', responses: { 200: json('the XML', ref('VersionXml')), 403: denied, 404: notFound('decision table version') } },
  { method: 'get', path: '/api/decisions/:key/versions/:version/diff', tag: 'modeler', access, summary: 'What a decision table version changes against the deployed one', responses: { 200: json('the diff', ref('VersionDiff')), 403: denied, 404: notFound('decision table version') } },
  {
    method: 'post', path: '/api/decisions/:key/drafts', tag: 'modeler', access, summary: 'Save a decision table draft after the lint',
    body: specBody('XML_DRAFT', XML_DRAFT), responses: { 201: json('saved', ref('SavedDraft')), 200: json('the same as the latest: nothing saved', ref('SavedDraft')), 400: invalid('the table is refused: problems name the rules and columns'), 403: denied, 404: notFound('decision table') },
  },
  {
    method: 'post', path: '/api/decisions/:key/deployments', tag: 'modeler', access, summary: 'Deploy a stored decision table version (an older one rolls back)',
    body: deploymentBody, responses: { 201: json('deployed', ref('DecisionDeployed')), 400: invalid(), 403: denied, 404: notFound('decision table version'), 409: invalid('that version is deployed already') },
  },
];
