// The launch page: a flow picker (the flows the person may start), dry run, launch, and a progress
// bar that polls GET /api/launches/:id every second. The page URL carries the launch id
// (/cycles/launch/:id), so a reload picks the bar up again.
import type { LaunchAccepted, LaunchDryRun, LaunchProgress, NamedSubject } from '../domain/api-types';
import { apiRequest, type ApiAnswer } from './api-client';

interface FlowChoice {
  key: string;
  name: string;
  subjectType: 'person' | 'unit';
  versions: Array<{ version: number; latest: boolean }>;
}

interface PageData {
  launchId: string | null;
  flows: FlowChoice[];
  /** Display names of the flows the recent launches started. */
  flowNames: Record<string, string>;
  /** Each unit's name in the page's language, by id (the dry run answers with ids). */
  unitNames?: Record<string, string>;
  messages: Record<string, string>;
}

const data = JSON.parse(document.getElementById('launch-data')!.textContent!) as PageData;
const m = data.messages;
const language = document.documentElement.lang === 'en' ? 'en' : 'zh-CN';
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const fill = (template: string, values: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (_all, name: string) => String(values[name] ?? ''));
const nameOf = (p: NamedSubject) => (p.name ? p.name[language] ?? p.name.en : p.id);

const problem = $<HTMLParagraphElement>('form-problem');
const launchButton = $<HTMLButtonElement>('launch');
const dryRunButton = $<HTMLButtonElement>('dry-run');

function showProblem(text: string | null): void {
  problem.hidden = text === null;
  problem.textContent = text ?? '';
}

const flowSelect = document.getElementById('flow') as HTMLSelectElement | null;
const chosenFlow = (): FlowChoice | null => data.flows.find((f) => f.key === flowSelect?.value) ?? null;

/** Another flow: its versions, and its scope (a unit flow takes chosen units only, never the whole bank). */
function showFlow(): void {
  const flow = chosenFlow();
  if (!flow) return;
  const versions = $<HTMLSelectElement>('process-version');
  versions.replaceChildren(...flow.versions.map((v) => {
    const option = document.createElement('option');
    option.value = String(v.version);
    option.textContent = `v${v.version}${v.latest ? ` (${m.latest})` : ''}`;
    option.selected = v.latest;
    return option;
  }));
  const units = flow.subjectType === 'unit';
  $('scope-bank-choice').hidden = units;
  $('scope-help-person').hidden = units;
  $('scope-help-unit').hidden = !units;
  if (units) {
    $<HTMLInputElement>('scope-units').checked = true;
    $('unit-list').classList.remove('dimmed');
  }
  $('dry-run-result').hidden = true;
}
flowSelect?.addEventListener('change', showFlow);

/** The launch request from the form, or null after saying what is missing. */
function request(): { flow: FlowChoice; body: Record<string, unknown> } | null {
  const flow = chosenFlow();
  if (!flow) return null;
  const cycle = $<HTMLInputElement>('cycle').value.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/.test(cycle)) {
    showProblem(m.needCycle!);
    $<HTMLInputElement>('cycle').focus();
    return null;
  }
  const body: Record<string, unknown> = { cycle, processVersion: $<HTMLSelectElement>('process-version').value };
  if ($<HTMLInputElement>('scope-units').checked || flow.subjectType === 'unit') {
    const unitIds = [...document.querySelectorAll<HTMLInputElement>('input[name=unitIds]:checked')].map((box) => box.value);
    if (unitIds.length === 0) {
      showProblem(flow.subjectType === 'unit' ? m.needUnitsOnly! : m.needUnits!);
      return null;
    }
    body.unitIds = unitIds;
  }
  showProblem(null);
  return { flow, body };
}

const flowPath = (flow: FlowChoice) => `/api/flows/${encodeURIComponent(flow.key)}/launches`;

function explain(answer: Extract<ApiAnswer<unknown>, { ok: false }>): string {
  const reasons = (answer.body.problems ?? []).map((p) => p.message).join('; ');
  return `${m.failed} (${answer.body.error ?? answer.status}${reasons ? `: ${reasons}` : ''})`;
}

