// The form builder: formio.js's builder (the global Formio of /vendor/formio/formio.full.min.js) on
// the form's latest version, a quick way to add a field with the keyboard, a preview, and "save as a
// new version" through /api/forms. Versions are never changed in place: a running case keeps the
// version it pinned, a new case pins the newest.
import { BUILDER_ZH_CN } from './forms-builder/builder-zh';
import { apiRequest, reasonOf } from './api-client';
import { button, cell, download } from './modeler/page-api';
import type { FormHistory, FormsBuilderPageData, FormVersionRow, FormVersionSchema, Json, SavedVersion } from '../domain/api-types';

declare const Formio: {
  builder(el: HTMLElement, schema: unknown, options: Record<string, unknown>): Promise<any>;
  createForm(el: HTMLElement, schema: unknown, options: Record<string, unknown>): Promise<any>;
};

type VersionRow = Json<FormVersionRow>;

const data = JSON.parse(document.getElementById('builder-data')!.textContent!) as FormsBuilderPageData;
const s = (key: string) => data.strings[key] ?? key;
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
let base: Record<string, any> = data.schema;
let builder: any;

function status(message: string, kind: '' | 'error' | 'success' = '', problems: Array<{ field: string; message: string }> = []): void {
  const box = $('builder-status');
  box.hidden = false;
  box.className = `alert ${kind}`;
  box.textContent = message;
  if (problems.length > 0) {
    const list = document.createElement('ul');
    for (const p of problems) { const li = document.createElement('li'); li.textContent = `${p.field}: ${p.message}`; list.append(li); }
    box.append(list);
  }
}

function options(): Record<string, unknown> {
  // No "Premium" group: those components need a Form.io licence and a server this platform does not use.
  // No Table: it keeps its cells as lists inside a list, which the store refuses (the server says so on save).
  // The form's own zh-CN strings too, so the canvas shows the form as a Chinese reader will see it.
  return { language: data.locale, i18n: { 'zh-CN': { ...BUILDER_ZH_CN, ...(base.translations?.['zh-CN'] ?? {}) }, en: {} }, noDefaultSubmitButton: true, builder: { premium: false, layout: { components: { table: false } } } };
}

async function mountBuilder(schema: Record<string, any>): Promise<void> {
  const el = $('builder');
  el.replaceChildren();
  builder = await Formio.builder(el, { display: 'form', ...schema, components: schema.components ?? [] }, options());
}

/** The schema to store: everything the stored version had (title, translations, context), with the builder's components. */
function currentSchema(): Record<string, any> {
  return { ...base, components: builder.schema.components };
}

function keyFor(label: string, taken: Set<string>): string {
  const words = label.normalize('NFKD').replace(/[^A-Za-z0-9 ]/g, ' ').trim().split(/\s+/).filter(Boolean);
  let key = words.length > 0 ? words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase())).join('') : 'field';
  if (!/^[A-Za-z]/.test(key)) key = `field${key}`;
  let candidate = key.slice(0, 60);
  for (let n = 2; taken.has(candidate); n++) candidate = `${key.slice(0, 56)}${n}`;
  return candidate;
}

function keysOf(components: any[], into = new Set<string>()): Set<string> {
  for (const c of components ?? []) {
    if (c?.key) into.add(c.key);
    keysOf(c?.components ?? [], into);
    for (const col of c?.columns ?? []) keysOf(col?.components ?? [], into);
  }
  return into;
}

async function quickAdd(event: Event): Promise<void> {
  event.preventDefault();
  const label = ($('field-label') as HTMLInputElement).value.trim();
  if (!label) return status(s('labelRequired'), 'error');
  const type = ($('field-type') as HTMLSelectElement).value;
  const required = ($('field-required') as HTMLInputElement).checked;
  const labelZh = ($('field-label-zh') as HTMLInputElement).value.trim();
  // The Chinese label goes into the form's translations, keyed by the label (as the shipped forms do);
  // a stored key cannot hold '.' or '$'.
  if (labelZh && (label.includes('.') || label.startsWith('$'))) return status(s('labelNoTranslation'), 'error');
  if (labelZh) base = { ...base, translations: { ...(base.translations ?? {}), 'zh-CN': { ...(base.translations?.['zh-CN'] ?? {}), [label]: labelZh } } };
  const schema = currentSchema();
  const key = keyFor(label, keysOf(schema.components));
  const component: Record<string, unknown> = { type, key, label, input: true, tableView: true, validate: { required } };
  if (type === 'textarea') component.validate = { required, maxLength: 2000 };
  if (type === 'textfield') component.validate = { required, maxLength: 200 };
  // Before the submit button when the form ends with one: a field under the button is easy to miss.
  const components = [...schema.components];
  const last = components[components.length - 1];
  const at = last?.type === 'button' && (last.action ?? 'submit') === 'submit' ? components.length - 1 : components.length;
  components.splice(at, 0, component);
  await mountBuilder({ ...schema, components });
  ($('field-label') as HTMLInputElement).value = '';
  ($('field-label-zh') as HTMLInputElement).value = '';
  status(`${s('fieldAdded')} ${label} (${key})`, 'success');
}

