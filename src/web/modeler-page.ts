// The flow modeler: bpmn-js with the Camunda 7 properties panel, element templates for every worker
// topic, bpmnlint on the diagram, a form picker and a candidate-group picker for user tasks, and the
// version history (save as a new version, what changed against the running version, deploy, roll back,
// export). It talks only to meritflow's /api/processes routes, which check the role and lint again.
import Modeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, CamundaPlatformPropertiesProviderModule } from 'bpmn-js-properties-panel';
import { ElementTemplatesPropertiesProviderModule } from 'bpmn-js-element-templates';
import ElementTemplateChooserModule from '@bpmn-io/element-template-chooser';
import lintModule from 'bpmn-js-bpmnlint';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json';
import { translateModule } from './modeler/translate-zh';
import { lintBundle } from './modeler/lint-config';
import { insertStep, insertionFlow } from './modeler/insert-step';
import { apiRequest, reasonOf } from './api-client';
import { button, cell, download, showProblems } from './modeler/page-api';
import type { Json, ModelerPageData, ProcessDeployed, ProcessHistory, SavedDraft, VersionDiff, VersionXml } from '../domain/api-types';
import type { ProcessDiff } from '../domain/process-diff';

const data = JSON.parse(document.getElementById('modeler-data')!.textContent!) as Json<ModelerPageData>;
const s = (key: string) => data.strings[key] ?? key;
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

let history = data.history;
/** The stored version the diagram shows, while it has no unsaved change. */
let loadedVersion: number | null = history.runningVersion ?? history.versions[0]?.version ?? null;
let dirty = false;

const modeler = new Modeler({
  container: '#canvas',
  // bpmn-js 18 binds the keyboard to the canvas itself; the old `keyboard.bindTo` only logs an error now.
  propertiesPanel: { parent: '#properties' },
  additionalModules: [
    BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, CamundaPlatformPropertiesProviderModule,
    ElementTemplatesPropertiesProviderModule, ElementTemplateChooserModule,
    lintModule, translateModule(data.locale),
  ],
  moddleExtensions: { camunda: camundaModdle },
  elementTemplates: data.templates,
  linting: { bpmnlint: lintBundle, active: true },
});

const status = (message: string, kind: 'info' | 'error' | 'success' = 'info', problems: Array<{ message: string }> = []): void => showProblems($('modeler-status'), message, kind, problems);
const processPath = `/api/processes/${encodeURIComponent(data.key)}`;

/** Who saved or deployed: the person's name; a release (not a person) for what came with the files. */
function who(id: string | null, shipped: boolean): string {
  if (!id) return '';
  return data.people[id] ?? (shipped ? s('release') : id);
}

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString(data.locale, { dateStyle: 'medium', timeStyle: 'short' }) : '';
}

function renderHistory(): void {
  $('running-version').textContent = history.runningVersion === null ? s('none') : `v${history.runningVersion}`;
  const versions = $('versions-body');
  versions.replaceChildren();
  for (const v of history.versions) {
    const row = (versions as HTMLTableSectionElement).insertRow();
    row.dataset.version = String(v.version);
    cell(row, `v${v.version}${v.version === history.runningVersion ? ` · ${s('running')}` : ''}`, s('version'));
    cell(row, s(`origin.${v.origin}`), s('origin'));
    cell(row, who(v.createdBy, v.origin === 'shipped'), s('by'));
    cell(row, when(v.createdAt), s('when'));
    cell(row, v.note, s('note'));
    const actions = row.insertCell();
    actions.append(button(s('open'), `${s('open')} v${v.version}`, () => void openVersion(v.version)));
    if (v.version !== history.runningVersion) {
      const older = history.runningVersion !== null && v.version < history.runningVersion;
      const text = older ? s('rollback') : s('deploy');
      actions.append(' ', button(text, `${text} v${v.version}`, () => void deployVersion(v.version), older ? 'rollback' : 'deploy'));
    }
  }
  const deployments = $('deployments-body');
  deployments.replaceChildren();
  for (const d of history.deployments) {
    const row = (deployments as HTMLTableSectionElement).insertRow();
    cell(row, `#${d.engineVersion}`, s('engineVersion'));
    cell(row, d.version === null ? '?' : `v${d.version}`, s('version'));
    cell(row, d.kind ? s(`kind.${d.kind}`) : '', s('kind'));
    cell(row, who(d.deployedBy, d.kind === 'shipped'), s('by'));
    cell(row, when(d.deployedAt), s('when'));
    cell(row, String(d.runningCases), s('runningCases'));
  }
  ($('deploy-current') as HTMLButtonElement).disabled = dirty || loadedVersion === null || loadedVersion === history.runningVersion;
  $('loaded-version').textContent = dirty ? s('unsaved') : loadedVersion === null ? '' : `v${loadedVersion}`;
}

