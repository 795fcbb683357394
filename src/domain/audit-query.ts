/**
 * The audit log's query grammar, as an auditor types it into the browse page or the API
 * (GET /api/audit, /audit, /api/audit/export): each parameter one text of a known shape, a date
 * alone meaning the whole day in UTC. Parsing only; reading the log is src/platform/audit's.
 */

export interface AuditFilter {
  actor?: string;
  /** Exact, or a prefix when it ends with `*` (`session.*`). */
  action?: string;
  subjectType?: string;
  subjectId?: string;
  /** ISO times, inclusive; entries' `at` is an ISO time in UTC, so text order is time order. */
  since?: string;
  until?: string;
}

export interface AuditPageRequest {
  /** Oldest first from this sequence number (inclusive)… */
  from?: number;
  /** …or newest first below this one (exclusive). Neither: the newest entries. */
  before?: number;
  limit: number;
  filter: AuditFilter;
}

export interface QueryProblem {
  field: string;
  code: string;
  message: string;
}

/** A query's values, or every reason it is not one. */
export type QueryReading<T> = { ok: true; value: T } | { ok: false; problems: QueryProblem[] };

const SEQ = /^[1-9][0-9]{0,11}$/;
const TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;

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
  since: { pattern: TIME, message: 'a date or time such as 2026-03-01 or 2026-03-01T09:00Z' },
  until: { pattern: TIME, message: 'a date or time such as 2026-03-31 or 2026-03-31T18:00Z' },
  format: { pattern: /^(?:csv|jsonl)$/, message: 'csv or jsonl' },
} satisfies Record<string, { pattern: RegExp; message: string }>;
export type AuditParam = keyof typeof PARAMS;

/**
 * The named parameters, each a single text of its shape. Names outside `names` are problems too.
 * Empty values count as absent: the page's filter form sends its empty fields. `lang` is the
 * page's language switch and is passed over.
 */
export function readAuditParams<N extends AuditParam>(query: Record<string, unknown>, names: readonly N[]): QueryReading<Partial<Record<N, string>>> {
  const problems: QueryProblem[] = [];
  const values: Partial<Record<N, string>> = {};
  for (const [name, value] of Object.entries(query)) {
    if (name === 'lang' && typeof value === 'string') continue;
    if (!(names as readonly string[]).includes(name)) {
      problems.push({ field: name.slice(0, 100), code: 'unknown', message: 'not a parameter here' });
      continue;
    }
    const spec = PARAMS[name as N];
    if (typeof value !== 'string') problems.push({ field: name, code: 'type', message: `${name} must be given once, as text` });
    else if (value === '') continue;
    else if (!spec.pattern.test(value)) problems.push({ field: name, code: 'format', message: `${name} must be ${spec.message}` });
    else values[name as N] = value;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: values };
}

/**
 * A date alone means the whole day: since its start, until its end (UTC). A time without a zone is
 * UTC, as the log's own times are. Null when the text has the shape but is no real time (2026-02-30).
 */
export function auditTime(value: string, field: 'since' | 'until'): string | null {
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T${field === 'since' ? '00:00:00.000' : '23:59:59.999'}Z` : value;
  const time = new Date(/(?:Z|[+-]\d{2}:\d{2})$/.test(text) ? text : `${text}Z`);
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
}

export const BROWSE_PARAMS = ['from', 'before', 'limit', 'actor', 'action', 'subjectType', 'subjectId', 'since', 'until'] as const;
export type BrowseParams = Partial<Record<(typeof BROWSE_PARAMS)[number], string>>;

/** A page of the log to read (50 newest entries unless asked otherwise), with the parameters as given. */
export function readBrowseQuery(query: Record<string, unknown>): QueryReading<{ request: AuditPageRequest; params: BrowseParams }> {
  const read = readAuditParams(query, BROWSE_PARAMS);
  if (!read.ok) return read;
  const params = read.value;
  if (params.from && params.before) return { ok: false, problems: [{ field: 'before', code: 'conflict', message: 'give from (oldest first) or before (newest first), not both' }] };
  const times: Pick<AuditFilter, 'since' | 'until'> = {};
  for (const field of ['since', 'until'] as const) {
    const given = params[field];
    if (!given) continue;
    const time = auditTime(given, field);
    if (time === null) return { ok: false, problems: [{ field, code: 'format', message: `${field} is not a real date` }] };
    times[field] = time;
  }
  const filter: AuditFilter = {
    ...(params.actor ? { actor: params.actor } : {}),
    ...(params.action ? { action: params.action } : {}),
    ...(params.subjectType ? { subjectType: params.subjectType } : {}),
    ...(params.subjectId ? { subjectId: params.subjectId } : {}),
    ...times,
  };
  return {
    ok: true,
    value: {
      params,
      request: {
        ...(params.from ? { from: Number(params.from) } : {}),
        ...(params.before ? { before: Number(params.before) } : {}),
        limit: params.limit ? Number(params.limit) : 50,
        filter,
      },
    },
  };
}

export interface ExportRange {
  format: 'csv' | 'jsonl';
  from: number;
  /** Absent: up to the newest entry. */
  to?: number;
}

/** Which entries an export holds and in what format: from the first entry to the newest, as JSON lines, unless asked otherwise. */
export function readExportQuery(query: Record<string, unknown>): QueryReading<ExportRange> {
  const read = readAuditParams(query, ['format', 'from', 'to'] as const);
  if (!read.ok) return read;
  const params = read.value;
  const from = params.from ? Number(params.from) : 1;
  const to = params.to ? Number(params.to) : undefined;
  if (to !== undefined && to < from) return { ok: false, problems: [{ field: 'to', code: 'range', message: 'to must not be below from' }] };
  return { ok: true, value: { format: params.format === 'csv' ? 'csv' : 'jsonl', from, ...(to !== undefined ? { to } : {}) } };
}

/** `?name=value&…` of the given values, leaving out empty ones; '' when none is left (the page's links). */
export function auditQueryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
