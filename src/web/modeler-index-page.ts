// The list of flows, forms and decision tables, and the "new" forms under them: a new decision table
// opens unsaved in its editor (/decisions/:key?new=1); a new flow (blank, a
// copy, a .bpmn file) through POST /api/processes, a new form (blank, a copy, a Form.io JSON file)
// through POST /api/forms. The server checks everything again; this page only says early what it can.
import { apiRequest, reasonOf } from './api-client';
import { showProblems } from './modeler/page-api';
import type { DecisionList, DecisionListRow, ErrorBody, FormHistory, FormVersionSchema, ModelerIndexPageData, SavedDraft, SavedVersion } from '../domain/api-types';

const data = JSON.parse(document.getElementById('modeler-index-data')!.textContent!) as ModelerIndexPageData;
const s = (key: string): string => data.strings[key] ?? key;
const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;

const FLOW_KEY = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/;
const FORM_KEY = /^[a-z][a-z0-9-]{0,59}$/;

function sourceOf(form: HTMLFormElement, name: string): string {
  return (form.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value) ?? 'blank';
}

/** The server's refusal in the owner's words where there are some: a taken key, or the lint's reasons. */
function refusal(statusBox: HTMLElement, answer: { status: number; body: Partial<ErrorBody> }): void {
  const problems = answer.body.problems ?? [];
  if (answer.status === 409 && problems.some((p) => p.code === 'taken')) return showProblems(statusBox, s('new.keyTaken'), 'error');
  if (answer.status === 400) return showProblems(statusBox, s('new.refused'), 'error', problems);
  showProblems(statusBox, `${s('new.failed')} ${reasonOf(answer)}`, 'error');
}

/** Also picks the "copy" or "file" radio when its select or file input is used. */
function wireSourceChoice(form: HTMLFormElement, name: string, select: HTMLSelectElement, file: HTMLInputElement): void {
  const pick = (value: string) => { const radio = form.querySelector<HTMLInputElement>(`input[name="${name}"][value="${value}"]`); if (radio) radio.checked = true; };
  select.addEventListener('change', () => pick('copy'));
  file.addEventListener('change', () => pick('import'));
}

async function createFlow(event: Event): Promise<void> {
  event.preventDefault();
  const form = event.target as HTMLFormElement;
  const box = $('new-flow-status');
  const name = $<HTMLInputElement>('new-flow-name').value.trim();
  const key = $<HTMLInputElement>('new-flow-key').value.trim();
  const source = sourceOf(form, 'flow-source');
  const file = $<HTMLInputElement>('new-flow-file').files?.[0];
  if (source !== 'import' && !name) return showProblems(box, s('new.nameRequired'), 'error');
  if (source !== 'import' && !key) return showProblems(box, s('new.keyRequired'), 'error');
  if (key && !FLOW_KEY.test(key)) return showProblems(box, s('new.keyPattern'), 'error');
  if (source === 'import' && !file) return showProblems(box, s('new.fileRequired'), 'error');
  const copyOf = $<HTMLSelectElement>('new-flow-copy').value;
  const body: Record<string, string> = {};
  if (key) body.key = key;
  if (name) body.name = name;
  if (source === 'copy') {
    body.copyOf = copyOf;
    body.note = `${s('new.noteCopy')} ${data.flows.find((f) => f.key === copyOf)?.name ?? copyOf}`;
  } else if (source === 'import' && file) {
    body.xml = await file.text();
    body.note = `${s('new.noteImport')} ${file.name.replace(/[<>\u0000-\u001f]/g, '')}`.slice(0, 500);
  } else body.note = s('new.noteBlank');
  showProblems(box, s('new.creating'), 'info');
  const response = await apiRequest<SavedDraft>('POST', '/api/processes', body);
  if (!response.ok) return refusal(box, response);
  window.location.assign(`/modeler/${encodeURIComponent(response.body.key)}`);
}

/** A Form.io form: an object with a list of components (the server checks the rest). */
function isFormioSchema(value: unknown): value is Record<string, unknown> & { components: unknown[] } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Array.isArray((value as { components?: unknown }).components);
}

async function formStart(source: string, box: HTMLElement): Promise<Record<string, unknown> | null> {
  if (source === 'copy') {
    const from = $<HTMLSelectElement>('new-form-copy').value;
    const versions = await apiRequest<FormHistory>('GET', `/api/forms/${encodeURIComponent(from)}/versions`);
    const latest = versions.ok ? versions.body.versions[0]?.version : undefined;
    const got = latest === undefined ? null : await apiRequest<FormVersionSchema>('GET', `/api/forms/${encodeURIComponent(from)}/versions/${latest}`);
    if (!got?.ok) { showProblems(box, `${s('new.failed')} ${got ? reasonOf(got) : `(${versions.status})`}`, 'error'); return null; }
    return got.body.schema;
  }
  if (source === 'import') {
    const file = $<HTMLInputElement>('new-form-file').files?.[0];
    if (!file) { showProblems(box, s('new.fileRequired'), 'error'); return null; }
    let parsed: unknown;
    try { parsed = JSON.parse(await file.text()); } catch { showProblems(box, s('new.notJson'), 'error'); return null; }
    if (!isFormioSchema(parsed)) { showProblems(box, s('new.notFormio'), 'error'); return null; }
    return parsed;
  }
  // A blank form still needs its submit button: without one the step it is used on cannot be completed.
  return { display: 'form', components: [{ type: 'button', key: 'submit', label: 'Submit', action: 'submit', input: true, disableOnInvalid: true, theme: 'primary' }] };
}

