import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PolicyVersionModel, type PolicyVersion } from '../../db/models/policy-version';
import { PersonModel, type Role } from '../../db/models/person';
import { saveVersionIfChanged } from '../../platform/versions';
import { versionId } from '../../domain/ids';
import type { PolicyVersionSaved } from '../../domain/api-types';
import { isoDay, versionInForce } from '../../domain/policy-in-force';
import { diffBodies, validatePolicyBody, type FieldChange } from '../../domain/policy-validation';
import { isRetiredPolicy, RETIRED_POLICIES } from '../../domain/retired-policies';
import { badRequest, notFound } from '../http-errors';
import type { FieldProblem } from '../forms/validate-submission';

/**
 * The policy editor's reads and its one write. Who:
 *  - process owners and admins edit (a new version; nothing is changed in place);
 *  - HR and auditors read the versions and bodies; everyone else is told the page does not exist.
 */
export const POLICY_EDITORS: Role[] = ['process-owner', 'admin'];
export const POLICY_READERS: Role[] = [...POLICY_EDITORS, 'hr', 'auditor'];

export const mayEditPolicies = (user: Express.Request['user']) => Boolean(user?.roles.some((r) => POLICY_EDITORS.includes(r)));
export const mayReadPolicies = (user: Express.Request['user']) => Boolean(user?.roles.some((r) => POLICY_READERS.includes(r)));

export const POLICY_KEY = /^[a-z0-9][a-z0-9-]{0,59}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The editor each kind of policy gets: a form of its own for these, a form drawn from the body for the rest. */
export function editorKind(key: string): 'scoring' | 'calibration' | 'deferral-pack' | 'bonus-approval-limits' | 'generic' {
  if (key === 'scoring' || key === 'calibration' || key === 'bonus-approval-limits') return key;
  if (key.startsWith('deferral-')) return 'deferral-pack';
  return 'generic';
}

const projectRoot = join(__dirname, '..', '..', '..');
let titles: Record<string, { en: string; 'zh-CN': string }> | undefined;
/** The shipped files' titles, by key (a policy's title is not part of its versioned body). */
export function policyTitles(): Record<string, { en: string; 'zh-CN': string }> {
  if (!titles) {
    titles = {};
    const dir = join(projectRoot, 'policies');
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const file = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { key: string; title?: { en: string; 'zh-CN': string } };
      if (file.title) titles[file.key] = file.title;
    }
  }
  return titles;
}

let editorForms: Map<string, unknown> | undefined;
/** forms/policy-editors/<kind>.json: the Form.io schemas of the four kinds with forms of their own. */
export function editorForm(key: string): unknown | null {
  if (!editorForms) {
    editorForms = new Map();
    const dir = join(projectRoot, 'forms', 'policy-editors');
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.json'))) editorForms.set(name.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dir, name), 'utf8')));
  }
  return editorForms.get(editorKind(key)) ?? null;
}

type VersionRow = Pick<PolicyVersion, 'key' | 'version' | 'effectiveFrom' | 'createdAt' | 'createdBy' | 'source'>;

async function namesOf(ids: string[]): Promise<Map<string, PolicyVersion['createdBy'] | { en: string; 'zh-CN': string }>> {
  const people = ids.length ? await PersonModel.find({ _id: { $in: [...new Set(ids)] } }, { name: 1 }).lean() : [];
  return new Map(people.map((p) => [p._id, p.name as unknown as { en: string; 'zh-CN': string }]));
}

function describe(row: VersionRow, inForce: number | undefined, now: Date, names: Map<string, unknown>) {
  const effective = new Date(row.effectiveFrom);
  return {
    version: row.version,
    effectiveFrom: isoDay(effective),
    createdAt: new Date(row.createdAt).toISOString(),
    createdBy: row.createdBy,
    createdByName: names.get(row.createdBy) ?? null,
    source: row.source ?? 'file',
    inForce: row.version === inForce,
    pending: effective.getTime() > now.getTime() && row.version > (inForce ?? 0),
  };
}

/** Every policy with the version in force, and a pending one when a later-dated version waits. */
export async function listPolicies(now = new Date()) {
  const rows = await PolicyVersionModel.find({}, { key: 1, version: 1, effectiveFrom: 1, createdAt: 1, createdBy: 1, source: 1 }).sort({ key: 1, version: -1 }).lean<VersionRow[]>();
  const names = await namesOf(rows.map((r) => r.createdBy));
  const byKey = new Map<string, VersionRow[]>();
  for (const row of rows) if (!isRetiredPolicy(row.key)) byKey.set(row.key, [...(byKey.get(row.key) ?? []), row]);
  return [...byKey].map(([key, versions]) => {
    const inForce = versionInForce(versions, now);
    const current = versions.find((v) => v.version === inForce)!;
    return {
      key,
      title: policyTitles()[key] ?? null,
      current: describe(current, inForce, now, names),
      latestVersion: versions[0]!.version,
      pending: versions.filter((v) => describe(v, inForce, now, names).pending).length,
    };
  });
}

