// The cycle launch page: dry run, launch, and a progress bar that polls GET /api/launches/:id every
// second. The page URL carries the launch id (/cycles/launch/:id), so a reload picks the bar up again.

interface PageData {
  launchId: string | null;
  messages: Record<string, string>;
}

interface Person { id: string; name: { en: string; 'zh-CN': string } | null }

const data = JSON.parse(document.getElementById('launch-data')!.textContent!) as PageData;
const m = data.messages;
const language = document.documentElement.lang === 'en' ? 'en' : 'zh-CN';
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const fill = (template: string, values: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (_all, name: string) => String(values[name] ?? ''));
const nameOf = (p: Person) => (p.name ? p.name[language] ?? p.name.en : p.id);

const problem = $<HTMLParagraphElement>('form-problem');
const launchButton = $<HTMLButtonElement>('launch');
const dryRunButton = $<HTMLButtonElement>('dry-run');

function showProblem(text: string | null): void {
  problem.hidden = text === null;
  problem.textContent = text ?? '';
}

/** The launch request from the form, or null after saying what is missing. */
function request(): { cycle: string; body: Record<string, unknown> } | null {
  const cycle = $<HTMLInputElement>('cycle').value.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/.test(cycle)) {
    showProblem(m.needCycle!);
    $<HTMLInputElement>('cycle').focus();
    return null;
  }
  const body: Record<string, unknown> = { processVersion: $<HTMLSelectElement>('process-version').value };
  if ($<HTMLInputElement>('scope-units').checked) {
    const unitIds = [...document.querySelectorAll<HTMLInputElement>('input[name=unitIds]:checked')].map((box) => box.value);
    if (unitIds.length === 0) {
      showProblem(m.needUnits!);
      return null;
    }
    body.unitIds = unitIds;
  }
  showProblem(null);
  return { cycle, body };
}

async function post(path: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' });
  return { status: response.status, body: await response.json().catch(() => ({})) };
}

function explain(answer: { status: number; body: any }): string {
  const reasons = (answer.body.problems ?? []).map((p: { message: string }) => p.message).join('; ');
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
    const answer = await post(`/api/cycles/${encodeURIComponent(req.cycle)}/launches/dry-run`, req.body);
    if (answer.status !== 200) return showProblem(explain(answer));
    const r = answer.body;
    $('dry-cases').textContent = String(r.cases);
    $('dry-skipped').textContent = String(r.skipped);
    $('dry-without').textContent = String(r.withoutApprover.length);
    $('dry-version').textContent = `v${r.process.version}`;
    $('dry-without-names').textContent = r.withoutApprover.length ? `${m.withoutApproverNames} ${r.withoutApprover.map(nameOf).join(', ')}` : '';
    const rows = $('dry-approvers').querySelector('tbody')!;
    rows.replaceChildren(...r.firstApprovers.map((a: { person: Person; unitId: string; approver: Person; rule: string }) => {
      const tr = document.createElement('tr');
      for (const [label, text] of [[m.employee, `${nameOf(a.person)} (${a.person.id})`], [m.unit, a.unitId], [m.firstApprover, `${nameOf(a.approver)} (${a.approver.id})`], [m.rule, m[`rule.${a.rule}`] ?? a.rule]]) {
        const td = document.createElement('td');
        td.dataset.label = label!;
        td.textContent = text!;
        tr.append(td);
      }
      return tr;
    }));
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
  const answer = await post(`/api/cycles/${encodeURIComponent(req.cycle)}/launches`, req.body);
  if (answer.status !== 202) {
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
    const response = await fetch(`/api/launches/${encodeURIComponent(launchId)}`, { credentials: 'same-origin' });
    if (!response.ok) {
      const status = $('progress-status');
      status.hidden = false;
      status.className = 'alert error';
      status.textContent = `${m.failed} (${response.status})`;
      return;
    }
    const p = await response.json();
    $('progress-cycle').textContent = `${p.cycle} · performance-review v${p.process.version}`;
    const text = fill(m.progressText!, { done: p.done, total: p.total, started: p.started, skipped: p.skipped, failed: p.failed.length, percent: p.percent });
    bar.setAttribute('aria-valuenow', String(p.percent));
    bar.setAttribute('aria-valuetext', text);
    const fillBar = $('progress-fill');
    fillBar.style.width = `${p.percent}%`;
    // Moves smoothly from here on; the first paint (after a reload) shows where it stands at once.
    requestAnimationFrame(() => fillBar.classList.add('animated'));
    $('progress-text').textContent = text;
    $('progress-failures').replaceChildren(...p.failed.slice(0, 50).map((f: { subjectId: string; reason: string }) => {
      const li = document.createElement('li');
      li.textContent = `${f.subjectId}: ${f.reason}`;
      return li;
    }));
    const dashboard = $<HTMLAnchorElement>('progress-dashboard');
    dashboard.href = `/cycles/${encodeURIComponent(p.cycle)}/dashboard`;
    if (p.status !== 'running') {
      const status = $('progress-status');
      status.hidden = false;
      status.className = p.status === 'finished' && p.failed.length === 0 ? 'alert success' : 'alert error';
      status.setAttribute('role', 'status');
      status.textContent = p.status === 'finished' ? fill(m.finished!, { started: p.started, skipped: p.skipped, failed: p.failed.length }) : m.interrupted!;
      dashboard.hidden = false;
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

if (data.launchId) void follow(data.launchId);
