/**
 * Checks a policy body a process owner wants to save as a new version, field by field, before
 * anything is written. Returns every problem with the path of the field it is about
 * (`weightsByBusinessLine.front`, `curve[2].percent`, `rules[1].bands[0].deferPercent`), so the
 * editor can show the reason at the field. No I/O: the caller passes the version it replaces.
 *
 * Two layers:
 *  1. the shape: a new version keeps the shape of the one before it (the domain and the worker
 *     read these fields), with no keys that a document store or a prototype would misread;
 *  2. the rules of the policy's kind: weights total 100 %, the curve totals 100 %, a deferral pack
 *     never goes below the regulatory floors it states (and the floors themselves are not lowered
 *     from the version before), approval limits name a real approver and whole amounts.
 */
import { catalogueProblems } from './development-plan';
import { DEFAULT_DIMENSIONS, DIMENSION_KEY } from './scoring';
import { checkDeferralPack, type DeferralPack } from './deferral';
import { extentAtLeast, type Extent } from './clawback';
import { approvalProblems, type VariablePayApprovals } from './variable-pay-approval';
import { strategyMapProblems } from './strategy-map';

export interface PolicyProblem {
  field: string;
  code: string;
  message: string;
}

export const APPROVER_GROUPS = ['hr', 'hrbp', 'process-owner', 'risk-officer', 'compliance-officer', 'comp-committee', 'admin'] as const;

const MAX_TEXT = 5000;
const MAX_DEPTH = 8;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'group of fields';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'boolean') return 'yes/no';
  return typeof value;
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/** Roughly 1e-9 precision: 0.15 × 100 is 15, not 15.000000000000002. */
export function roundPercent(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Safe keys and values anywhere in the body, whatever its kind. */
function safetyProblems(value: unknown, path: string, depth: number, out: PolicyProblem[]): void {
  if (depth > MAX_DEPTH) { out.push({ field: path, code: 'depth', message: 'nested too deeply' }); return; }
  if (typeof value === 'string') {
    if (value.length > MAX_TEXT) out.push({ field: path, code: 'length', message: `at most ${MAX_TEXT} characters` });
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) out.push({ field: path, code: 'number', message: 'must be a finite number' });
    return;
  }
  if (Array.isArray(value)) { value.forEach((item, i) => safetyProblems(item, join(path, i), depth + 1, out)); return; }
  if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key === '' || key.includes('.') || key.startsWith('$') || FORBIDDEN_KEYS.has(key) || key.length > 100) {
        out.push({ field: join(path, key.slice(0, 100)), code: 'key', message: 'a field name may not be empty, start with $, contain a dot or be a reserved word' });
        continue;
      }
      safetyProblems(item, join(path, key), depth + 1, out);
    }
  }
}

/**
 * The new body keeps the previous version's shape: the same fields with values of the same kind.
 * Inside lists, elements are compared with the fields any previous element had (so optional fields
 * such as a band's regulatory minimum may come and go); a previous null accepts anything.
 */
function shapeProblems(previous: unknown, next: unknown, path: string, out: PolicyProblem[], inList = false): void {
  if (previous === null || previous === undefined) return;
  if (kindOf(previous) !== kindOf(next)) {
    out.push({ field: path, code: 'type', message: `must be a ${kindOf(previous)}, got a ${kindOf(next)}` });
    return;
  }
  if (Array.isArray(previous) && Array.isArray(next)) {
    if (previous.length === 0) return;
    const first = previous[0];
    if (isObject(first)) {
      // The union of the fields of every previous element, each with its kind.
      const union = previous.reduce(mergeShapes, null);
      next.forEach((item, i) => shapeProblems(union, item, join(path, i), out, true));
    } else {
      next.forEach((item, i) => shapeProblems(first, item, join(path, i), out, true));
    }
    return;
  }
  if (isObject(previous) && isObject(next)) {
    for (const [key, value] of Object.entries(next)) {
      if (!(key in previous)) {
        // A record keyed by currency or role (thresholds, multipliers) may gain a key of the same kind.
        const sample = Object.values(previous)[0];
        if (isRecordOfScalars(previous) && sample !== undefined && kindOf(sample) === kindOf(value)) continue;
        out.push({ field: join(path, key), code: 'unknown', message: 'not a field of this policy' });
        continue;
      }
      shapeProblems(previous[key], value, join(path, key), out, inList);
    }
    if (!inList) {
      for (const key of Object.keys(previous)) {
        if (!(key in next) && !isRecordOfScalars(previous)) out.push({ field: join(path, key), code: 'required', message: 'is required' });
      }
    }
  }
}

