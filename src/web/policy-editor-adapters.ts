/**
 * Between a policy body (what the domain and the worker read) and the editor form's data (what a
 * person fills in): weights as percentages, lists of ratings and roles as comma-separated text,
 * approval thresholds as rows in whole currency units. Fields the form does not show (titles,
 * references, regulatory floors) are taken from the version being edited, never from the browser.
 * Pure, so it runs in the browser and in the unit tests.
 */
export type EditorKind = 'scoring' | 'calibration' | 'deferral-pack' | 'bonus-approval-limits' | 'generic';
type Obj = Record<string, any>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const toPercent = (fraction: unknown) => (typeof fraction === 'number' ? Math.round(fraction * 100 * 1e6) / 1e6 : fraction);
const toFraction = (percent: unknown) => (typeof percent === 'number' ? Math.round((percent / 100) * 1e9) / 1e9 : percent);
const list = (text: unknown) => (typeof text === 'string' ? text.split(/[,，、]/).map((s) => s.trim()).filter(Boolean) : text);
const text = (items: unknown) => (Array.isArray(items) ? items.join(', ') : items);
const toMajor = (minor: number) => Math.round(minor) / 100;
const toMinor = (major: unknown) => (typeof major === 'number' ? Math.round(major * 100) : major);
const compact = (o: Obj): Obj => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
// The web bundle may import the pure domain (policy-page.ts imports policy-validation.ts too).
import { DEFAULT_DIMENSIONS, DEFAULT_NINE_BOX_DIMENSION, DIMENSION_KEY } from '../domain/scoring';

/** A scoring body's dimension rows as the editor shows them: key and the two labels. */
interface DimensionRow { key?: unknown; labelEn?: unknown; labelZh?: unknown }

function dimensionRows(body: Obj): DimensionRow[] {
  const listed = Array.isArray(body.dimensions) && body.dimensions.length > 0 ? (body.dimensions as Obj[]) : DEFAULT_DIMENSIONS;
  return listed.map((d) => ({ key: d.key, labelEn: d.label?.en, labelZh: d.label?.['zh-CN'] }));
}

/** The keys of the rows that are complete identifiers: the weights the form asks for. */
export function dimensionKeysOf(data: Obj): string[] {
  const rows = Array.isArray(data.dimensions) ? (data.dimensions as DimensionRow[]) : [];
  const keys = rows.map((r) => r?.key).filter((k): k is string => typeof k === 'string' && DIMENSION_KEY.test(k));
  return [...new Set(keys)];
}

export function toForm(kind: EditorKind, source: Obj): Obj {
  // A copy: the form's data must never share objects with the version it was drawn from.
  const body = JSON.parse(JSON.stringify(source)) as Obj;
  switch (kind) {
    case 'scoring': {
      const dimensions = dimensionRows(body);
      return {
        dimensions,
        weightsByBusinessLine: Object.fromEntries(Object.entries(body.weightsByBusinessLine ?? {}).map(([line, w]) => [line, Object.fromEntries(dimensions.map((d) => [d.key, toPercent((w as Obj)[d.key as string])]))])),
        ratingBands: (body.ratingBands ?? []).map((b: Obj) => ({ rating: b.rating, minScore: b.minScore })),
        scaleMin: body.scale?.min, scaleMax: body.scale?.max, decimals: body.decimals,
        nineBoxDimension: body.nineBoxDimension ?? DEFAULT_NINE_BOX_DIMENSION,
      };
    }
    case 'calibration':
      return { curve: (body.curve ?? []).map((b: Obj) => ({ band: b.band, ratings: text(b.ratings), percent: b.percent })), tolerancePercentagePoints: body.tolerancePercentagePoints, minGroupSize: body.minGroupSize };
    case 'deferral-pack':
      return { ...body, rules: (body.rules ?? []).map((r: Obj) => ({ ...r, roles: text(r.roles) })) };
    case 'bonus-approval-limits':
      return {
        steps: (body.steps ?? []).map((s: Obj) => ({
          id: s.id,
          approver: s.approver?.kind === 'group' ? s.approver.group : 'unitHead',
          always: s.when?.always === true,
          complianceActionFired: s.when?.complianceActionFired === true,
          thresholds: ['poolAboveMinor', 'anyAwardAboveMinor'].flatMap((measure) => Object.entries((s.when?.[measure] ?? {}) as Record<string, number>).map(([currency, amount]) => ({ measure, currency, amount: toMajor(amount) }))),
        })),
      };
    default:
      return genericToForm(body) as Obj;
  }
}