async function preview(): Promise<void> {
  const el = $('preview');
  el.replaceChildren();
  $('preview-section').hidden = false;
  const schema = currentSchema();
  await Formio.createForm(el, schema, { language: data.locale, i18n: { ...(schema.translations ?? {}), en: {} }, readOnly: false });
}

function renderVersions(rows: VersionRow[]): void {
  const body = $('versions-body') as HTMLTableSectionElement;
  body.replaceChildren();
  for (const v of rows) {
    const row = body.insertRow();
    row.dataset.version = String(v.version);
    for (const [text, label] of [[`v${v.version}`, s('version')], [data.people[v.createdBy] ?? (v.origin === 'shipped' ? s('release') : v.createdBy), s('by')], [new Date(v.createdAt).toLocaleString(data.locale, { dateStyle: 'medium', timeStyle: 'short' }), s('when')], [s(`origin.${v.origin}`), s('origin')], [String(v.runningCases), s('runningCases')]] as const) {
      cell(row, text, label);
    }
    row.insertCell().append(button(s('open'), `${s('open')} v${v.version}`, () => void openVersion(v.version)));
  }
}

async function refreshVersions(): Promise<void> {
  const response = await apiRequest<FormHistory>('GET', `/api/forms/${encodeURIComponent(data.key)}/versions`);
  if (response.ok) renderVersions(response.body.versions);
}

async function openVersion(version: number): Promise<void> {
  const response = await apiRequest<FormVersionSchema>('GET', `/api/forms/${encodeURIComponent(data.key)}/versions/${version}`);
  if (!response.ok) return status(s('loadFailed'), 'error');
  base = response.body.schema;
  await mountBuilder(base);
  $('shown-version').textContent = `v${version}`;
  status(`${s('showingVersion')} v${version}`);
}

async function save(): Promise<void> {
  status(s('saving'));
  const response = await apiRequest<SavedVersion>('POST', `/api/forms/${encodeURIComponent(data.key)}/versions`, { schema: currentSchema() });
  if (!response.ok && response.status === 400) return status(s('refused'), 'error', response.body.problems ?? []);
  if (!response.ok) return status(`${s('saveFailed')} ${reasonOf(response)}`, 'error');
  const body = response.body;
  base = currentSchema();
  $('shown-version').textContent = `v${body.version}`;
  await refreshVersions();
  status(body.created ? `${s('saved')} v${body.version}` : `${s('unchanged')} v${body.version}`, 'success');
}

/** The form as a Form.io JSON file, as the builder shows it now (saved or not). */
function exportFile(): void {
  const shown = $('shown-version').textContent ?? '';
  download(`${data.key}${/^v\d+$/.test(shown) ? `-${shown}` : ''}.json`, `${JSON.stringify(currentSchema(), null, 2)}\n`, 'application/json');
}

/**
 * A Form.io JSON file into the builder, as the next version of this form once saved; the server's
 * checks (markup, code, keys) decide on save as for any other change.
 */
async function importFile(file: File): Promise<void> {
  let parsed: unknown;
  try { parsed = JSON.parse(await file.text()); } catch { return status(s('notJson'), 'error'); }
  const isForm = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && Array.isArray((parsed as { components?: unknown }).components);
  if (!isForm) return status(s('notFormio'), 'error');
  const schema = { ...(parsed as Record<string, any>) };
  for (const field of ['_id', 'name', 'path', 'machineName', 'owner', 'created', 'modified']) delete schema[field];
  base = schema;
  await mountBuilder(base);
  $('shown-version').textContent = s('importedBadge');
  status(s('imported'), 'success');
}

async function main(): Promise<void> {
  await mountBuilder(base);
  $('shown-version').textContent = data.version ? `v${data.version}` : s('newForm');
  $('quick-add').addEventListener('submit', (e) => void quickAdd(e));
  $('save').addEventListener('click', () => void save());
  $('preview-button').addEventListener('click', () => void preview());
  $('export').addEventListener('click', exportFile);
  const fileInput = $<HTMLInputElement>('import-file');
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (file) void importFile(file);
  });
  await refreshVersions();
  document.body.dataset.builderReady = 'true';
}

void main().catch((error) => status(String(error?.message ?? error), 'error'));
