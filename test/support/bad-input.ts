import type { HttpUser, JsonResponse } from './http-user';

/**
 * The generator of bad input that every route's sweep uses: operator objects in every body field
 * and query parameter, arrays where text belongs, wrong types, script in text, oversized and
 * malformed bodies, unknown and malformed ids. A screen with routes of its own lists them as
 * JsonRoute entries in a sweep file of its own and runs `casesFor` over them.
 */
export const SCRIPT = '<script>alert("x")</script>';
export const HUGE = 'x'.repeat(300 * 1024);
export const OPERATORS: unknown[] = [{ $gt: '' }, { $where: 'sleep(1000) || true' }, { $ne: null }, { $regex: '.*' }];

/** Bad values for a field whose good value is `good`: operators, other types, script, oversize. */
export function badValuesFor(good: unknown): Array<[label: string, value: unknown]> {
  return [
    ...OPERATORS.map((op): [string, unknown] => [`operator ${JSON.stringify(op)}`, op]),
    [Array.isArray(good) ? 'text instead of a list' : 'a list instead of a value', Array.isArray(good) ? 'E0001' : ['a', 'b']],
    ['a number', 12345], ['a boolean', true], ['null', null], ['a nested object', { nested: { deeper: 1 } }],
    ...(typeof good === 'string' ? [['script', SCRIPT], ['300 kB of text', HUGE]] as Array<[string, unknown]> : []),
    ...(Array.isArray(good) ? [['a list of operators', [{ $gt: '' }]], ['a list with script', [SCRIPT]], ['an empty list', []]] as Array<[string, unknown]> : []),
  ];
}

export interface Case {
  route: string;
  label: string;
  send: () => Promise<JsonResponse>;
}

export interface JsonRoute {
  route: string;
  as: () => HttpUser;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: (id?: string) => string;
  /** A body that would be accepted (never sent as it is); null for routes without a body. */
  good: (() => Record<string, unknown>) | null;
  /** Ids to try in the path, if the path has one. */
  ids?: string[];
  /** Labels of generated bad values that are good for this route (an empty list of roles takes them all away). */
  alsoValid?: string[];
}

export const BAD_IDS = ['00000000-0000-4000-8000-000000000000', 'not-an-id', '%24gt', encodeURIComponent('{"$gt":""}'), encodeURIComponent(SCRIPT),
  'a'.repeat(2000), '..%2F..%2Fengine-rest', '%E0%A4%A', '%00', encodeURIComponent('E0001:self')];
// A cycle id that looks right would launch a review: only ids that break the cycle's pattern.
export const BAD_CYCLES = ['%24gt', encodeURIComponent('{"$gt":""}'), encodeURIComponent(SCRIPT), 'a'.repeat(41), '..%2F..%2Fengine-rest', '%E0%A4%A', '%00', '-dash-first', 'dot.ted', '%20'];

export const BAD_QUERIES = ['?$where=sleep(1000)', '?filter[$gt]=', '?id=a&id=b', '?__proto__[admin]=1', `?q=${encodeURIComponent(SCRIPT)}`];
export const RAW_BODIES: Array<[label: string, body: string, contentType: string]> = [
  ['malformed JSON', '{"data": {"businessRating": 5,', 'application/json'],
  ['a JSON list', '[{"$gt": ""}]', 'application/json'],
  ['a bare JSON string', '"text"', 'application/json'],
  ['JSON null', 'null', 'application/json'],
  ['a 300 kB JSON body', JSON.stringify({ data: { achievements: HUGE } }), 'application/json'],
  ['text/plain', 'username=a', 'text/plain'],
  ['an unsupported charset', '{}', 'application/json; charset=utf-16'],
];

/**
 * The cases are listed when jest collects the tests, before beforeAll has signed anyone in: paths
 * and bodies are built when a case is sent; only the field names and kinds are read now.
 */
export function casesFor(r: JsonRoute): Case[] {
  const cases: Case[] = [];
  const send = (path: () => string, body?: () => unknown, headers?: Record<string, string>) => () => r.as().request(r.method, path(), body?.(), headers);
  const goodBody = r.good ? () => r.good!() : undefined;
  for (const query of BAD_QUERIES) cases.push({ route: r.route, label: `query ${query}`, send: send(() => `${r.path()}${query}`, goodBody) });
  for (const id of r.ids ?? []) cases.push({ route: r.route, label: `id ${id.slice(0, 60)}`, send: send(() => r.path(id), goodBody) });
  if (!r.good) return cases;
  for (const [label, body, contentType] of RAW_BODIES) cases.push({ route: r.route, label, send: send(() => r.path(), () => body, { 'content-type': contentType }) });
  for (const [field, sample] of Object.entries(r.good())) {
    for (const [label, bad] of badValuesFor(sample).filter(([label]) => !r.alsoValid?.includes(label))) cases.push({ route: r.route, label: `${field}: ${label}`, send: send(() => r.path(), () => ({ ...r.good!(), [field]: bad })) });
  }
  for (const extra of ['$where', '__proto__', 'constructor', 'data.$set', 'role']) {
    // Written out as text: an object literal would turn "__proto__" into a prototype, not a field.
    const raw = () => JSON.stringify(r.good!()).replace(/^\{/, `{${JSON.stringify(extra)}:{"$gt":""},`);
    cases.push({ route: r.route, label: `extra field ${extra}`, send: send(() => r.path(), raw) });
  }
  return cases;
}

/** A reason a person or a program can read: a JSON error, or a login page with its alert. */
export function hasReason(body: unknown): boolean {
  if (typeof body === 'object' && body !== null) return typeof (body as { error?: unknown }).error === 'string' && (body as { error: string }).error.length > 0;
  return typeof body === 'string' && body.includes('role="alert"');
}

/** Sends a case and fails unless the answer is a 4xx with a reason. */
export async function expectRefusedWithReason(c: Case): Promise<void> {
  const response = await c.send();
  if (response.status < 400 || response.status >= 500 || !hasReason(response.body)) {
    throw new Error(`${c.route} ${c.label}: ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
  }
}