export function fromForm(kind: EditorKind, data: Obj, source: Obj): Obj {
  const previous = JSON.parse(JSON.stringify(source)) as Obj;
  switch (kind) {
    case 'scoring': {
      const lines = isObj(data.weightsByBusinessLine) ? data.weightsByBusinessLine : {};
      const rows = (Array.isArray(data.dimensions) ? data.dimensions : []) as DimensionRow[];
      // Every row goes to the server as it is (a bad key is refused there, at its row); the weights
      // are those of the rows' keys, so a removed dimension leaves no weight behind.
      const dimensions = rows.map((r) => ({ key: r?.key, label: { en: r?.labelEn, 'zh-CN': r?.labelZh } }));
      return {
        ...previous,
        scale: { ...previous.scale, min: data.scaleMin, max: data.scaleMax },
        dimensions,
        weightsByBusinessLine: Object.fromEntries(Object.entries(lines).map(([line, w]) => [line, Object.fromEntries(rows
          .filter((r) => typeof r?.key === 'string' && r.key !== '')
          .map((r) => [r.key as string, toFraction((w as Obj)?.[r.key as string])])
          .filter(([, weight]) => weight !== undefined))])),
        ratingBands: (data.ratingBands ?? []).map((b: Obj) => ({ rating: b.rating, minScore: b.minScore })),
        decimals: data.decimals,
        nineBoxDimension: data.nineBoxDimension,
      };
    }
    case 'calibration':
      return { ...previous, curve: (data.curve ?? []).map((b: Obj) => ({ band: b.band, ratings: list(b.ratings), percent: b.percent })), tolerancePercentagePoints: data.tolerancePercentagePoints, minGroupSize: data.minGroupSize };
    case 'deferral-pack': {
      const oldRules = new Map<string, Obj>(((previous.rules ?? []) as Obj[]).map((r) => [r.id, r]));
      return {
        ...previous,
        rules: (data.rules ?? []).map((row: Obj) => {
          const old = oldRules.get(row.id);
          return compact({
            ...(old ?? {}),
            id: row.id,
            roles: list(row.roles),
            basis: row.basis,
            bands: (row.bands ?? []).map((band: Obj, i: number) => {
              const oldBand = (old?.bands ?? [])[i] as Obj | undefined;
              // The regulatory floor stays what the version before said; the form only shows it.
              return compact({ fromMinor: band.fromMinor, deferPercent: band.deferPercent, minimumPercent: oldBand?.minimumPercent, minimumExclusive: oldBand?.minimumExclusive });
            }),
            tranches: row.tranches,
            firstVestingYear: row.firstVestingYear,
            minimumLastVestingYear: old?.minimumLastVestingYear,
            reference: old?.reference ?? '',
          });
        }),
      };
    }
    case 'bonus-approval-limits': {
      const oldSteps = new Map<string, Obj>(((previous.steps ?? []) as Obj[]).map((s) => [s.id, s]));
      return {
        ...previous,
        steps: (data.steps ?? []).map((row: Obj) => {
          const when: Obj = {};
          if (row.always === true) when.always = true;
          for (const t of (row.thresholds ?? []) as Obj[]) {
            if (!t.measure || !t.currency) continue;
            when[t.measure] = { ...(when[t.measure] ?? {}), [t.currency]: toMinor(t.amount) };
          }
          if (row.complianceActionFired === true) when.complianceActionFired = true;
          return compact({
            id: row.id,
            approver: row.approver === 'unitHead' ? { kind: 'unitHead' } : { kind: 'group', group: row.approver },
            when,
            title: oldSteps.get(row.id)?.title,
          });
        }),
      };
    }
    default:
      return genericFromForm(data, previous) as Obj;
  }
}

/** The form components a server problem (field path within the body) is shown at, most specific first. */
export function fieldsFor(kind: EditorKind, field: string): string[] {
  let path = field.replace(/^body\.?/, '');
  if (kind === 'scoring') {
    const label = /^(dimensions\[\d+\])\.label\.(en|zh-CN)$/.exec(path);
    if (label) path = `${label[1]}.${label[2] === 'en' ? 'labelEn' : 'labelZh'}`;
    else if (/^weightsByBusinessLine\.[^.]+$/.test(path)) path = `${path}.total`;
    else if (path === 'scale.min') path = 'scaleMin';
    else if (path === 'scale.max') path = 'scaleMax';
  } else if (kind === 'calibration' && path === 'curve') path = 'curveTotal';
  else if (kind === 'bonus-approval-limits') {
    path = path.replace(/^(steps\[\d+\])\.approver(\..*)?$/, '$1.approver').replace(/^(steps\[\d+\])\.when(\..*)?$/, '$1.thresholds');
  }
  const candidates: string[] = [];
  while (path) {
    candidates.push(path);
    const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    path = cut > 0 ? path.slice(0, cut) : '';
  }
  return candidates;
}

/**
 * The scoring editor's schema for the dimensions being edited: each business line's placeholder
 * (`"scoringDimensions": "weight"` in forms/policy-editors/scoring.json) becomes one percentage
 * per dimension and the line's total, and the 9-box select (`"choice"`) offers the dimensions, all
 * named in the page's language. The page draws it again when the dimension keys change, so a row
 * added to the dimensions gets its weights. Other kinds' schemas come back as they are.
 */