/** One policy: its versions (newest first) and the body of the latest, which the editor starts from. */
export async function policyDetail(key: string, now = new Date()) {
  if (!POLICY_KEY.test(key)) throw notFound('policy');
  const rows = await PolicyVersionModel.find({ key }, { key: 1, version: 1, effectiveFrom: 1, createdAt: 1, createdBy: 1, source: 1 }).sort({ version: -1 }).lean<VersionRow[]>();
  if (rows.length === 0) throw notFound('policy');
  const latest = await PolicyVersionModel.findById(versionId(key, rows[0]!.version)).lean<PolicyVersion>();
  const names = await namesOf(rows.map((r) => r.createdBy));
  const inForce = versionInForce(rows, now);
  return {
    key,
    title: policyTitles()[key] ?? null,
    kind: editorKind(key),
    versions: rows.map((row) => describe(row, inForce, now, names)),
    latest: { version: latest!.version, effectiveFrom: isoDay(new Date(latest!.effectiveFrom)), body: latest!.body },
    today: isoDay(now),
  };
}

/**
 * Saves a new version, or refuses with every problem by field and writes nothing. The request is
 * { effectiveFrom: "YYYY-MM-DD", body: {…} }; the date is today or later (a version never applies
 * to cases already running, so a date in the past would only mislead), and the body is checked
 * against the latest version (domain/policy-validation.ts).
 */
export async function createPolicyVersion(key: string, input: unknown, actor: string, now = new Date()): Promise<PolicyVersionSaved> {
  if (!POLICY_KEY.test(key)) throw notFound('policy');
  if (isRetiredPolicy(key)) throw badRequest('the policy was not saved', [{ field: 'body', code: 'retired', message: `${key} is now the decision table ${RETIRED_POLICIES[key]!.decision}: edit the table (/api/decisions/${RETIRED_POLICIES[key]!.decision})` }]);
  const latestRow = await PolicyVersionModel.findOne({ key }, { version: 1 }).sort({ version: -1 }).lean();
  if (!latestRow) throw notFound('policy');
  const latest = (await PolicyVersionModel.findById(versionId(key, latestRow.version)).lean<PolicyVersion>())!;

  const problems: FieldProblem[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw badRequest('send { effectiveFrom, body }', [{ field: 'body', code: 'type', message: 'an object with effectiveFrom and body' }]);
  const { effectiveFrom, body, ...extra } = input as Record<string, unknown>;
  for (const name of Object.keys(extra)) problems.push({ field: name.slice(0, 100), code: 'unknown', message: 'not a field here' });
  if (typeof effectiveFrom !== 'string' || !DAY.test(effectiveFrom) || Number.isNaN(Date.parse(`${effectiveFrom}T00:00:00Z`)) || isoDay(new Date(`${effectiveFrom}T00:00:00Z`)) !== effectiveFrom) {
    problems.push({ field: 'effectiveFrom', code: 'format', message: 'a date such as 2027-01-01' });
  } else if (effectiveFrom < isoDay(now)) {
    problems.push({ field: 'effectiveFrom', code: 'past', message: `from today (${isoDay(now)}) or later: running cases keep the version they started with` });
  }
  problems.push(...validatePolicyBody(key, body, latest.body).map((p) => ({ ...p, field: p.field === 'body' ? 'body' : `body.${p.field}` })));
  if (problems.length > 0) throw badRequest('the policy was not saved', problems);

  const changes = diffBodies(latest.body, body);
  const dateChanged = effectiveFrom !== isoDay(new Date(latest.effectiveFrom));
  if (changes.length === 0 && !dateChanged) throw badRequest('the policy was not saved', [{ field: 'body', code: 'unchanged', message: `nothing changed from version ${latest.version}` }]);
  const { version, created } = await saveVersionIfChanged(PolicyVersionModel, key, { effectiveFrom, body }, {
    effectiveFrom: new Date(`${effectiveFrom as string}T00:00:00Z`), body: body as Record<string, unknown>, createdAt: now, createdBy: actor, source: 'editor',
  });
  if (!created) throw badRequest('the policy was not saved', [{ field: 'body', code: 'unchanged', message: `the same as version ${version}` }]);
  return { version, effectiveFrom: effectiveFrom as string, changes };
}
