import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROLES } from '../../src/db/models/person';
import { DecisionVersionModel } from '../../src/db/models/decision-version';
import { FormVersionModel } from '../../src/db/models/form-version';
import { ProcessVersionModel } from '../../src/db/models/process-version';
import { AppealModel } from '../../src/db/models/appeal';
import { AwardAdjustmentModel } from '../../src/db/models/award-adjustment';
import { AwardModel } from '../../src/db/models/award';
import { BonusRoundModel } from '../../src/db/models/bonus-round';
import { CalibrationModel } from '../../src/db/models/calibration';
import { ComplianceEventModel } from '../../src/db/models/compliance-event';
import { PersonGoalModel, UnitGoalModel } from '../../src/db/models/goal';
import { ReviewCaseModel } from '../../src/db/models/review-case';
import { SubmissionModel } from '../../src/db/models/submission';
import { TaskActivityModel } from '../../src/db/models/task-activity';

/**
 * What the page sweep (test/e2e/page-sweep.test.ts) counts as a raw code or as English on a Chinese
 * page. The codes are read from the shipped data, not typed here, so a new status, step, role or
 * policy code is caught the day it ships: every status a model allows that is spelled like a code,
 * every role, every user task id of the diagrams, every step of the approval-chain table, every
 * flow, form and policy key, and every identifier-shaped string inside the policies (compliance
 * actions such as "major-cap", pay fields such as "fixedPay", role categories such as
 * "principalExecutive").
 */
const root = join(__dirname, '..', '..');

const CODE_SHAPED = /^(?:[a-z][a-z0-9]*(?:-[a-z0-9]+)+|[a-z]+[A-Z][A-Za-z0-9]*)$/;

function stringsIn(value: unknown, out: Set<string>): void {
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, out);
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) { out.add(key); stringsIn(item, out); }
}

export function rawCodes(): string[] {
  const codes = new Set<string>();
  for (const role of ROLES) codes.add(role);
  for (const model of [CalibrationModel, AwardModel, BonusRoundModel, ReviewCaseModel, AppealModel, AwardAdjustmentModel]) {
    const path = (model.schema.paths as Record<string, { enumValues?: string[] } | undefined>).status ?? {};
    for (const status of path.enumValues ?? []) codes.add(status);
  }
  for (const status of ['in-approval', 'clawed-back', 'under-review']) codes.add(status); // TypeScript unions without a schema enum
  for (const file of readdirSync(join(root, 'processes'))) {
    const text = readFileSync(join(root, 'processes', file), 'utf8');
    for (const m of text.matchAll(/<bpmn:(?:userTask|process) id="([^"]+)"/g)) codes.add(m[1]!);
    for (const m of text.matchAll(/<text>"([a-z][a-z-]+)"<\/text>/g)) codes.add(m[1]!);
    codes.add(file.replace(/\.(bpmn|dmn)$/, ''));
  }
  const policyStrings = new Set<string>();
  for (const file of readdirSync(join(root, 'policies'))) {
    codes.add(file.replace(/\.json$/, ''));
    stringsIn(JSON.parse(readFileSync(join(root, 'policies', file), 'utf8')), policyStrings);
  }
  for (const s of policyStrings) codes.add(s);
  // Only what is spelled like a code: "approved" or "meeting" are words, caught on a Chinese page as English.
  return [...codes].filter((c) => CODE_SHAPED.test(c) || ['hr', 'hrbp'].includes(c)).sort((a, b) => b.length - a.length);
}

/** Text people typed (comments, reasons, goals, statements, event descriptions): shown as typed, in any language. */
export async function typedTexts(): Promise<string[]> {
  const out = new Set<string>();
  const collect = (docs: unknown[], fields?: string[]) => {
    for (const doc of docs) {
      const found = new Set<string>();
      stringsIn(fields ? Object.fromEntries(fields.map((f) => [f, (doc as Record<string, unknown>)[f]])) : doc, found);
      for (const s of found) if (/\s/.test(s.trim()) && s.trim().length >= 6) out.add(s.trim());
    }
  };
  collect(await SubmissionModel.find({}, { data: 1 }).lean(), ['data']);
  collect(await PersonGoalModel.find({}).lean());
  // A unit goal's target is typed by the bank's planners in one language (its title has both).
  for (const goal of await UnitGoalModel.find({}, { target: 1 }).lean()) if (goal.target) out.add(goal.target.trim());
  collect(await ComplianceEventModel.find({}, { description: 1 }).lean(), ['description']);
  collect(await TaskActivityModel.find({}).lean());
  collect(await AppealModel.find({}, { filing: 1, 'triage.reasons': 1, 'decision.reasons': 1 }).lean(), ['filing', 'triage', 'decision']);
  collect(await AwardAdjustmentModel.find({}, { 'event.reason': 1, 'decision.reason': 1 }).lean(), ['event', 'decision']);
  // Longest first, so that a sentence is removed before a phrase inside it.
  return [...out].sort((a, b) => b.length - a.length);
}

