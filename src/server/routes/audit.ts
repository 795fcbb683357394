import { Router, type Response } from 'express';
import type { ExportWriter } from '../../platform/audit/audit-export';
import { chainVerdict, chainVerdictWithin, readAuditPage } from '../../platform/audit/read-audit-log';
import { auditQueryString, readBrowseQuery, readExportQuery, type QueryReading } from '../../domain/audit-query';
import { AUDIT_READERS, browseAuditLog, exportAuditLog, mayReadAudit, recordBrowsing } from '../audit/audit-log';
import { requireRole, requireUser } from '../current-user';
import { badRequest, HttpError, notFound } from '../http-errors';
import { render } from '../views';

/**
 * The audit log for auditors and admins (audit/audit-log.ts says why only they): browse
 * (GET /api/audit and the /audit page), verify the chain (GET /api/audit/verification) and export
 * it (GET /api/audit/export). The query grammar is domain/audit-query.ts.
 */

/** The query's values, or a 400 naming every parameter that is not right. */
function valid<T>(reading: QueryReading<T>): T {
  if (!reading.ok) throw badRequest('the query is not valid', reading.problems);
  return reading.value;
}

/** Writes to the response, waiting while the reader is slower than the log; refused once the reader went away. */
function responseWriter(res: Response): ExportWriter {
  return {
    write: (text) => new Promise<void>((resolve, reject) => {
      if (res.destroyed) return reject(new Error('the reader went away'));
      if (res.write(text)) resolve();
      else res.once('drain', resolve);
    }),
  };
}

/** How long the page waits for a verification walk before it shows the last one (see chainVerdictWithin). */
const PAGE_WAITS_FOR_VERIFICATION_MS = 2_000;

export function auditRoutes(): Router {
  const router = Router();
  const auditors = [requireUser, requireRole(...AUDIT_READERS)];

  router.get('/api/audit', ...auditors, async (req, res) => {
    const { request } = valid(readBrowseQuery(req.query));
    res.json(await browseAuditLog(request, req.user!));
  });

  router.get('/api/audit/verification', ...auditors, async (_req, res) => {
    res.json(await chainVerdict({ fresh: true }));
  });

  router.get('/api/audit/export', ...auditors, async (req, res) => {
    const range = valid(readExportQuery(req.query));
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    res.status(200).set({
      'Content-Type': range.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      'Content-Disposition': `attachment; filename="meritflow-audit-${range.from}-${range.to ?? 'head'}-${stamp}.${range.format}"`,
      'Cache-Control': 'no-store',
    });
    try {
      await exportAuditLog(range, responseWriter(res), req.user!);
      res.end();
    } catch (error) {
      // Once the file has started, an error can only cut it short: its summary line is then missing.
      if (!res.headersSent || error instanceof HttpError) throw error;
      console.error(error);
      res.destroy();
    }
  });

  router.get('/audit', requireUser, async (req, res) => {
    if (!mayReadAudit(req.user)) throw notFound('page');
    const reading = readBrowseQuery(req.query);
    if (!reading.ok) {
      return render(req, res, 'audit', { title: 'audit', problems: reading.problems, filter: {}, verdict: await chainVerdictWithin(PAGE_WAITS_FOR_VERIFICATION_MS) }, 400);
    }
    const { request, params } = reading.value;
    const [page, verdict] = await Promise.all([readAuditPage(request), chainVerdictWithin(PAGE_WAITS_FOR_VERIFICATION_MS)]);
    await recordBrowsing(request, page, req.user!);
    const filters = { actor: params.actor, action: params.action, subjectType: params.subjectType, subjectId: params.subjectId, since: params.since, until: params.until, limit: params.limit };
    render(req, res, 'audit', {
      title: 'audit',
      filter: filters,
      entries: page.entries.map((entry) => ({ ...entry, detailsText: JSON.stringify(entry.details), shortHash: entry.hash.slice(0, 12) })),
      verdict,
      nextLink: page.next ? `/audit${auditQueryString({ ...filters, ...page.next })}` : null,
      newestLink: request.from !== undefined || request.before !== undefined ? `/audit${auditQueryString(filters)}` : null,
      exportCsv: '/api/audit/export?format=csv',
      exportJsonl: '/api/audit/export?format=jsonl',
      ascending: page.order === 'ascending',
    });
  });
  return router;
}