function renderDiff(diff: ProcessDiff, against: number | null): void {
  const box = $('diff');
  box.hidden = false;
  const body = $('diff-body');
  body.replaceChildren();
  $('diff-against').textContent = against === null ? s('none') : `v${against}`;
  const add = (kind: string, id: string, name: string, type: string, detail: string) => {
    const row = (body as HTMLTableSectionElement).insertRow();
    row.className = `diff-${kind}`;
    cell(row, s(`diff.${kind}`), s('diff.change'));
    cell(row, id, 'id');
    cell(row, name, s('name'));
    cell(row, type, s('type'));
    cell(row, detail, s('diff.details'));
  };
  for (const e of diff.added) add('added', e.id, e.name, e.type, Object.entries(e.properties).map(([k, v]) => `${k}: ${v}`).join('; '));
  for (const e of diff.removed) add('removed', e.id, e.name, e.type, '');
  for (const c of diff.changed) add('changed', c.id, c.name, c.type, c.fields.map((f) => `${f.field}: ${f.before || '∅'} → ${f.after || '∅'}`).join('; '));
  $('diff-empty').hidden = diff.added.length + diff.removed.length + diff.changed.length > 0;
}

async function refreshHistory(): Promise<void> {
  const response = await apiRequest<ProcessHistory>('GET', `${processPath}/versions`);
  if (response.ok) history = response.body;
  renderHistory();
}

async function openVersion(version: number): Promise<void> {
  const response = await apiRequest<VersionXml>('GET', `${processPath}/versions/${version}/xml`);
  if (!response.ok) return status(`${s('loadFailed')} ${reasonOf(response)}`, 'error');
  await modeler.importXML(response.body.xml);
  fitBesidePalette();
  loadedVersion = version;
  dirty = false;
  renderHistory();
  const diff = await apiRequest<VersionDiff>('GET', `${processPath}/versions/${version}/diff`);
  if (diff.ok) renderDiff(diff.body.diff, diff.body.against);
}

async function save(): Promise<void> {
  const { xml } = await modeler.saveXML({ format: true });
  status(s('saving'));
  const note = ($('version-note') as HTMLInputElement).value.trim();
  const response = await apiRequest<SavedDraft>('POST', `${processPath}/drafts`, { xml, ...(note ? { note } : {}) });
  if (!response.ok && response.status === 400) return status(s('lintRefused'), 'error', response.body.problems ?? []);
  if (!response.ok) return status(`${s('saveFailed')} ${reasonOf(response)}`, 'error');
  loadedVersion = response.body.version;
  dirty = false;
  ($('version-note') as HTMLInputElement).value = '';
  renderDiff(response.body.diff, response.body.against);
  await refreshHistory();
  status(response.body.created ? `${s('saved')} v${response.body.version}` : `${s('unchanged')} v${response.body.version}`, 'success', response.body.warnings.map((w) => ({ message: w.text ?? w.message })));
}

async function deployVersion(version: number): Promise<void> {
  status(s('deploying'));
  const response = await apiRequest<ProcessDeployed>('POST', `${processPath}/deployments`, { version });
  if (!response.ok) return status(`${s('deployFailed')} ${reasonOf(response)}`, 'error', response.body.problems ?? []);
  await refreshHistory();
  status(`${response.body.kind === 'rollback' ? s('rolledBack') : s('deployed')} v${version} (#${response.body.engineVersion})`, 'success');
}

async function exportFile(): Promise<void> {
  const { xml } = await modeler.saveXML({ format: true });
  // bpmn-js types xml as optional; a diagram that cannot be written throws before this.
  if (xml === undefined) return;
  download(`${data.key}${loadedVersion && !dirty ? `-v${loadedVersion}` : ''}.bpmn`, xml, 'application/xml');
}

/**
 * A .bpmn file onto the canvas as this flow's next version once saved: its process takes this flow's
 * key (the server's lint refuses a file whose process is another), and the save is checked as any.
 */