/**
 * Names process owners gave to what they built (flows, forms, decision tables that are not shipped):
 * an owner's name for their flow is theirs, in whatever language they typed it. Other test files
 * build some in the shared store.
 */
export async function ownerNames(): Promise<string[]> {
  const shipped = new Set([...readdirSync(join(root, 'processes')), ...readdirSync(join(root, 'forms'))].map((f) => f.replace(/\.(bpmn|dmn|json)$/, '')));
  const names = new Set<string>();
  for (const p of await ProcessVersionModel.find({ origin: 'owner' }, { key: 1, xml: 1 }).lean()) {
    if (shipped.has(p.key)) continue;
    names.add(p.key);
    for (const m of p.xml.matchAll(/<bpmn:(?:process|userTask)\b[^>]*\bname="([^"]+)"/g)) names.add(m[1]!);
  }
  for (const f of await FormVersionModel.find({}, { key: 1, schema: 1 }).lean()) {
    if (shipped.has(f.key)) continue;
    names.add(f.key);
    const title = (f.schema as { title?: unknown }).title;
    if (typeof title === 'string') names.add(title);
  }
  for (const d of await DecisionVersionModel.find({ origin: 'owner' }, { key: 1 }).lean()) if (!shipped.has(d.key)) names.add(d.key);
  return [...names].filter((n) => n.length >= 3);
}

/**
 * Latin words a Chinese page may show: the brand, standards and file formats a bank's staff read as
 * they are, and the rating letters. Upper-case abbreviations (HR, HRBP, CNY, EUR, KPI, AUM) pass as
 * such. Everything else of three letters or more is English to be translated: the list is short on
 * purpose, and each entry is a name, never a word of a sentence.
 */
export const LATIN_ALLOWED = new Set(['meritflow', 'Form.io', 'formio', 'BPMN', 'DMN', 'FEEL', 'Operaton', 'Camunda', 'ECharts', 'OpenID', 'JSON', 'CSV', 'JSONL', 'Excel']);

const LATIN_WORD = /[A-Za-z][A-Za-z.]*[A-Za-z]|[A-Za-z]/g;
const wordsToTranslate = (text: string) => (text.match(LATIN_WORD) ?? []).filter((w) => w.length >= 3 && !/^[A-Z0-9]+$/.test(w) && !LATIN_ALLOWED.has(w));

/** The English a Chinese page shows, after the names, typed texts and allowed words are taken out. */
export function englishIn(text: string, typed: string[], names: string[]): string[] {
  // Most of a Chinese page has no word to translate: the typed texts and names (thousands in a
  // shared store) are taken out only where there is one.
  if (wordsToTranslate(text).length === 0) return [];
  // A line of a longer typed text (a statement's paragraph) is typed text too.
  const line = text.trim();
  if (line.length >= 12 && typed.some((t) => t.includes(line))) return [];
  let rest = text;
  for (const t of typed) if (rest.includes(t)) rest = rest.split(t).join(' ');
  for (const n of names) if (rest.includes(n)) rest = rest.split(n).join(' ');
  rest = rest.replace(/\b[\w.+-]+@[\w.-]+\b/g, ' ') // e-mail addresses
    .replace(/\b[a-z]+\.[a-z]+\d*\b/g, ' '); // user names (cb.rm01)
  return wordsToTranslate(rest);
}

const escaped = (code: string) => code.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
const anyCodeOf = new WeakMap<string[], RegExp>();
/** One expression for the whole list (longest first, as rawCodes sorts it), built once per list. */
function anyCode(codes: string[]): RegExp {
  let re = anyCodeOf.get(codes);
  if (!re) {
    re = new RegExp(`(?<![\\w.-])(?:${codes.map(escaped).join('|')})(?![\\w-])`, 'g');
    anyCodeOf.set(codes, re);
  }
  return re;
}

/** A code in a page's text: whole words, case-sensitive (an English "hr" in a sentence is not a code; "HR" is a word). */
export function codesIn(text: string, codes: string[], allowIds: boolean): string[] {
  const found: string[] = codes.length ? [...text.matchAll(anyCode(codes))].map((m) => m[0]) : [];
  if (!allowIds) for (const m of text.matchAll(/(?<![\w-])E\d{4}(?!\w)/g)) found.push(m[0]);
  // A number of seven or more digits without grouping is a raw amount or id (dates and years are shorter).
  for (const m of text.matchAll(/(?<![\w.,-])\d{7,}(?![\w,.])/g)) found.push(m[0]);
  return [...new Set(found)];
}

const everyCodeOf = new WeakMap<string[], RegExp>();
/** The text with every code of the list taken out, wherever it stands (an owner's tools show keys inside longer keys). */
export function withoutListedCodes(text: string, codes: string[]): string {
  let re = everyCodeOf.get(codes);
  if (!re) {
    re = new RegExp(codes.map(escaped).join('|'), 'g');
    everyCodeOf.set(codes, re);
  }
  return codes.length ? text.replace(re, ' ') : text;
}
