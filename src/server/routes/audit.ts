import { Router, type Request, type Response } from 'express';
import { writeExport, type ExportFormat } from '../../audit/audit-export';
import { chainVerdict, chainVerdictWithin, entriesInOrder, readAuditPage, type AuditFilter, type AuditPageRequest } from '../../audit/read-audit-log';
import { recordAudit } from '../../audit/record-audit';
import type { Role } from '../../db/models/person';
import type { FieldProblem } from '../forms/validate-submission';
import { requireRole, requireUser } from '../current-user';
import { badRequest, HttpError, notFound } from '../http-errors';
import { render } from '../views';

/**
 * The audit log for auditors: browse (GET /api/audit and the /audit page), verify the chain
 * (GET /api/audit/verification) and export it (GET /api/audit/export). Reading it is itself audited.
 *
 * Who: auditors and admins. Not HR: the log holds every person's ratings and, with the bonus flows,
 * pay decisions, and HR's own actions are among what the auditor checks; HR reads cases instead.
 */
export const AUDIT_READERS: Role[] = ['auditor', 'admin'];

const mayReadAudit = (user: Express.Request['user']) => Boolean(user?.roles.some((role) => AUDIT_READERS.includes(role)));

const SEQ = /^[1-9][0-9]{0,11}$/;
interface ParamSpec {
  pattern: RegExp;
  message: string;
}
const PARAMS = {
  from: { pattern: SEQ, message: 'a sequence number (1 or more)' },
  before: { pattern: SEQ, message: 'a sequence number (1 or more)' },
  to: { pattern: SEQ, message: 'a sequence number (1 or more)' },
  limit: { pattern: /^(?:[1-9]|[1-9][0-9]|1[0-9][0-9]|200)$/, message: 'a whole number from 1 to 200' },
  actor: { pattern: /^[A-Za-z0-9._:@-]{1,200}$/, message: 'a person id or a system actor (letters, digits, . _ : @ -)' },
  action: { pattern: /^[A-Za-z0-9._-]{1,100}\*?$/, message: 'an action such as session.signed-in, or a prefix ending with * (session.*)' },
  subjectType: { pattern: /^[A-Za-z0-9._-]{1,50}$/, message: 'a subject type such as case, task, person' },
  // Subject ids include user names as someone typed them at the sign-in form: any text, no control characters.
  subjectId: { pattern: /^[^\u0000-\u001f\u007f]{1,300}$/, message: 'an id of at most 300 characters' },
  since: { pattern: /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/, message: 'a date or time such as 2026-03-01 or 2026-03-01T09:00Z' },
  until: { pattern: /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/, message: 'a date or time such as 2026-03-31 or 2026-03-31T18:00Z' },
  format: { pattern: /^(?:csv|jsonl)$/, message: 'csv or jsonl' },
} satisfies Record<string, ParamSpec>;
type ParamName = keyof typeof PARAMS;

/**
 * The named query parameters, each a single text of its shape, or a 400 naming every one that is
 * not. Names outside `names` are refused here too (security/strict-query.ts does so before, by path).
 * Empty values count as absent: the page's filter form sends its empty fields.
 */
function readQuery<N extends ParamName>(query: Request['query'], names: readonly N[]): Partial<Record<N, string>> {
  const problems: FieldProblem[] = [];
  const values: Partial<Record<N, string>> = {};
  for (const [name, value] of Object.entries(query)) {
    if (name === 'lang' && typeof value === 'string') continue; // the page's language switch
    if (!(names as readonly string[]).includes(name)) {
      problems.push({ field: name.slice(0, 100), code: 'unknown', message: 'not a parameter here' });
      continue;
    }
    const spec: ParamSpec = PARAMS[name as N];
    if (typeof value !== 'string') problems.push({ field: name, code: 'type', message: `${name} must be given once, as text` });
    else if (value === '') continue;
    else if (!spec.pattern.test(value)) problems.push({ field: name, code: 'format', message: `${name} must be ${spec.message}` });
    else values[name as N] = value;
  }
  if (problems.length > 0) throw badRequest('the query is not valid', problems);
  return values;
}

