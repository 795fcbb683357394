import { COMPENSATION_CSV_COLUMNS, COMPENSATION_IMPORT_ROLES } from '../../import/compensation-import';
import { COMPLIANCE_EVENT_CSV_COLUMNS, COMPLIANCE_EVENT_IMPORT_ROLES } from '../../import/compliance-event-import';
import { MAX_IMPORT_RECORDS } from '../../import/import-batch';
import { METRIC_CSV_COLUMNS } from '../../import/metric-import';
import { FLOW_LAUNCH_BODY } from '../../platform/launcher/flow-launches';
import { LAUNCH_ROLES } from '../access/launch-access';
import { AUDIT_READERS } from '../audit/audit-log';
import { ADJUSTMENT_EVENT_BODY } from '../award-adjustments/file-event';
import { BONUS_ROUND_LAUNCH, CALIBRATION_LAUNCH, CYCLE_LAUNCH, NO_BODY, REVIEW_LAUNCH, ROLE_CHANGE } from '../request-bodies';
import { error, forbidden, handBody, invalid, json, notFound, specBody, type Answer, type Operation } from './operation';
import { anyObject, bool, obj, oneOfValues, ref, str, type JsonSchema } from './schema';

const roles = (list: readonly string[]) => list.join(', ');
const workbook = (what: string): Answer => ({ description: `${what} as an Excel workbook (.xlsx), with the explanation columns`, media: 'xlsx' });

/**
 * An import's body (import/import-batch.ts readImportRequest): the source system and exactly one of
 * records (JSON), csv (text with these columns) or xlsx (a workbook in base64 with these columns).
 */