async function importFile(file: File): Promise<void> {
  try {
    await modeler.importXML(await file.text());
  } catch (error) {
    return status(`${s('importFailed')}: ${String((error as Error)?.message ?? error).split('\n')[0]}`, 'error');
  }
  const root = (modeler.get('canvas') as any).getRootElement();
  if (root?.type === 'bpmn:Process' && root.businessObject.id !== data.key) (modeler.get('modeling') as any).updateProperties(root, { id: data.key });
  fitBesidePalette();
  dirty = true;
  renderHistory();
  status(s('imported'), 'success');
}

/**
 * The whole diagram in view, clear of the palette on the left ('fit-viewport' alone puts the start of
 * the flow under the palette), and never larger than life.
 */
function fitBesidePalette(): void {
  const canvas = modeler.get('canvas') as any;
  canvas.zoom('fit-viewport');
  const { inner, outer } = canvas.viewbox();
  if (!inner.width || !inner.height) return;
  const palette = document.querySelector('.djs-palette') as HTMLElement | null;
  const left = (palette ? palette.offsetLeft + palette.offsetWidth : 0) + 24;
  const margin = 24;
  const scale = Math.min(1, (outer.width - left - margin) / inner.width, (outer.height - 2 * margin) / inner.height);
  if (scale <= 0) return;
  const free = outer.height / scale - inner.height;
  canvas.viewbox({ x: inner.x - left / scale, y: inner.y - free / 2, width: outer.width / scale, height: outer.height / scale });
}

// The step panel: what a process owner sets on the selected step without typing technical values.
let selected: any = null;
function showStepPanel(): void {
  const bo = selected?.businessObject;
  const isUserTask = selected?.type === 'bpmn:UserTask';
  const isServiceTask = selected?.type === 'bpmn:ServiceTask';
  $('step-none').hidden = Boolean(selected);
  showStarters();
  $('step-selected').hidden = !selected;
  $('user-task-fields').hidden = !isUserTask;
  $('service-task-fields').hidden = !isServiceTask;
  ($('insert-step') as HTMLButtonElement).disabled = insertionFlow(selected) === null;
  if (!selected) return;
  $('step-id').textContent = selected.id;
  ($('step-name') as HTMLInputElement).value = bo.name ?? '';
  if (isUserTask) {
    const formKey = String(bo.get('camunda:formKey') ?? '');
    ($('step-form') as HTMLSelectElement).value = formKey.startsWith('formio:') ? formKey.slice(7) : '';
    const group = String(bo.get('camunda:candidateGroups') ?? '');
    const groupSelect = $('step-group') as HTMLSelectElement;
    if (group && ![...groupSelect.options].some((o) => o.value === group)) groupSelect.add(new Option(group, group));
    groupSelect.value = group;
    ($('step-assignee') as HTMLInputElement).value = String(bo.get('camunda:assignee') ?? '');
    const link = $('step-form-link') as HTMLAnchorElement;
    link.hidden = !formKey.startsWith('formio:');
    link.href = `/forms-builder/${encodeURIComponent(formKey.slice(7))}`;
  }
  if (isServiceTask) {
    const topic = String(bo.get('camunda:topic') ?? '');
    const template = data.templates.find((t) => t.properties.some((p) => p.value === topic));
    ($('step-topic') as HTMLSelectElement).value = template?.id ?? '';
  }
}

/** The flow itself (nothing selected): who may start it, as the launcher reads it (camunda:candidateStarterGroups). */
function flowRoot(): any | null {
  const root = (modeler.get('canvas') as any).getRootElement();
  return root?.type === 'bpmn:Process' ? root : null;
}

function showStarters(): void {
  const root = selected ? null : flowRoot();
  const box = $('flow-starters');
  box.hidden = !root;
  if (!root) return;
  const groups = String(root.businessObject.get('camunda:candidateStarterGroups') ?? '').split(',').map((g) => g.trim()).filter(Boolean);
  for (const input of box.querySelectorAll<HTMLInputElement>('input[name="starter"]')) input.checked = groups.includes(input.value);
}

