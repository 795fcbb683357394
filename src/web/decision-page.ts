// The decision table editor: dmn-js's decision table (zh-CN through its translate service), the
// table's versions, save as a new version, deploy, roll back (deploy an older version), download and
// import. A new table (blank, or a copy of another) starts here unsaved; its first save is version 1.
// It talks only to meritflow's /api/decisions routes, which check the role and lint the table again.
import DmnModeler from 'dmn-js/lib/Modeler';
import { dmnTranslateModule } from './decisions/translate-dmn-zh';
import { apiRequest, reasonOf } from './api-client';
import { button, cell, download, showProblems } from './modeler/page-api';
import type { DecisionDeployed, DecisionHistory, DecisionPageData, DecisionVersionRow, Json, SavedDraft, VersionXml } from '../domain/api-types';

type VersionRow = Json<DecisionVersionRow>;

const data = JSON.parse(document.getElementById('decision-data')!.textContent!) as DecisionPageData;
const s = (key: string): string => data.strings[key] ?? key;
const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;
const keyPath = `/api/decisions/${encodeURIComponent(data.key)}`;

let versions: VersionRow[] = [];
/** The stored version the editor shows while it has no unsaved change; null for an unsaved table. */
let loadedVersion: number | null = null;
let dirty = false;

const modeler = new DmnModeler({
  container: '#dmn-editor',
  decisionTable: { additionalModules: [dmnTranslateModule(data.locale)] },
  drd: { additionalModules: [dmnTranslateModule(data.locale)] },
});

const status = (message: string, kind: 'info' | 'error' | 'success' = 'info', problems: Array<{ message: string }> = []) => showProblems($('decision-status'), message, kind, problems);
const deployedVersion = (): number | null => versions.find((v) => v.deployed)?.version ?? null;

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One input, one output, one rule that matches anything: the owner names the columns and fills the rows. */
function blankTable(key: string, name: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:camunda="http://camunda.org/schema/1.0/dmn" id="${key}-definitions" name="${escapeXml(name)}" namespace="https://meritflow.example/decisions">
  <decision id="${key}" name="${escapeXml(name)}" camunda:historyTimeToLive="P3650D">
    <decisionTable id="${key}-table" hitPolicy="UNIQUE">
      <input id="${key}-input-1" label="${escapeXml(s('decision.blankInput'))}">
        <inputExpression id="${key}-input-1-expression" typeRef="string"><text></text></inputExpression>
      </input>
      <output id="${key}-output-1" label="${escapeXml(s('decision.blankOutput'))}" name="result" typeRef="string" />
      <rule id="${key}-rule-1">
        <inputEntry id="${key}-rule-1-in-1"><text></text></inputEntry>
        <outputEntry id="${key}-rule-1-out-1"><text></text></outputEntry>
      </rule>
    </decisionTable>
  </decision>
</definitions>
`;
}

/**
 * The file's one decision under this page's key (and the name, when given), references to it
 * (diagram shapes, required decisions) following. The server's lint refuses any other id anyway.
 */
function asThisTable(xml: string, name?: string): string {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length > 0) throw new Error(s('decision.notDmn'));
  const decisions = [...doc.getElementsByTagNameNS('*', 'decision')];
  if (decisions.length !== 1) throw new Error(s('decision.notOneDecision'));
  const decision = decisions[0]!;
  const oldId = decision.getAttribute('id') ?? '';
  decision.setAttribute('id', data.key);
  if (name) decision.setAttribute('name', name);
  for (const element of [...doc.getElementsByTagNameNS('*', '*')]) {
    if (element.getAttribute('dmnElementRef') === oldId) element.setAttribute('dmnElementRef', data.key);
    if (element.getAttribute('href') === `#${oldId}`) element.setAttribute('href', `#${data.key}`);
  }
  return new XMLSerializer().serializeToString(doc);
}

/** A shipped table's name in the page's language; an owner's table as the owner named it. */
function decisionName(): string {
  const view = modeler.getViews().find((v) => v.type === 'decisionTable');
  return data.strings[`decisionName.${data.key}`] ?? (view?.element.name || data.name || data.key);
}

const watched = new WeakSet<object>();

/** Into the editor, on the decision table (dmn-js opens a diagram of decisions first when the file has one). */
async function show(xml: string): Promise<void> {
  await modeler.importXML(xml);
  const table = modeler.getViews().find((v) => v.type === 'decisionTable');
  if (!table) throw new Error(s('decision.notTable'));
  if (modeler.getActiveView()?.type !== 'decisionTable' || modeler.getActiveView()?.element.id !== table.element.id) await modeler.open(table);
  // The table's viewer lives across imports: one listener each.
  const viewer = modeler.getActiveViewer();
  if (viewer && !watched.has(viewer)) {
    watched.add(viewer);
    viewer.on('elements.changed', () => { dirty = true; render(); });
  }
  $('decision-name').textContent = decisionName();
}

function when(iso: string): string {
  return new Date(iso).toLocaleString(data.locale, { dateStyle: 'medium', timeStyle: 'short' });
}