/** The fields any of two elements of a list has, each with its kind (nested groups merged too). */
function mergeShapes(a: unknown, b: unknown): unknown {
  if (a === null || a === undefined) return b;
  if (b === null || b === undefined) return a;
  if (isObject(a) && isObject(b)) {
    const merged: Record<string, unknown> = { ...a };
    for (const [k, v] of Object.entries(b)) merged[k] = mergeShapes(merged[k], v);
    return merged;
  }
  if (Array.isArray(a) && a.length === 0) return b;
  return a;
}

/** { CNY: 500, EUR: 50 } or { A: 1.5, B: 1.2 }: a record whose keys are data, not field names. */
function isRecordOfScalars(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => /^[A-Z][A-Za-z0-9]{0,9}$/.test(k)) && Object.values(value).every((v) => typeof v === 'number');
}

function numberAt(out: PolicyProblem[], field: string, value: unknown, opts: { min?: number; max?: number; integer?: boolean } = {}): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) { out.push({ field, code: 'type', message: 'must be a number' }); return false; }
  if (opts.integer && !Number.isInteger(value)) { out.push({ field, code: 'integer', message: 'must be a whole number' }); return false; }
  if (opts.min !== undefined && value < opts.min) { out.push({ field, code: 'min', message: `must be at least ${opts.min}` }); return false; }
  if (opts.max !== undefined && value > opts.max) { out.push({ field, code: 'max', message: `must be at most ${opts.max}` }); return false; }
  return true;
}

/** The label languages every dimension needs: the forms, the explanation and the charts show it in both. */
const DIMENSION_LABEL_LOCALES = ['en', 'zh-CN'] as const;

/**
 * The dimensions a scoring body lists: identifiers (they become the forms' `<key>Rating` fields),
 * each once, each with a label in en and zh-CN. A body without the list scores the four shipped
 * dimensions (versions written before policies listed them). Returns the keys the weights must name.
 */