async function createForm(event: Event): Promise<void> {
  event.preventDefault();
  const form = event.target as HTMLFormElement;
  const box = $('new-form-status');
  const title = $<HTMLInputElement>('new-form-title').value.trim();
  const titleZh = $<HTMLInputElement>('new-form-title-zh').value.trim();
  const key = $<HTMLInputElement>('new-form-key').value.trim();
  const source = sourceOf(form, 'form-source');
  if (source === 'blank' && !title && !titleZh) return showProblems(box, s('new.nameRequired'), 'error');
  if (!key) return showProblems(box, s('new.keyRequired'), 'error');
  if (!FORM_KEY.test(key) || key === 'new') return showProblems(box, s('new.keyPattern'), 'error');
  const start = await formStart(source, box);
  if (!start) return;
  // The title a reader sees in each language; a copy or a file keeps its own where the owner typed none.
  const titles = { ...((start.title_i18n as Record<string, string> | undefined) ?? {}), ...(title ? { en: title } : {}), ...(titleZh ? { 'zh-CN': titleZh } : {}) };
  const schema: Record<string, unknown> = { ...start, title: title || titleZh || start.title || key };
  if (Object.keys(titles).length > 0) schema.title_i18n = titles;
  // Form.io's own identity fields belong to the form it came from, not to this one.
  for (const field of ['_id', 'name', 'path', 'machineName', 'owner', 'created', 'modified']) delete schema[field];
  showProblems(box, s('new.creating'), 'info');
  const response = await apiRequest<SavedVersion>('POST', '/api/forms', { key, schema });
  if (!response.ok) return refusal(box, response);
  window.location.assign(`/forms-builder/${encodeURIComponent(key)}`);
}

type DecisionRow = DecisionListRow;
let decisions: DecisionRow[] = [];

/** A shipped table's name in the page's language; an owner's table as the owner named it. */
function tableName(d: DecisionRow): string {
  return data.strings[`decisionName.${d.key}`] ?? (d.name || d.key);
}

/** The decision tables from /api/decisions: the list, and the tables a new one can copy. */
async function loadDecisions(): Promise<void> {
  const response = await apiRequest<DecisionList>('GET', '/api/decisions');
  decisions = response.ok ? response.body.decisions : [];
  const body = $<HTMLTableSectionElement>('decisions-body');
  const copy = $<HTMLSelectElement>('new-decision-copy');
  body.replaceChildren();
  copy.replaceChildren();
  for (const d of decisions) {
    const row = body.insertRow();
    row.dataset.decision = d.key;
    const name = row.insertCell();
    name.dataset.label = s('index.decision');
    const code = document.createElement('code');
    code.textContent = d.key;
    name.append(`${tableName(d)} `, code);
    const latest = row.insertCell();
    latest.dataset.label = s('index.latest');
    latest.textContent = `v${d.latestVersion}`;
    const deployed = row.insertCell();
    deployed.dataset.label = s('index.deployed');
    deployed.textContent = d.deployedVersion === null ? '—' : `v${d.deployedVersion}`;
    const open = document.createElement('a');
    open.className = 'button';
    open.href = `/decisions/${encodeURIComponent(d.key)}`;
    open.textContent = s('openDecision');
    row.insertCell().append(open);
    copy.add(new Option(tableName(d), d.key));
  }
  $('decisions-table').hidden = decisions.length === 0;
  $('decisions-empty').hidden = decisions.length > 0;
  copy.disabled = decisions.length === 0;
  document.body.dataset.decisionsReady = 'true';
}

/** A new table opens in the editor unsaved; its first save there is version 1. */
function createDecision(event: Event): void {
  event.preventDefault();
  const form = event.target as HTMLFormElement;
  const box = $('new-decision-status');
  const name = $<HTMLInputElement>('new-decision-name').value.trim();
  const key = $<HTMLInputElement>('new-decision-key').value.trim();
  const source = sourceOf(form, 'decision-source');
  if (!name) return showProblems(box, s('new.nameRequired'), 'error');
  if (!key) return showProblems(box, s('new.keyRequired'), 'error');
  if (!FORM_KEY.test(key) || key === 'new') return showProblems(box, s('new.keyPattern'), 'error');
  if (decisions.some((d) => d.key === key)) return showProblems(box, s('new.keyTaken'), 'error');
  if (/[<>\u0000-\u001f]/.test(name)) return showProblems(box, s('new.namePlain'), 'error');
  const query = new URLSearchParams({ new: '1', name });
  const from = $<HTMLSelectElement>('new-decision-copy').value;
  if (source === 'copy' && from) query.set('from', from);
  window.location.assign(`/decisions/${encodeURIComponent(key)}?${query.toString()}`);
}

function main(): void {
  const flowForm = $<HTMLFormElement>('new-flow');
  const formForm = $<HTMLFormElement>('new-form');
  wireSourceChoice(flowForm, 'flow-source', $<HTMLSelectElement>('new-flow-copy'), $<HTMLInputElement>('new-flow-file'));
  wireSourceChoice(formForm, 'form-source', $<HTMLSelectElement>('new-form-copy'), $<HTMLInputElement>('new-form-file'));
  flowForm.addEventListener('submit', (e) => void createFlow(e).catch((error: unknown) => showProblems($('new-flow-status'), String(error), 'error')));
  formForm.addEventListener('submit', (e) => void createForm(e).catch((error: unknown) => showProblems($('new-form-status'), String(error), 'error')));
  const decisionForm = $<HTMLFormElement>('new-decision');
  $('new-decision-copy').addEventListener('change', () => { const radio = decisionForm.querySelector<HTMLInputElement>('input[name="decision-source"][value="copy"]'); if (radio) radio.checked = true; });
  decisionForm.addEventListener('submit', createDecision);
  void loadDecisions().catch(() => { $('decisions-empty').hidden = false; document.body.dataset.decisionsReady = 'true'; });
  document.body.dataset.indexReady = 'true';
}

main();