function render(): void {
  const deployed = deployedVersion();
  $('deployed-version').textContent = deployed === null ? s('none') : `v${deployed}`;
  $('loaded-version').textContent = dirty ? s('unsaved') : loadedVersion === null ? s('decision.newTable') : `v${loadedVersion}`;
  $<HTMLButtonElement>('deploy-current').disabled = dirty || loadedVersion === null || loadedVersion === deployed;
  const body = $<HTMLTableSectionElement>('versions-body');
  body.replaceChildren();
  for (const v of versions) {
    const row = body.insertRow();
    row.dataset.version = String(v.version);
    cell(row, `v${v.version}${v.deployed ? ` · ${s('decision.deployed')}` : ''}`, s('version'));
    cell(row, s(`origin.${v.origin}`), s('origin'));
    cell(row, data.people[v.createdBy] ?? (v.origin === 'shipped' ? s('release') : v.createdBy), s('by'));
    cell(row, when(v.createdAt), s('when'));
    cell(row, v.note, s('note'));
    const actions = row.insertCell();
    actions.append(button(s('open'), `${s('open')} v${v.version}`, () => void openVersion(v.version), 'open'));
    if (!v.deployed) {
      const older = deployed !== null && v.version < deployed;
      const text = older ? s('rollback') : s('deploy');
      actions.append(' ', button(text, `${text} v${v.version}`, () => void deployVersion(v.version), older ? 'rollback' : 'deploy'));
    }
    actions.append(' ', button(s('decision.download'), `${s('decision.download')} v${v.version}`, () => void downloadVersion(v.version), 'download'));
  }
  $('versions-empty').hidden = versions.length > 0;
}

async function refreshVersions(): Promise<boolean> {
  const response = await apiRequest<DecisionHistory>('GET', `${keyPath}/versions`);
  versions = response.ok ? response.body.versions : [];
  render();
  return response.ok;
}

async function versionXml(key: string, version: number): Promise<string> {
  const response = await apiRequest<VersionXml>('GET', `/api/decisions/${encodeURIComponent(key)}/versions/${version}/xml`);
  if (!response.ok) throw new Error(`${s('loadFailed')} ${reasonOf(response)}`);
  return response.body.xml;
}

async function openVersion(version: number): Promise<void> {
  try {
    await show(await versionXml(data.key, version));
  } catch (error) {
    return status(String((error as Error).message), 'error');
  }
  loadedVersion = version;
  dirty = false;
  render();
}

async function save(): Promise<void> {
  const { xml } = await modeler.saveXML({ format: true });
  status(s('saving'));
  const note = $<HTMLInputElement>('version-note').value.trim();
  const response = await apiRequest<SavedDraft>('POST', `${keyPath}/drafts`, { xml, ...(note ? { note } : {}) });
  if (!response.ok && response.status === 400) return status(s('decision.refused'), 'error', response.body.problems ?? []);
  if (!response.ok) return status(`${s('saveFailed')} ${reasonOf(response)}`, 'error');
  loadedVersion = response.body.version;
  dirty = false;
  $<HTMLInputElement>('version-note').value = '';
  await refreshVersions();
  // The address of a saved table is its own page, not the "new table" one.
  if (data.isNew) history.replaceState(null, '', `/decisions/${encodeURIComponent(data.key)}`);
  status(response.body.created ? `${s('saved')} v${loadedVersion}` : `${s('unchanged')} v${loadedVersion}`, 'success', response.body.warnings.map((w) => ({ message: w.text ?? w.message })));
}

async function deployVersion(version: number): Promise<void> {
  const deployed = deployedVersion();
  status(s('deploying'));
  const response = await apiRequest<DecisionDeployed>('POST', `${keyPath}/deployments`, { version });
  if (!response.ok) return status(`${s('deployFailed')} ${reasonOf(response)}`, 'error', response.body.problems ?? []);
  await refreshVersions();
  status(`${deployed !== null && version < deployed ? s('rolledBack') : s('deployed')} v${version}`, 'success');
}

async function downloadVersion(version: number): Promise<void> {
  try {
    download(`${data.key}-v${version}.dmn`, await versionXml(data.key, version), 'application/xml');
  } catch (error) {
    status(String((error as Error).message), 'error');
  }
}

async function downloadShown(): Promise<void> {
  const { xml } = await modeler.saveXML({ format: true });
  download(`${data.key}${loadedVersion !== null && !dirty ? `-v${loadedVersion}` : ''}.dmn`, xml, 'application/xml');
}

/** A .dmn file into the editor under this table's key, as its next version once saved. */
async function importFile(file: File): Promise<void> {
  try {
    await show(asThisTable(await file.text()));
  } catch (error) {
    return status(`${s('decision.notDmn')}: ${String((error as Error).message).split('\n')[0]}`, 'error');
  }
  dirty = true;
  render();
  status(s('imported'), 'success');
}

/** Where a new table starts: a copy of another table's deployed (or newest) version, or a blank one. */
async function newTableXml(): Promise<string> {
  if (!data.from) return blankTable(data.key, data.name || data.key);
  const source = await apiRequest<DecisionHistory>('GET', `/api/decisions/${encodeURIComponent(data.from)}/versions`);
  if (!source.ok) throw new Error(`${s('loadFailed')} ${reasonOf(source)}`);
  const rows = source.body.versions;
  const version = rows.find((v) => v.deployed)?.version ?? rows[0]?.version;
  if (version === undefined) throw new Error(`${s('loadFailed')} (${source.status})`);
  return asThisTable(await versionXml(data.from, version), data.name || undefined);
}

async function main(): Promise<void> {
  $('save').addEventListener('click', () => void save());
  $('deploy-current').addEventListener('click', () => { if (loadedVersion !== null) void deployVersion(loadedVersion); });
  $('export').addEventListener('click', () => void downloadShown());
  const fileInput = $<HTMLInputElement>('import-file');
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (file) void importFile(file);
  });
  const exists = await refreshVersions();
  if (exists) {
    // A "new" table under a key that has one already opens that one, and says so.
    if (data.isNew) status(s('decision.keyTaken'), 'error');
    const start = deployedVersion() ?? versions[0]!.version;
    await openVersion(start);
  } else {
    await show(await newTableXml());
    dirty = true;
    render();
    status(s('decision.newHelp'));
  }
  document.body.dataset.decisionReady = 'true';
}

void main().catch((error: unknown) => status(String((error as Error)?.message ?? error), 'error'));