// Changing anything after a dry run asks for a new one before launching.
$('launch-form').addEventListener('input', () => { launchButton.disabled = true; });
$<HTMLInputElement>('scope-bank').addEventListener('change', () => { $('unit-list').classList.add('dimmed'); });
$<HTMLInputElement>('scope-units').addEventListener('change', () => { $('unit-list').classList.remove('dimmed'); });

dryRunButton.addEventListener('click', async () => {
  const req = request();
  if (!req) return;
  dryRunButton.disabled = true;
  try {
    const answer = await apiRequest<LaunchDryRun>('POST', `${flowPath(req.flow)}/dry-run`, req.body);
    if (!answer.ok) return showProblem(explain(answer));
    const r = answer.body;
    const units = req.flow.subjectType === 'unit';
    $('dry-cases').textContent = String(r.cases);
    $('dry-skipped').textContent = String(r.skipped);
    $('dry-without').textContent = String(r.notStarted.length);
    $('dry-version').textContent = `${req.flow.name} v${r.process.version}`;
    $('dry-without-names').replaceChildren(...r.notStarted.slice(0, 50).map((n) => {
      const li = document.createElement('li');
      li.textContent = `${nameOf(n.subject)}: ${m[`reason.${n.code}`] ?? n.code}`;
      return li;
    }));
    $('dry-note').textContent = m[`note.${req.flow.key}`] ?? (units ? m['note.unit'] : m['note.person']) ?? '';
    const [subjectLabel, managerLabel] = units ? [m.unit!, m.unitHead!] : [m.employee!, m.firstApprover!];
    $('dry-subject-heading').textContent = subjectLabel;
    // A unit's case is its own unit: no second unit column.
    $('dry-unit-heading').hidden = units;
    $('dry-manager-heading').textContent = managerLabel;
    const rows = $('dry-approvers').querySelector('tbody')!;
    rows.replaceChildren(...r.firstCases.map((a) => {
      const tr = document.createElement('tr');
      const rule = units ? m['rule.head'] : m[`rule.${a.rule}`] ?? a.rule;
      // People and units by name: ids belong in the audit log, not in a launch's preview.
      const cells = [[subjectLabel, nameOf(a.subject)], ...(units ? [] : [[m.unit, data.unitNames?.[a.unitId] ?? a.unitId]]), [managerLabel, nameOf(a.manager)], [m.rule, rule]];
      for (const [label, text] of cells) {
        const td = document.createElement('td');
        td.dataset.label = label!;
        td.textContent = text!;
        tr.append(td);
      }
      return tr;
    }));
    // Nothing to start: no table of managers to show.
    $('dry-approvers').hidden = r.firstCases.length === 0;
    $('dry-note').hidden = r.firstCases.length === 0;
    const section = $('dry-run-result');
    section.hidden = false;
    section.focus();
    launchButton.disabled = r.cases === 0 && r.skipped === 0;
  } finally {
    dryRunButton.disabled = false;
  }
});

launchButton.addEventListener('click', async () => {
  const req = request();
  if (!req) return;
  launchButton.disabled = true;
  const answer = await apiRequest<LaunchAccepted>('POST', flowPath(req.flow), req.body);
  if (!answer.ok) {
    launchButton.disabled = false;
    return showProblem(explain(answer));
  }
  // The URL names the launch: a reload shows this launch's progress.
  history.pushState(null, '', `/cycles/launch/${answer.body.launchId}`);
  void follow(answer.body.launchId);
});