function dimensionProblems(body: Record<string, unknown>, out: PolicyProblem[]): string[] | null {
  if (body.dimensions === undefined) return DEFAULT_DIMENSIONS.map((d) => d.key);
  if (!Array.isArray(body.dimensions)) { out.push({ field: 'dimensions', code: 'type', message: 'must be a list of dimensions' }); return null; }
  if (body.dimensions.length === 0) { out.push({ field: 'dimensions', code: 'required', message: 'the score needs at least one dimension' }); return null; }
  const keys: string[] = [];
  body.dimensions.forEach((dimension: unknown, i: number) => {
    const at = `dimensions[${i}]`;
    if (!isObject(dimension)) { out.push({ field: at, code: 'type', message: 'a dimension is a key with labels' }); return; }
    if (typeof dimension.key !== 'string' || !DIMENSION_KEY.test(dimension.key)) {
      out.push({ field: `${at}.key`, code: 'format', message: 'a key of letters and digits starting with a lower-case letter (e.g. clientRelationship), at most 40' });
    } else if (keys.includes(dimension.key)) {
      out.push({ field: `${at}.key`, code: 'duplicate', message: `dimension ${dimension.key} is listed twice` });
    } else keys.push(dimension.key);
    const label = dimension.label;
    for (const locale of DIMENSION_LABEL_LOCALES) {
      const text = isObject(label) ? label[locale] : undefined;
      if (typeof text !== 'string' || text.trim() === '') out.push({ field: `${at}.label.${locale}`, code: 'required', message: `a label in ${locale} is required` });
      else if (text.length > 60) out.push({ field: `${at}.label.${locale}`, code: 'length', message: 'at most 60 characters' });
      // The label becomes a Form.io label, which formio interpolates and renders as markup.
      else if (/\{\{|\{%|[<>]/.test(text)) out.push({ field: `${at}.label.${locale}`, code: 'markup', message: 'plain text: no {{, {% or angle brackets' });
    }
  });
  return keys;
}

function scoringProblems(body: Record<string, unknown>, out: PolicyProblem[]): void {
  const dimensions = dimensionProblems(body, out);
  const lines = body.weightsByBusinessLine;
  if (isObject(lines) && dimensions) {
    for (const [line, weights] of Object.entries(lines)) {
      if (!isObject(weights)) continue;
      let total = 0;
      let allNumbers = true;
      for (const dimension of dimensions) {
        const value = weights[dimension];
        if (value === undefined) { out.push({ field: `weightsByBusinessLine.${line}.${dimension}`, code: 'required', message: `a weight for ${dimension} is required` }); allNumbers = false; continue; }
        if (!numberAt(out, `weightsByBusinessLine.${line}.${dimension}`, value, { min: 0, max: 1 })) { allNumbers = false; continue; }
        total += value;
      }
      for (const key of Object.keys(weights)) {
        if (!dimensions.includes(key)) out.push({ field: `weightsByBusinessLine.${line}.${key}`, code: 'unknown', message: `${key} is not one of the policy's dimensions` });
      }
      const percent = roundPercent(total * 100);
      if (allNumbers && percent !== 100) {
        out.push({ field: `weightsByBusinessLine.${line}`, code: 'total', message: `weights total ${percent}, must be 100` });
      }
    }
  }
  if (body.nineBoxDimension !== undefined && dimensions && (typeof body.nineBoxDimension !== 'string' || !dimensions.includes(body.nineBoxDimension))) {
    out.push({ field: 'nineBoxDimension', code: 'enum', message: `one of the policy's dimensions: ${dimensions.join(', ')}` });
  }
  const scale = body.scale as { min?: unknown; max?: unknown } | undefined;
  if (isObject(scale) && typeof scale.min === 'number' && typeof scale.max === 'number' && scale.min >= scale.max) {
    out.push({ field: 'scale.max', code: 'order', message: 'must be above the scale minimum' });
  }
  if (Array.isArray(body.ratingBands)) {
    let previous = Infinity;
    const seen = new Set<string>();
    body.ratingBands.forEach((band, i) => {
      if (!isObject(band)) return;
      if (typeof band.rating !== 'string' || band.rating.trim() === '') out.push({ field: `ratingBands[${i}].rating`, code: 'required', message: 'a rating is required' });
      else if (seen.has(band.rating)) out.push({ field: `ratingBands[${i}].rating`, code: 'duplicate', message: `rating ${band.rating} is listed twice` });
      else seen.add(band.rating);
      if (typeof band.minScore === 'number') {
        if (band.minScore >= previous) out.push({ field: `ratingBands[${i}].minScore`, code: 'order', message: 'bands go from the best down: each minimum score must be below the one above it' });
        previous = band.minScore;
      }
    });
    const last = body.ratingBands[body.ratingBands.length - 1] as { minScore?: unknown } | undefined;
    if (isObject(scale) && typeof scale.min === 'number' && typeof last?.minScore === 'number' && last.minScore > scale.min) {
      out.push({ field: `ratingBands[${body.ratingBands.length - 1}].minScore`, code: 'coverage', message: `the lowest band must start at or below the scale minimum ${scale.min}, so every score has a rating` });
    }
  }
  numberAt(out, 'decimals', body.decimals, { min: 0, max: 6, integer: true });
}

function calibrationProblems(body: Record<string, unknown>, out: PolicyProblem[]): void {
  if (Array.isArray(body.curve)) {
    if (body.curve.length === 0) out.push({ field: 'curve', code: 'required', message: 'the curve needs at least one band' });
    let total = 0;
    const ratings = new Set<string>();
    body.curve.forEach((band, i) => {
      if (!isObject(band)) return;
      if (typeof band.band !== 'string' || band.band.trim() === '') out.push({ field: `curve[${i}].band`, code: 'required', message: 'a band needs a name' });
      if (!Array.isArray(band.ratings) || band.ratings.length === 0) out.push({ field: `curve[${i}].ratings`, code: 'required', message: 'a band needs at least one rating' });
      else for (const rating of band.ratings) {
        if (typeof rating !== 'string' || rating.trim() === '') out.push({ field: `curve[${i}].ratings`, code: 'required', message: 'a rating may not be empty' });
        else if (ratings.has(rating)) out.push({ field: `curve[${i}].ratings`, code: 'duplicate', message: `rating ${rating} is in more than one band` });
        else ratings.add(rating);
      }
      if (numberAt(out, `curve[${i}].percent`, band.percent, { min: 0, max: 100 })) total += band.percent;
    });
    const percent = roundPercent(total);
    if (body.curve.length > 0 && percent !== 100) out.push({ field: 'curve', code: 'total', message: `the bands total ${percent} %, must be 100 %` });
  }
  numberAt(out, 'tolerancePercentagePoints', body.tolerancePercentagePoints, { min: 0, max: 100 });
  numberAt(out, 'minGroupSize', body.minGroupSize, { min: 0, max: 100000, integer: true });
}

interface RuleLike { id?: unknown; bands?: unknown; minimumLastVestingYear?: unknown; minimumTranches?: unknown; tranches?: unknown; firstVestingYear?: unknown; roles?: unknown }

function deferralProblems(body: Record<string, unknown>, previous: Record<string, unknown> | null, out: PolicyProblem[]): void {
  const before = out.length;
  const rules = Array.isArray(body.rules) ? (body.rules as RuleLike[]) : [];
  const previousRules = new Map<string, RuleLike>();
  for (const rule of (Array.isArray(previous?.rules) ? previous!.rules : []) as RuleLike[]) if (typeof rule?.id === 'string') previousRules.set(rule.id, rule);
  const roles = new Set<string>();
  const ids = new Set<string>();
  rules.forEach((rule, i) => {
    if (!isObject(rule)) return;
    const at = `rules[${i}]`;
    if (typeof rule.id !== 'string' || rule.id.trim() === '') out.push({ field: `${at}.id`, code: 'required', message: 'a rule needs an id' });
    else if (ids.has(rule.id)) out.push({ field: `${at}.id`, code: 'duplicate', message: `rule id ${rule.id} is used twice` });
    else ids.add(rule.id);
    if (!Array.isArray(rule.roles) || rule.roles.length === 0) out.push({ field: `${at}.roles`, code: 'required', message: 'a rule names at least one role category' });
    else for (const role of rule.roles) {
      if (typeof role !== 'string' || role.trim() === '') out.push({ field: `${at}.roles`, code: 'required', message: 'a role category may not be empty' });
      else if (roles.has(role)) out.push({ field: `${at}.roles`, code: 'duplicate', message: `role category ${role} is in more than one rule` });
      else roles.add(role);
    }
    const old = typeof rule.id === 'string' ? previousRules.get(rule.id) : undefined;
    const bands = Array.isArray(rule.bands) ? rule.bands : [];
    if (bands.length === 0) out.push({ field: `${at}.bands`, code: 'required', message: 'a rule needs at least one band' });
    bands.forEach((band: unknown, j: number) => {
      if (!isObject(band)) return;
      const bandAt = `${at}.bands[${j}]`;
      if (numberAt(out, `${bandAt}.fromMinor`, band.fromMinor, { min: 0, integer: true })) {
        if (j === 0 && band.fromMinor !== 0) out.push({ field: `${bandAt}.fromMinor`, code: 'first', message: 'the first band starts at 0' });
        const prev = bands[j - 1] as { fromMinor?: unknown } | undefined;
        if (typeof prev?.fromMinor === 'number' && band.fromMinor <= prev.fromMinor) out.push({ field: `${bandAt}.fromMinor`, code: 'order', message: 'bands start at increasing amounts' });
      }
      // The regulatory floor of this band: the one stated in the pack, and never lower than the version before stated.
      const oldBand = Array.isArray(old?.bands) ? (old!.bands as Array<Record<string, unknown>>)[j] : undefined;
      const oldFloor = typeof oldBand?.minimumPercent === 'number' ? oldBand.minimumPercent : undefined;
      if (oldFloor !== undefined && (typeof band.minimumPercent !== 'number' || band.minimumPercent < oldFloor || (oldBand!.minimumExclusive === true && band.minimumExclusive !== true))) {
        out.push({ field: `${bandAt}.minimumPercent`, code: 'floor', message: `the regulatory minimum ${oldFloor} % may not be lowered or removed` });
      }
      if (numberAt(out, `${bandAt}.deferPercent`, band.deferPercent, { min: 0, max: 100 }) && typeof band.minimumPercent === 'number') {
        const below = band.minimumExclusive === true ? band.deferPercent <= band.minimumPercent : band.deferPercent < band.minimumPercent;
        if (below) out.push({ field: `${bandAt}.deferPercent`, code: 'floor', message: `defers ${band.deferPercent} %, but the regulation requires ${band.minimumExclusive === true ? 'more than' : 'at least'} ${band.minimumPercent} %` });
      }
    });
    const tranchesOk = numberAt(out, `${at}.tranches`, rule.tranches, { min: 1, max: 20, integer: true });
    const firstOk = numberAt(out, `${at}.firstVestingYear`, rule.firstVestingYear, { min: 1, max: 20, integer: true });
    const oldYears = typeof old?.minimumLastVestingYear === 'number' ? old.minimumLastVestingYear : undefined;
    if (oldYears !== undefined && (typeof rule.minimumLastVestingYear !== 'number' || rule.minimumLastVestingYear < oldYears)) {
      out.push({ field: `${at}.minimumLastVestingYear`, code: 'floor', message: `the regulatory minimum deferral to year ${oldYears} may not be lowered or removed` });
    }
    const oldTranches = typeof old?.minimumTranches === 'number' ? old.minimumTranches : undefined;
    if (oldTranches !== undefined && (typeof rule.minimumTranches !== 'number' || rule.minimumTranches < oldTranches)) {
      out.push({ field: `${at}.minimumTranches`, code: 'floor', message: `the regulatory minimum of ${oldTranches} yearly instalments may not be lowered or removed` });
    }
    const defers = bands.some((b: unknown) => isObject(b) && typeof b.deferPercent === 'number' && b.deferPercent > 0);
    if (tranchesOk && defers && typeof rule.minimumTranches === 'number' && (rule.tranches as number) < rule.minimumTranches) {
      out.push({ field: `${at}.tranches`, code: 'floor', message: `defers in ${rule.tranches as number} yearly instalments, but the regulation requires at least ${rule.minimumTranches}` });
    }
    if (tranchesOk && firstOk && defers && typeof rule.minimumLastVestingYear === 'number') {
      const last = (rule.firstVestingYear as number) + (rule.tranches as number) - 1;
      if (last < rule.minimumLastVestingYear) out.push({ field: `${at}.tranches`, code: 'floor', message: `the last tranche vests in year ${last}, but the regulation requires deferral to year ${rule.minimumLastVestingYear}` });
    }
  });
  // A co-investment share may not fall below its regulatory minimum, nor may the minimum be lowered.
  const previousCo = new Map<string, Record<string, unknown>>();
  for (const co of (Array.isArray(previous?.coInvestment) ? previous!.coInvestment : []) as unknown[]) if (isObject(co) && typeof co.id === 'string') previousCo.set(co.id, co);
  (Array.isArray(body.coInvestment) ? body.coInvestment : []).forEach((co: unknown, i: number) => {
    if (!isObject(co)) return;
    const at = `coInvestment[${i}]`;
    const oldFloor = typeof co.id === 'string' ? previousCo.get(co.id)?.minimumPercent : undefined;
    if (typeof oldFloor === 'number' && (typeof co.minimumPercent !== 'number' || co.minimumPercent < oldFloor)) {
      out.push({ field: `${at}.minimumPercent`, code: 'floor', message: `the regulatory minimum ${oldFloor} % may not be lowered or removed` });
    }
    if (numberAt(out, `${at}.percent`, co.percent, { min: 0, max: 100 }) && typeof co.minimumPercent === 'number' && co.percent < co.minimumPercent) {
      out.push({ field: `${at}.percent`, code: 'floor', message: `invests ${co.percent} %, but the regulation requires at least ${co.minimumPercent} %` });
    }
  });
  // Whatever the field checks above did not name, the domain's own check of a pack still refuses.
  if (out.length === before) {
    try { checkDeferralPack(body as unknown as DeferralPack); } catch (error) { out.push({ field: 'rules', code: 'pack', message: (error as Error).message }); }
  }
}

function isExtent(value: unknown): value is Extent {
  if (!isObject(value)) return false;
  return value.kind === 'full' || (value.kind === 'percent' && typeof value.percent === 'number' && value.percent >= 0 && value.percent <= 100);
}

/** A clawback policy: minimums name known kinds and responsibilities, and a minimum is never lowered from the version before. */
function clawbackProblems(body: Record<string, unknown>, previous: Record<string, unknown> | null, out: PolicyProblem[]): void {
  const kinds = isObject(body.eventKinds) ? Object.keys(body.eventKinds) : [];
  const roles = isObject(body.responsibilities) ? Object.keys(body.responsibilities) : [];
  const before = new Map<string, unknown>();
  for (const rule of (Array.isArray(previous?.minimumExtents) ? previous!.minimumExtents : []) as unknown[]) if (isObject(rule) && typeof rule.id === 'string') before.set(rule.id, rule.minimum);
  const list = Array.isArray(body.minimumExtents) ? body.minimumExtents : [];
  list.forEach((rule: unknown, i: number) => {
    if (!isObject(rule)) return;
    const at = `minimumExtents[${i}]`;
    for (const [field, known] of [['eventKinds', kinds], ['responsibilities', roles]] as const) {
      const named = rule[field];
      if (!Array.isArray(named) || named.length === 0) out.push({ field: `${at}.${field}`, code: 'required', message: `name at least one of ${known.join(', ') || '(none defined)'}` });
      else for (const name of named) if (typeof name !== 'string' || !known.includes(name)) out.push({ field: `${at}.${field}`, code: 'unknown', message: `${String(name).slice(0, 40)} is not one of ${known.join(', ')}` });
    }
    if (!isExtent(rule.minimum)) { out.push({ field: `${at}.minimum`, code: 'type', message: 'the minimum is { kind: "full" } or { kind: "percent", percent: 0–100 }' }); return; }
    const old = typeof rule.id === 'string' ? before.get(rule.id) : undefined;
    if (isExtent(old) && !extentAtLeast(rule.minimum, old)) out.push({ field: `${at}.minimum`, code: 'floor', message: 'a minimum extent may not be lowered' });
  });
  for (const id of before.keys()) if (!list.some((r: unknown) => isObject(r) && r.id === id)) out.push({ field: 'minimumExtents', code: 'floor', message: `the minimum extent ${id} may not be removed` });
}

function approvalLimitProblems(body: Record<string, unknown>, out: PolicyProblem[]): void {
  const steps = Array.isArray(body.steps) ? body.steps : [];
  if (steps.length === 0) out.push({ field: 'steps', code: 'required', message: 'at least one approval step' });
  const ids = new Set<string>();
  steps.forEach((step: unknown, i: number) => {
    if (!isObject(step)) return;
    const at = `steps[${i}]`;
    if (typeof step.id !== 'string' || !/^[a-z0-9][a-z0-9-]{0,39}$/.test(step.id)) out.push({ field: `${at}.id`, code: 'format', message: 'an id of lower-case letters, digits and dashes' });
    else if (ids.has(step.id)) out.push({ field: `${at}.id`, code: 'duplicate', message: `step id ${step.id} is used twice` });
    else ids.add(step.id);
    const approver = step.approver as Record<string, unknown> | undefined;
    if (!isObject(approver) || (approver.kind !== 'unitHead' && approver.kind !== 'group')) out.push({ field: `${at}.approver.kind`, code: 'enum', message: 'the unit head or a role group' });
    else if (approver.kind === 'group' && !(APPROVER_GROUPS as readonly unknown[]).includes(approver.group)) out.push({ field: `${at}.approver.group`, code: 'enum', message: `a role group: ${APPROVER_GROUPS.join(', ')}` });
    else if (approver.kind === 'unitHead' && 'group' in approver) out.push({ field: `${at}.approver.group`, code: 'unknown', message: 'the unit head needs no group' });
    const when = isObject(step.when) ? step.when : {};
    let conditions = 0;
    if (when.always === true || when.complianceActionFired === true) conditions++;
    for (const measure of ['poolAboveMinor', 'anyAwardAboveMinor'] as const) {
      const thresholds = when[measure];
      if (thresholds === undefined) continue;
      if (!isObject(thresholds)) { out.push({ field: `${at}.when.${measure}`, code: 'type', message: 'amounts by currency' }); continue; }
      for (const [currency, amount] of Object.entries(thresholds)) {
        if (!/^[A-Z]{3}$/.test(currency)) out.push({ field: `${at}.when.${measure}`, code: 'currency', message: `${currency.slice(0, 20)} is not a 3-letter currency code` });
        else if (numberAt(out, `${at}.when.${measure}.${currency}`, amount, { min: 0, integer: true }) && amount > Number.MAX_SAFE_INTEGER / 10) out.push({ field: `${at}.when.${measure}.${currency}`, code: 'max', message: 'too large' });
        conditions++;
      }
    }
    for (const flag of ['always', 'complianceActionFired'] as const) {
      if (when[flag] !== undefined && typeof when[flag] !== 'boolean') out.push({ field: `${at}.when.${flag}`, code: 'type', message: 'must be yes or no' });
    }
    if (conditions === 0) out.push({ field: `${at}.when`, code: 'required', message: 'a step needs a condition: always, an amount above a threshold, or a compliance action' });
  });
}

/**
 * The shape a scoring version keeps from the one before, less what the dimensions decide: a line's
 * weights name the new version's dimensions (checked by scoringProblems), and a version written
 * before policies listed their dimensions may gain the list and the 9-box dimension.
 */
function scoringShape(previous: Record<string, unknown>, next: Record<string, unknown>): Record<string, unknown> {
  const lines = isObject(previous.weightsByBusinessLine) ? previous.weightsByBusinessLine : null;
  const shape: Record<string, unknown> = { ...previous };
  if (lines) shape.weightsByBusinessLine = Object.fromEntries(Object.keys(lines).map((line) => [line, null]));
  for (const added of ['dimensions', 'nineBoxDimension']) if (!(added in previous) && added in next) shape[added] = null;
  return shape;
}

/** Every problem with a body offered as the next version of policy `key`; an empty list means it may be saved. */
/**
 * The early-warning policy (domain/early-warning.ts): each rule, of people or of units, has a key of
 * its own across both lists (a warning names its rule by key), a lead figure with a growth threshold,
 * and at least one figure alongside, each with a condition it can meet.
 */
function earlyWarningProblems(body: Record<string, unknown>, out: PolicyProblem[]): void {
  const keys = new Set<string>();
  for (const list of ['rules', 'unitRules'] as const) {
    const rules = body[list];
    if (rules === undefined && list === 'unitRules') continue;
    if (!Array.isArray(rules)) { out.push({ field: list, code: 'type', message: 'must be a list of rules' }); continue; }
    rules.forEach((rule: unknown, i) => {
      const at = join(list, i);
      if (!isObject(rule)) return void out.push({ field: at, code: 'type', message: 'must be a rule' });
      if (typeof rule.key !== 'string' || !/^[a-z0-9][a-z0-9-]{0,79}$/.test(rule.key)) out.push({ field: join(at, 'key'), code: 'pattern', message: 'must be a key of lower-case letters, digits and dashes' });
      else if (keys.has(rule.key)) out.push({ field: join(at, 'key'), code: 'duplicate', message: `the key ${rule.key} is already a rule's` });
      else keys.add(rule.key);
      const lead = rule.lead;
      if (!isObject(lead) || typeof lead.metric !== 'string' || lead.metric === '') out.push({ field: join(at, 'lead'), code: 'type', message: 'must name the lead figure (metric) and its growth (minGrowthPercent)' });
      else numberAt(out, join(join(at, 'lead'), 'minGrowthPercent'), lead.minGrowthPercent, { min: 0, max: 10_000 });
      if (!Array.isArray(rule.alongside) || rule.alongside.length === 0) return void out.push({ field: join(at, 'alongside'), code: 'min', message: 'must name at least one figure that moves with the lead' });
      rule.alongside.forEach((condition: unknown, j) => {
        const where = join(join(at, 'alongside'), j);
        if (!isObject(condition) || typeof condition.metric !== 'string' || condition.metric === '') return void out.push({ field: where, code: 'type', message: 'must name a figure (metric)' });
        if (condition.rising !== true && condition.minGrowthPercent === undefined && condition.minRatio === undefined) out.push({ field: where, code: 'required', message: 'must say how the figure moves: rising, minGrowthPercent or minRatio' });
        if (condition.minGrowthPercent !== undefined) numberAt(out, join(where, 'minGrowthPercent'), condition.minGrowthPercent, { min: 0, max: 10_000 });
        if (condition.minRatio !== undefined) numberAt(out, join(where, 'minRatio'), condition.minRatio, { min: 1, max: 1_000 });
      });
    });
  }
}

export function validatePolicyBody(key: string, body: unknown, previous: unknown = null): PolicyProblem[] {
  const out: PolicyProblem[] = [];
  if (!isObject(body)) return [{ field: 'body', code: 'type', message: 'the policy body must be a group of fields' }];
  safetyProblems(body, '', 0, out);
  if (out.length > 0) return out;
  shapeProblems(isObject(previous) ? (key === 'scoring' ? scoringShape(previous, body) : previous) : null, body, '', out);
  if (key === 'scoring') scoringProblems(body, out);
  else if (key === 'calibration') calibrationProblems(body, out);
  else if (key.startsWith('deferral-')) deferralProblems(body, isObject(previous) ? previous : null, out);
  else if (key === 'bonus-approval-limits') approvalLimitProblems(body, out);
  else if (key === 'clawback') clawbackProblems(body, isObject(previous) ? previous : null, out);
  else if (key === 'variable-pay-approvals') out.push(...approvalProblems(body as unknown as VariablePayApprovals));
  // Fewer than two raters would show one colleague's own answer; more than ten would hide every 360.
  else if (key === 'strategy-map') out.push(...strategyMapProblems(body));
  else if (key === 'feedback-360') numberAt(out, 'minimumRaters', body.minimumRaters, { min: 2, max: 10, integer: true });
  else if (key === 'development-catalogue') out.push(...catalogueProblems(body));
  else if (key === 'early-warning') earlyWarningProblems(body, out);
  // One reason per field is enough to act on; the first found is the most basic.
  const seen = new Set<string>();
  return out.filter((p) => (seen.has(p.field) ? false : (seen.add(p.field), true)));
}

/** A field-by-field list of what changed between two bodies, for the preview and the audit entry. */
export interface FieldChange {
  field: string;
  before: Json | undefined;
  after: Json | undefined;
}

export function diffBodies(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => diffBodies(before[k], after[k], join(path, k)));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.every((v) => typeof v === 'object' && v !== null) && after.every((v) => typeof v === 'object' && v !== null)) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) => diffBodies(before[i], after[i], join(path, i))).flat();
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ field: path || 'body', before: before as Json | undefined, after: after as Json | undefined }];
}