/** A date alone means the whole day: since its start, until its end (UTC). */
function isoTime(value: string, field: 'since' | 'until'): string {
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T${field === 'since' ? '00:00:00.000' : '23:59:59.999'}Z` : value;
  // A time without a zone is UTC, as the log's own times are.
  const time = new Date(/(?:Z|[+-]\d{2}:\d{2})$/.test(text) ? text : `${text}Z`);
  if (Number.isNaN(time.getTime())) throw badRequest('the query is not valid', [{ field, code: 'format', message: `${field} is not a real date` }]);
  return time.toISOString();
}

const BROWSE_PARAMS = ['from', 'before', 'limit', 'actor', 'action', 'subjectType', 'subjectId', 'since', 'until'] as const;

function pageRequest(query: Request['query']): { request: AuditPageRequest; params: Partial<Record<(typeof BROWSE_PARAMS)[number], string>> } {
  const params = readQuery(query, BROWSE_PARAMS);
  if (params.from && params.before) throw badRequest('the query is not valid', [{ field: 'before', code: 'conflict', message: 'give from (oldest first) or before (newest first), not both' }]);
  const filter: AuditFilter = {
    ...(params.actor ? { actor: params.actor } : {}),
    ...(params.action ? { action: params.action } : {}),
    ...(params.subjectType ? { subjectType: params.subjectType } : {}),
    ...(params.subjectId ? { subjectId: params.subjectId } : {}),
    ...(params.since ? { since: isoTime(params.since, 'since') } : {}),
    ...(params.until ? { until: isoTime(params.until, 'until') } : {}),
  };
  return {
    params,
    request: {
      ...(params.from ? { from: Number(params.from) } : {}),
      ...(params.before ? { before: Number(params.before) } : {}),
      limit: params.limit ? Number(params.limit) : 50,
      filter,
    },
  };
}

/** What was read, for the entry that records the reading. */
function browsed(req: Request, request: AuditPageRequest, seqs: number[]) {
  return recordAudit({
    actor: req.user!.id, action: 'audit.browsed', subject: { type: 'audit-log', id: 'entries' },
    details: {
      filter: request.filter, ...(request.from ? { from: request.from } : {}), ...(request.before ? { before: request.before } : {}),
      returned: seqs.length, ...(seqs.length > 0 ? { first: Math.min(...seqs), last: Math.max(...seqs) } : {}),
    },
  });
}

function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function exportLog(req: Request, res: Response): Promise<void> {
  const params = readQuery(req.query, ['format', 'from', 'to'] as const);
  const format: ExportFormat = params.format === 'csv' ? 'csv' : 'jsonl';
  const from = params.from ? Number(params.from) : 1;
  const to = params.to ? Number(params.to) : undefined;
  if (to !== undefined && to < from) throw badRequest('the query is not valid', [{ field: 'to', code: 'range', message: 'to must not be below from' }]);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  res.status(200);
  res.set({
    'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
    'Content-Disposition': `attachment; filename="meritflow-audit-${from}-${to ?? 'head'}-${stamp}.${format}"`,
    'Cache-Control': 'no-store',
  });
  const write = (text: string) => new Promise<void>((resolve, reject) => {
    if (res.destroyed) return reject(new Error('the reader went away'));
    if (res.write(text)) resolve();
    else res.once('drain', resolve);
  });
  // The entry before the range comes first: its stored hash is what the range must link to.
  const summary = await writeExport(format, entriesInOrder({ from: Math.max(1, from - 1), ...(to !== undefined ? { to } : {}) }), from, { write }, req.user!.id);
  // Recorded before the file is complete: nobody holds an export the log does not know of.
  await recordAudit({
    actor: req.user!.id, action: 'audit.exported', subject: { type: 'audit-log', id: 'entries' },
    details: { format, from, to: to ?? null, range: summary.range, verified: summary.verification.ok, checked: summary.verification.checked, head: summary.head },
  });
  res.end();
}

/** How long the page waits for a verification walk before it shows the last one (see chainVerdictWithin). */
const PAGE_WAITS_FOR_VERIFICATION_MS = 2_000;

export function auditRoutes(): Router {
  const router = Router();
  const auditors = [requireUser, requireRole(...AUDIT_READERS)];

  router.get('/api/audit', ...auditors, async (req, res) => {
    const { request } = pageRequest(req.query);
    const page = await readAuditPage(request);
    await browsed(req, request, page.entries.map((e) => e.seq));
    res.json(page);
  });

  router.get('/api/audit/verification', ...auditors, async (_req, res) => {
    res.json(await chainVerdict({ fresh: true }));
  });

  router.get('/api/audit/export', ...auditors, async (req, res) => {
    try {
      await exportLog(req, res);
    } catch (error) {
      // Once the file has started, an error can only cut it short: its summary line is then missing.
      if (!res.headersSent || error instanceof HttpError) throw error;
      console.error(error);
      res.destroy();
    }
  });

  router.get('/audit', requireUser, async (req, res) => {
    if (!mayReadAudit(req.user)) throw notFound('page');
    let parsed: ReturnType<typeof pageRequest>;
    try {
      parsed = pageRequest(req.query);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      return render(req, res, 'audit', { title: 'audit', problems: error.problems ?? [], filter: {}, verdict: await chainVerdictWithin(PAGE_WAITS_FOR_VERIFICATION_MS) }, 400);
    }
    const { request, params } = parsed;
    const [page, verdict] = await Promise.all([readAuditPage(request), chainVerdictWithin(PAGE_WAITS_FOR_VERIFICATION_MS)]);
    await browsed(req, request, page.entries.map((e) => e.seq));
    const filters = { actor: params.actor, action: params.action, subjectType: params.subjectType, subjectId: params.subjectId, since: params.since, until: params.until, limit: params.limit };
    render(req, res, 'audit', {
      title: 'audit',
      filter: filters,
      entries: page.entries.map((entry) => ({ ...entry, detailsText: JSON.stringify(entry.details), shortHash: entry.hash.slice(0, 12) })),
      verdict,
      nextLink: page.next ? `/audit${queryString({ ...filters, ...page.next })}` : null,
      newestLink: request.from !== undefined || request.before !== undefined ? `/audit${queryString(filters)}` : null,
      exportCsv: '/api/audit/export?format=csv',
      exportJsonl: '/api/audit/export?format=jsonl',
      ascending: page.order === 'ascending',
    });
  });
  return router;
}