async function follow(launchId: string): Promise<void> {
  const section = $('launch-progress');
  section.hidden = false;
  const bar = $('progressbar');
  for (;;) {
    const response = await apiRequest<LaunchProgress>('GET', `/api/launches/${encodeURIComponent(launchId)}`);
    if (!response.ok) {
      const status = $('progress-status');
      status.hidden = false;
      status.className = 'alert error';
      status.textContent = `${m.failed} (${response.status})`;
      return;
    }
    const p = response.body;
    const flowName = data.flowNames[p.process.key] ?? data.flows.find((f) => f.key === p.process.key)?.name ?? p.processName ?? p.process.key;
    $('progress-cycle').textContent = `${p.cycle} · ${flowName} v${p.process.version}`;
    const text = fill(m.progressText!, { done: p.done, total: p.total, started: p.started, skipped: p.skipped, failed: p.failed.length, percent: p.percent });
    bar.setAttribute('aria-valuenow', String(p.percent));
    bar.setAttribute('aria-valuetext', text);
    const fillBar = $('progress-fill');
    fillBar.style.width = `${p.percent}%`;
    // Moves smoothly from here on; the first paint (after a reload) shows where it stands at once.
    requestAnimationFrame(() => fillBar.classList.add('animated'));
    $('progress-text').textContent = text;
    // Whom it could not start, by name (the ids and the engine's own reasons are in the audit log).
    $('progress-failures').replaceChildren(...p.failed.slice(0, 50).map((f) => {
      const li = document.createElement('li');
      li.textContent = `${nameOf({ id: f.subjectId, name: p.subjectNames?.[f.subjectId] ?? null })}: ${m['reason.start-failed']}`;
      return li;
    }));
    // Only for a reader who may open a dashboard (the page leaves the link out for others).
    const dashboard = document.getElementById('progress-dashboard') as HTMLAnchorElement | null;
    if (dashboard) dashboard.href = `/cycles/${encodeURIComponent(p.cycle)}/dashboard`;
    const resumes = $('progress-resumes');
    resumes.hidden = !p.resumes;
    resumes.textContent = p.resumes ? m.resumed! : '';
    const resume = $<HTMLButtonElement>('progress-resume');
    resume.hidden = p.status !== 'interrupted';
    if (p.status === 'interrupted') {
      resume.textContent = m.resume!;
      resume.onclick = () => void againFrom(launchId, 'resume');
    }
    // The people a finished launch could not start, tried again: a new launch of just them (the server
    // skips any case that exists, so a second press starts nothing twice).
    const retry = $<HTMLButtonElement>('progress-retry');
    retry.hidden = !(p.status === 'finished' && p.failed.length > 0);
    if (!retry.hidden) {
      retry.textContent = fill(m.retry!, { failed: p.failed.length });
      retry.onclick = () => void againFrom(launchId, 'retry');
    }
    if (p.status !== 'running') {
      const status = $('progress-status');
      status.hidden = false;
      status.className = p.status === 'finished' && p.failed.length === 0 ? 'alert success' : 'alert error';
      status.setAttribute('role', 'status');
      status.textContent = p.status === 'finished' ? fill(m.finished!, { started: p.started, skipped: p.skipped, failed: p.failed.length }) : m.interrupted!;
      if (dashboard) dashboard.hidden = false;
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/**
 * A stopped launch goes on as a new launch of the same scope (resume), a finished one's failures as
 * a new launch of just those (retry); either skips the cases already started.
 */
async function againFrom(launchId: string, how: 'resume' | 'retry'): Promise<void> {
  const button = $<HTMLButtonElement>(`progress-${how}`);
  button.disabled = true;
  const answer = await apiRequest<LaunchAccepted>('POST', `/api/launches/${encodeURIComponent(launchId)}/${how}`, {});
  button.disabled = false;
  if (!answer.ok) {
    const status = $('progress-status');
    status.className = 'alert error';
    status.textContent = explain(answer);
    return;
  }
  history.pushState(null, '', `/cycles/launch/${answer.body.launchId}`);
  $('progress-status').hidden = true;
  // The dashboard link is there only for a reader who may open a dashboard.
  const dashboard = document.getElementById('progress-dashboard');
  if (dashboard) dashboard.hidden = true;
  void follow(answer.body.launchId);
}

if (data.launchId) void follow(data.launchId);