function importBody(columns: Readonly<Record<string, string>>, recordNote: string): JsonSchema {
  const source = { type: 'object', additionalProperties: false, required: ['system'], properties: { system: str('the sending system', { pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,59}$' }), reference: str('its batch reference', { maxLength: 200 }) } } as const satisfies JsonSchema;
  const records: JsonSchema = { type: 'array', maxItems: MAX_IMPORT_RECORDS, items: anyObject(recordNote) };
  const columnNames = Object.keys(columns).join(', ');
  return {
    type: 'object', additionalProperties: false, required: ['source'],
    description: `exactly one of records, csv or xlsx; at most ${MAX_IMPORT_RECORDS} rows. Columns: ${columnNames}`,
    properties: { source, records, csv: str(`CSV text with the header ${columnNames}`), xlsx: str(`an .xlsx workbook in base64, first sheet with the columns ${columnNames}`, { format: 'byte' }) },
    oneOf: [{ required: ['records'] }, { required: ['csv'] }, { required: ['xlsx'] }],
  };
}
const importAnswers: Record<number, Answer> = {
  201: json('imported: something was created or changed', ref('ImportAnswer')),
  200: json('imported: everything was as sent already', ref('ImportAnswer')),
  400: invalid('refused whole, nothing written: problems name rows and columns (records[3].value, csv line 4: value, xlsx row 4, column E)'),
};

/** HR's launches, calibrations and bonus rounds, imports, warnings, roles, audit, policies and operations. */
export const HR_OPERATIONS: Operation[] = [
  {
    method: 'post', path: '/api/cycles/:cycle/reviews', tag: 'launches', access: roles(LAUNCH_ROLES) + ' (checkInReminder: HR only)', summary: 'Launch review cases for a cycle (no body: everyone who has a manager)',
    body: specBody('REVIEW_LAUNCH', REVIEW_LAUNCH),
    responses: { 201: json('cases launched', anyObject('platform/cases/launch-reviews.ts: launched, skipped, withoutApprover')), 200: json('nothing new to launch', anyObject('launched: [], skipped')), 400: invalid(), 403: forbidden('the reader may not launch, or may not change the reminder schedule') },
  },
  {
    method: 'post', path: '/api/cycles/:cycle/launches/dry-run', tag: 'launches', access: roles(LAUNCH_ROLES), summary: 'What a launch of reviews would do, nothing written',
    body: specBody('CYCLE_LAUNCH', CYCLE_LAUNCH), responses: { 200: json('the dry run', ref('LaunchDryRun')), 400: invalid(), 403: forbidden('not allowed') },
  },
  {
    method: 'post', path: '/api/cycles/:cycle/launches', tag: 'launches', access: roles(LAUNCH_ROLES), summary: 'Launch reviews in the background, with progress (Location: /api/launches/:launchId)',
    body: specBody('CYCLE_LAUNCH', CYCLE_LAUNCH), responses: { 202: json('accepted', ref('LaunchAccepted')), 400: invalid(), 403: forbidden('not allowed'), 409: error('a launch of this cycle is running') },
  },
  {
    method: 'post', path: '/api/cycles/:cycle/calibrations', tag: 'calibrations', access: 'hr, process-owner, admin; hrbp for their units', summary: 'Start calibrations for units whose reviews are ready',
    body: specBody('CALIBRATION_LAUNCH', CALIBRATION_LAUNCH),
    responses: { 201: json('started', anyObject('launched and skipped units')), 200: json('nothing new to start', anyObject('launched: [], skipped')), 400: invalid(), 403: forbidden('not allowed'), 409: json('some units are not ready: nothing started', obj({ error: str(), processKey: str() })) },
  },
  {
    method: 'post', path: '/api/cycles/:cycle/bonus-rounds', tag: 'bonus', access: 'hr, admin', summary: 'Start the bonus rounds of units',
    body: specBody('BONUS_ROUND_LAUNCH', BONUS_ROUND_LAUNCH),
    responses: { 201: json('started', anyObject('launched and skipped units')), 200: json('nothing new to start', anyObject('launched: [], skipped')), 400: invalid(), 403: forbidden('not allowed') },
  },
  {
    method: 'get', path: '/api/launches/:launchId', tag: 'launches', access: 'those who launch reviews and auditors; whoever started it', summary: 'Where a launch stands',
    responses: { 200: json('the progress', ref('LaunchProgress')), 403: forbidden('not allowed'), 404: notFound('launch') },
  },
  {
    method: 'post', path: '/api/launches/:launchId/resume', tag: 'launches', access: 'whoever the flow\'s diagram lets start it now', summary: 'Resume an interrupted launch',
    body: specBody('NO_BODY', NO_BODY), responses: { 202: json('resumed', ref('LaunchAccepted')), 400: invalid('the request takes no body'), 404: notFound('launch'), 409: error('the launch is running or finished, not interrupted') },
  },
  {
    method: 'post', path: '/api/launches/:launchId/retry', tag: 'launches', access: 'whoever the flow\'s diagram lets start it now', summary: 'Retry the people (or units) a finished launch could not start: a new launch of just them; a case that exists is skipped, never started twice',
    body: specBody('NO_BODY', NO_BODY), responses: { 202: json('the retry, naming the first launch (resumes)', ref('LaunchAccepted')), 400: invalid('the request takes no body'), 404: notFound('launch'), 409: error('the launch has not finished, or it started every case') },
  },
  { method: 'get', path: '/api/flows', tag: 'launches', access: 'anyone signed in (lists only what they may start)', summary: 'The flows I may start', responses: { 200: json('the flows', ref('FlowList')) } },
  {
    method: 'post', path: '/api/flows/:key/launches/dry-run', tag: 'launches', access: 'the flow\'s candidate starters', summary: 'What a launch of any flow would do, nothing written',
    body: specBody('FLOW_LAUNCH_BODY', FLOW_LAUNCH_BODY), responses: { 200: json('the dry run', ref('LaunchDryRun')), 400: invalid(), 404: notFound('flow') },
  },
  {
    method: 'post', path: '/api/flows/:key/launches', tag: 'launches', access: 'the flow\'s candidate starters', summary: 'Launch any flow for a cycle and people or units (Location: /api/launches/:launchId)',
    body: specBody('FLOW_LAUNCH_BODY', FLOW_LAUNCH_BODY), responses: { 202: json('accepted', ref('LaunchAccepted')), 400: invalid(), 404: notFound('flow'), 409: error('a launch of this flow and cycle is running') },
  },
  {
    method: 'get', path: '/api/calibrations/:cycle/:unitId', tag: 'calibrations', access: 'HR, auditors, admins; the unit\'s head and HRBP', summary: 'A unit\'s calibration: distribution, proposals, decisions',
    responses: { 200: json('the calibration', anyObject('server/calibrations/calibration-view.ts')), 404: notFound('calibration') },
  },
  { method: 'get', path: '/api/calibrations/:cycle/:unitId/export', tag: 'calibrations', access: 'as the calibration', summary: 'A calibration as a workbook', responses: { 200: workbook('the calibration'), 404: notFound('calibration') } },
  {
    method: 'get', path: '/api/bonus-rounds/:cycle/:unitId', tag: 'bonus', access: 'HR, the committee, auditors, admins, the unit\'s head', summary: 'A unit\'s bonus round: pool, awards, approvals',
    responses: { 200: json('the round', anyObject('server/bonus/round-view.ts')), 404: notFound('bonus round') },
  },
  { method: 'get', path: '/api/bonus-rounds/:cycle/:unitId/export', tag: 'bonus', access: 'as the round', summary: 'A bonus round as a workbook', responses: { 200: workbook('the round'), 404: notFound('bonus round') } },
  {
    method: 'get', path: '/api/awards/:cycle/:personId', tag: 'bonus', access: 'the person, HR, the committee, auditors, admins, the unit\'s head', summary: 'A person\'s bonus award, its deferral and letter',
    responses: { 200: json('the award', anyObject('server/bonus/award-view.ts')), 404: notFound('award') },
  },
  {
    method: 'post', path: '/api/adjustment-events', tag: 'bonus', access: 'risk-officer, compliance-officer', summary: 'File a risk or compliance event against an award: starts its malus-and-clawback case',
    body: specBody('ADJUSTMENT_EVENT_BODY', ADJUSTMENT_EVENT_BODY),
    responses: { 201: json('filed', anyObject('the case started')), 200: json('the same event again: the same case', anyObject('the case')), 400: invalid(), 403: forbidden('not allowed'), 404: notFound('award') },
  },
  {
    method: 'get', path: '/api/award-adjustments/:caseId', tag: 'bonus', access: 'HR, the committee, the officers, auditors, admins', summary: 'A malus-and-clawback case',
    responses: { 200: json('the case', anyObject('server/award-adjustments/adjustment-view.ts')), 404: notFound('adjustment case') },
  },
  {
    method: 'post', path: '/api/metrics', tag: 'imports', access: 'signed in; each metric by the roles its catalogue entry names', summary: 'Import unit and person metrics (all or nothing, idempotent)',
    body: handBody('import/metric-import.ts with METRIC_CSV_COLUMNS and readImportRequest', importBody(METRIC_CSV_COLUMNS, 'a metric: { cycle, scope: { type, id }, key, value }')), responses: { ...importAnswers, 403: forbidden('a metric the reader may not import') },
  },
  { method: 'get', path: '/api/metrics/:cycle/export', tag: 'imports', access: 'those who may import metrics', summary: 'A cycle\'s metrics as a workbook the import reads back', responses: { 200: workbook('the metrics'), 404: notFound('metrics') } },
  {
    method: 'post', path: '/api/compliance-events', tag: 'imports', access: roles(COMPLIANCE_EVENT_IMPORT_ROLES), summary: 'Import compliance events (all or nothing, idempotent)',
    body: handBody('import/compliance-event-import.ts with COMPLIANCE_EVENT_CSV_COLUMNS and readImportRequest', importBody(COMPLIANCE_EVENT_CSV_COLUMNS, `an event with the fields ${Object.keys(COMPLIANCE_EVENT_CSV_COLUMNS).join(', ')}`)), responses: { ...importAnswers, 403: forbidden('not allowed') },
  },
  {
    method: 'post', path: '/api/compensation', tag: 'imports', access: roles(COMPENSATION_IMPORT_ROLES), summary: 'Import pay (all or nothing, idempotent)',
    body: handBody('import/compensation-import.ts with COMPENSATION_CSV_COLUMNS and readImportRequest', importBody(COMPENSATION_CSV_COLUMNS, `a person's pay with the fields ${Object.keys(COMPENSATION_CSV_COLUMNS).join(', ')}`)), responses: { ...importAnswers, 403: forbidden('not allowed') },
  },
  {
    method: 'get', path: '/api/risk-warnings', tag: 'risk', access: 'the risk and compliance functions, auditors, admins; managers for their people (others get an empty list)', summary: 'Early warnings of risky selling, with the figures that raised them',
    responses: { 200: json('the warnings', ref('RiskWarnings')) },
  },
  {
    method: 'post', path: '/api/risk-warnings/:warningId/decision', tag: 'risk', access: 'risk officers', summary: 'Close a warning: confirmed (a compliance event) or dismissed, with a note',
    body: handBody('server/risk-warnings/decide-warning.ts readDecision (severity from the compliance policy)', {
      type: 'object', additionalProperties: false, required: ['decision', 'note'],
      properties: { decision: oneOfValues(['confirmed', 'dismissed']), note: str('why', { maxLength: 2000 }), severity: str('confirmed only: a severity of the compliance policy'), cycle: str('confirmed only: the cycle the event counts in') },
    }),
    responses: { 201: json('decided', obj({ warning: anyObject('the warning in words'), replayed: bool() })), 200: json('the same decision again', obj({ warning: anyObject('the warning'), replayed: bool() })), 400: invalid(), 404: notFound('warning'), 409: error('the warning is closed with another decision') },
  },
  {
    method: 'put', path: '/api/people/:personId/roles', tag: 'people', access: 'admin', summary: 'Set a person\'s roles (the whole set; audited)',
    body: specBody('ROLE_CHANGE', ROLE_CHANGE), responses: { 200: json('the change', anyObject('before and after')), 400: invalid('a role that does not exist is named'), 403: forbidden('not allowed'), 404: notFound('person') },
  },
  {
    method: 'get', path: '/api/audit', tag: 'audit', access: roles(AUDIT_READERS), summary: 'Browse the audit log (the browsing is itself audited)',
    responses: { 200: json('a page of entries', ref('AuditPage')), 400: invalid('a query parameter is not valid'), 403: forbidden('not allowed') },
  },
  { method: 'get', path: '/api/audit/verification', tag: 'audit', access: roles(AUDIT_READERS), summary: 'Verify the audit chain', responses: { 200: json('the verdict', ref('ChainVerdict')), 403: forbidden('not allowed') } },
  {
    method: 'get', path: '/api/audit/export', tag: 'audit', access: roles(AUDIT_READERS), summary: 'Export the audit log as CSV or JSON lines, with a summary line',
    responses: { 200: { description: 'the file (text/csv or application/x-ndjson), as an attachment', media: 'csv-or-jsonl' }, 400: invalid('a query parameter is not valid'), 403: forbidden('not allowed') },
  },
  {
    method: 'get', path: '/api/policies/:key', tag: 'policies', access: 'those who may read policies (process owners, HR, admins, auditors …)', summary: 'A policy: its versions and the body of the latest',
    responses: { 200: json('the policy', ref('PolicyDetail')), 404: notFound('policy') },
  },
  {
    method: 'post', path: '/api/policies/:key/versions', tag: 'policies', access: 'process-owner, admin', summary: 'Save a new version of a policy, effective from a day (today or later)',
    body: handBody('server/policies/policy-versions.ts createPolicyVersion; the body by domain/policy-validation.ts for the policy\'s kind', {
      type: 'object', additionalProperties: false, required: ['effectiveFrom', 'body'],
      properties: { effectiveFrom: str('YYYY-MM-DD, today or later', { pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), body: anyObject('the policy\'s body: its shape is the policy kind\'s (policies/*.json)') },
    }),
    responses: { 201: json('saved', ref('PolicyVersionSaved')), 400: invalid('not saved: problems name the fields of the body (body.weights.business …)'), 403: forbidden('only process owners and admins change policies'), 404: notFound('policy') },
  },
  {
    method: 'get', path: '/api/incidents', tag: 'operations', access: 'admin, process-owner', summary: 'Open incidents (failed worker tasks) and mails not sent',
    responses: { 200: json('the incidents', ref('IncidentList')), 404: error('not found: the reader is not an operator') },
  },
  {
    method: 'post', path: '/api/incidents/:incidentId/retry', tag: 'operations', access: 'admin, process-owner', summary: 'Give a failed task its attempts back (audited)',
    responses: { 200: json('retried', ref('IncidentRetried')), 400: invalid('the request takes no body'), 404: notFound('incident') },
  },
  {
    method: 'post', path: '/api/incidents/mails/:mailId/retry', tag: 'operations', access: 'admin, process-owner', summary: 'Send again a mail the dispatcher gave up on: once, whoever presses (audited)',
    body: specBody('NO_BODY', NO_BODY), responses: { 200: json('retried, or waiting to go already', ref('MailRetried')), 400: invalid('the request takes no body'), 404: notFound('mail'), 409: error('the mail was sent (or is not one that failed)') },
  },
  { method: 'get', path: '/api/outbox', tag: 'operations', access: 'admin', summary: 'The mails the local sink received, and those not sent', responses: { 200: json('the outbox', ref('Outbox')), 404: error('not found: the reader is not an admin') } },
  {
    method: 'get', path: '/api/openapi', tag: 'operations', access: 'anyone signed in', summary: 'This document: every route with its body, answers and errors',
    responses: { 200: json('the OpenAPI 3.1 document', anyObject('OpenAPI 3.1')) },
  },
];