export function editorSchema(kind: EditorKind, schema: Obj, data: Obj, language: 'en' | 'zh-CN'): Obj {
  if (kind !== 'scoring') return schema;
  const keys = dimensionKeysOf(data);
  const rows = (Array.isArray(data.dimensions) ? data.dimensions : []) as DimensionRow[];
  const labelOf = (key: string) => {
    const row = rows.find((r) => r?.key === key);
    const label = language === 'en' ? row?.labelEn : (row?.labelZh || row?.labelEn);
    return typeof label === 'string' && label.trim() !== '' ? label : key;
  };
  const weightColumns = (line: string): Obj => ({
    type: 'columns',
    key: `${line}Columns`,
    input: false,
    columns: [
      ...keys.map((key) => ({
        components: [{ type: 'number', key, label: labelOf(key), input: true, tableView: true, validate: { required: true, min: 0, max: 100 }, suffix: '%', decimalLimit: 2 }],
        width: 2, size: 'md',
      })),
      {
        components: [{
          type: 'number', key: 'total', label: 'Total', input: true, disabled: true, persistent: false, suffix: '%', decimalLimit: 2, tableView: false,
          // The keys are identifiers (DIMENSION_KEY), so the sum is plain property reads.
          calculateValue: `value = Math.round((${keys.map((k) => `(Number(row.${k})||0)`).join('+') || '0'})*100)/100;`,
        }],
        width: 2, size: 'md',
      },
    ],
  });
  const expand = (components: Obj[] | undefined, line: string | null): Obj[] | undefined => components?.map((c) => {
    const mode = c.properties?.scoringDimensions;
    if (mode === 'weight' && line) return weightColumns(line);
    if (mode === 'choice') return { ...c, data: { values: keys.map((key) => ({ value: key, label: labelOf(key) })) } };
    // A container directly under weightsByBusinessLine is a business line.
    const childLine = c.type === 'container' && c.key !== 'weightsByBusinessLine' ? c.key : line;
    return {
      ...c,
      ...(c.components ? { components: expand(c.components, childLine) } : {}),
      ...(c.columns ? { columns: c.columns.map((col: Obj) => ({ ...col, components: expand(col.components, childLine) })) } : {}),
    };
  });
  return { ...schema, components: expand(schema.components, null) };
}

/* A form drawn from the body for the policies without a form of their own: groups of fields as
   fieldsets, numbers, texts and yes/no as inputs, lists as JSON text (checked by the server). */

function genericToForm(value: unknown): unknown {
  if (Array.isArray(value) || value === null) return JSON.stringify(value, null, 2);
  if (isObj(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, genericToForm(v)]));
  return value;
}

function genericFromForm(value: unknown, previous: unknown): unknown {
  if (Array.isArray(previous) || previous === null) {
    if (typeof value !== 'string') return value;
    try { return JSON.parse(value); } catch { return value; }
  }
  if (isObj(previous) && isObj(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, genericFromForm(v, previous[k])]));
  return value;
}

function labelOf(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

type Labelled = Record<string, { en?: string; 'zh-CN'?: string }>;
/** forms/policy-editors/generic.json: each field's label and each code's, in both languages (labels are data). */
export interface GenericLabels { fields?: Labelled; choices?: Record<string, Labelled>; choicesOf?: Record<string, string> }

function genericComponent(key: string, value: unknown, labels: GenericLabels, language: 'en' | 'zh-CN'): Obj {
  const named = labels.fields?.[key];
  const label = named?.[language] ?? named?.en ?? labelOf(key);
  if (isObj(value)) {
    return { type: 'fieldset', key: `${key}Fieldset`, legend: label, input: false, components: [{ type: 'container', key, label, hideLabel: true, input: true, tableView: false, components: Object.entries(value).map(([k, v]) => genericComponent(k, v, labels, language)) }] };
  }
  if (typeof value === 'number') return { type: 'number', key, label, input: true, decimalLimit: 6, validate: { required: true } };
  if (typeof value === 'boolean') return { type: 'checkbox', key, label, input: true };
  if (Array.isArray(value) || value === null) return { type: 'textarea', key, label: `${label} (JSON)`, input: true, rows: 6, autoExpand: true, spellcheck: false };
  // A code the table knows ("fixedPay") is a choice by its label, never the code typed into a box.
  const choices = labels.choices?.[labels.choicesOf?.[key] ?? key];
  if (choices && typeof value === 'string' && value in choices) {
    return { type: 'select', key, label, input: true, widget: 'html5', validate: { required: true }, data: { values: Object.entries(choices).map(([code, name]) => ({ value: code, label: name[language] ?? name.en ?? code })) } };
  }
  const long = typeof value === 'string' && value.length > 80;
  return { type: long ? 'textarea' : 'textfield', key, label, input: true, ...(long ? { rows: 3, autoExpand: true } : {}) };
}

export function genericSchema(body: Obj, labels: GenericLabels = {}, language: 'en' | 'zh-CN' = 'en'): Obj {
  return { display: 'form', type: 'form', components: Object.entries(body).map(([k, v]) => genericComponent(k, v, labels, language)) };
}