function wireStarters(): void {
  const box = $('flow-starters');
  box.addEventListener('change', () => {
    const root = flowRoot();
    if (!root) return;
    // Groups the diagram names that the picker does not offer (a role added later) are kept.
    const offered = new Set([...box.querySelectorAll<HTMLInputElement>('input[name="starter"]')].map((i) => i.value));
    const kept = String(root.businessObject.get('camunda:candidateStarterGroups') ?? '').split(',').map((g) => g.trim()).filter((g) => g && !offered.has(g));
    const ticked = [...box.querySelectorAll<HTMLInputElement>('input[name="starter"]:checked')].map((i) => i.value);
    const groups = [...kept, ...ticked];
    (modeler.get('modeling') as any).updateProperties(root, { 'camunda:candidateStarterGroups': groups.length > 0 ? groups.join(',') : undefined });
  });
}

function readableId(name: string): string | null {
  const words = name.replace(/[^A-Za-z0-9 ]/g, ' ').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  const id = words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase())).join('');
  if (!/^[A-Za-z]/.test(id) || (modeler.get('elementRegistry') as any).get(id)) return null;
  return id.slice(0, 60);
}

function update(properties: Record<string, unknown>): void {
  if (!selected) return;
  (modeler.get('modeling') as any).updateProperties(selected, properties);
}

function wireStepPanel(): void {
  const formSelect = $('step-form') as HTMLSelectElement;
  for (const form of data.forms) formSelect.add(new Option(`${form.title} (${form.key}, v${form.latestVersion})`, form.key));
  const topicSelect = $('step-topic') as HTMLSelectElement;
  for (const template of data.templates) topicSelect.add(new Option(`${template.name} — ${template.description}`, template.id));
  $('step-name').addEventListener('change', (e) => {
    const name = (e.target as HTMLInputElement).value;
    // A step the modeler just made gets an id from its name (hrSignOff), which reads well in diffs and in the history.
    const id = /^Activity_[a-z0-9]+$/.test(selected?.id ?? '') ? readableId(name) : null;
    update(id ? { name, id } : { name });
  });
  formSelect.addEventListener('change', () => update({ 'camunda:formKey': formSelect.value ? `formio:${formSelect.value}` : undefined }));
  $('step-group').addEventListener('change', (e) => update({ 'camunda:candidateGroups': (e.target as HTMLSelectElement).value || undefined }));
  $('step-assignee').addEventListener('change', (e) => update({ 'camunda:assignee': (e.target as HTMLInputElement).value || undefined }));
  topicSelect.addEventListener('change', () => {
    const template = data.templates.find((t) => t.id === topicSelect.value);
    if (template && selected) (modeler.get('elementTemplates') as any).applyTemplate(selected, template);
  });
  $('insert-step').addEventListener('click', () => {
    if (!selected) return;
    const created = insertStep(modeler, selected);
    if (created) (modeler.get('selection') as any).select(created);
  });
}

async function main(): Promise<void> {
  wireStepPanel();
  wireStarters();
  modeler.on('selection.changed', (event: any) => {
    // A click on a flow's or an event's name selects the label: the step panel shows what it names.
    // A click on the empty canvas selects the process itself: no step then.
    const one = event.newSelection.length === 1 ? event.newSelection[0] : null;
    selected = one && one.parent ? (one.labelTarget ?? one) : null;
    showStepPanel();
  });
  // diagram-js deselects a selected element on a second click; a process owner who clicks the step again
  // to get back to it would lose the step panel. A plain click on the one selected element keeps it.
  modeler.on('element.click', 1500, (event: any) => {
    const current = (modeler.get('selection') as any).get();
    const e = event.originalEvent as MouseEvent | undefined;
    if (current.length === 1 && current[0] === event.element && !(e?.shiftKey || e?.ctrlKey || e?.metaKey)) return false;
    return undefined;
  });
  modeler.on('commandStack.changed', () => { dirty = true; renderHistory(); showStepPanel(); });
  $('save').addEventListener('click', () => void save());
  $('deploy-current').addEventListener('click', () => { if (loadedVersion !== null) void deployVersion(loadedVersion); });
  $('export').addEventListener('click', () => void exportFile());
  const fileInput = $('import-file') as HTMLInputElement;
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (file) void importFile(file);
  });
  renderHistory();
  showStepPanel();
  if (loadedVersion !== null) {
    const response = await apiRequest<VersionXml>('GET', `${processPath}/versions/${loadedVersion}/xml`);
    if (!response.ok) throw new Error(`${s('loadFailed')} ${reasonOf(response)}`);
    await modeler.importXML(response.body.xml);
    fitBesidePalette();
    dirty = false;
    renderHistory();
  }
  document.body.dataset.modelerReady = 'true';
}

void main().catch((error) => status(String(error?.message ?? error), 'error'));
