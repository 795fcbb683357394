// The inbox's bulk approval: the ticked tasks are sent to /api/tasks/bulk-approval a few at a
// time, so the progress bar moves as they are approved; every task's outcome is listed, and the
// ones that failed stay ticked in the table, with the reason.
import type { BulkApproval, BulkResult } from '../domain/api-types';

const CHUNK = 3;

function rowLabel(taskId: string): string {
  const row = document.querySelector<HTMLTableRowElement>(`tr[data-task-id="${CSS.escape(taskId)}"]`);
  const cells = row ? [...row.cells].slice(1, 4).map((cell) => cell.innerText.replace(/\s+/g, ' ').trim()) : [taskId];
  return cells.filter(Boolean).join(' · ');
}

function main(): void {
  const section = document.getElementById('bulk');
  if (!section) return;
  const picks = () => [...document.querySelectorAll<HTMLInputElement>('input.bulk-pick')];
  const all = document.getElementById('bulk-all') as HTMLInputElement;
  const button = document.getElementById('bulk-approve') as HTMLButtonElement;
  const progress = document.getElementById('bulk-progress') as HTMLProgressElement;
  const status = document.getElementById('bulk-status')!;
  const list = document.getElementById('bulk-results')!;
  const text = section.dataset;

  all.addEventListener('change', () => { for (const pick of picks()) pick.checked = all.checked; });

  button.addEventListener('click', async () => {
    const chosen = picks().filter((p) => p.checked).map((p) => p.value);
    status.hidden = false;
    if (chosen.length === 0) {
      status.className = 'alert error';
      status.textContent = text.none ?? '';
      return;
    }
    button.disabled = true;
    list.replaceChildren();
    progress.hidden = false;
    progress.max = chosen.length;
    progress.value = 0;
    status.className = 'alert';
    status.textContent = `${text.running} 0 / ${chosen.length}`;
    let approved = 0;
    for (let i = 0; i < chosen.length; i += CHUNK) {
      const taskIds = chosen.slice(i, i + CHUNK);
      let results: BulkResult[];
      try {
        const response = await fetch('/api/tasks/bulk-approval', {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ taskIds }), credentials: 'same-origin',
        });
        // Its 422 (none approved) carries the results too, so this reads the body whatever the status.
        const body = (await response.json().catch(() => ({}))) as Partial<BulkApproval>;
        results = Array.isArray(body.results) ? body.results : taskIds.map((taskId) => ({ taskId, approved: false, error: body.error ?? String(response.status) }));
      } catch (error) {
        results = taskIds.map((taskId) => ({ taskId, approved: false, error: String(error) }));
      }
      for (const result of results) {
        const item = document.createElement('li');
        item.className = result.approved ? 'done' : 'failed';
        const reason = result.approved ? '' : `: ${result.text ?? result.error ?? ''}${(result.problems ?? []).map((p) => ` (${p.text ?? p.message})`).join('')}`;
        item.textContent = `${result.approved ? '✓' : '✗'} ${result.approved ? text.done : text.failed} — ${rowLabel(result.taskId)}${reason}`;
        list.append(item);
        const pick = picks().find((p) => p.value === result.taskId);
        if (result.approved) {
          approved++;
          pick?.closest('tr')?.remove();
        }
      }
      progress.value = Math.min(chosen.length, i + taskIds.length);
      status.textContent = `${text.running} ${progress.value} / ${chosen.length}`;
    }
    status.className = approved === chosen.length ? 'alert success' : 'alert error';
    status.textContent = `${approved} / ${chosen.length} ${text.approvedCount}`;
    button.disabled = false;
    if (approved > 0) await refreshCounts();
  });
}

/** The filters' counts and "showing n of m" as the server now counts them: the approved tasks left the inbox. */
async function refreshCounts(): Promise<void> {
  try {
    const response = await fetch(location.href, { credentials: 'same-origin' });
    if (!response.ok) return;
    const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
    const now = fresh.querySelector('form.inbox-filters');
    const shown = document.querySelector('form.inbox-filters');
    if (now && shown) {
      shown.replaceWith(document.importNode(now, true));
      savedViews();
    }
  } catch {
    // The counts stay as they were; the list of results above says what happened.
  }
}

interface SavedView { label: string; query: string }
const SAVED_VIEWS = 'meritflow.inbox.views';

/**
 * Saved filters: "Save this view" keeps the chosen filters under a name made of their labels, in
 * this browser (localStorage); each saved view is a link above the filters, and can be removed.
 */
function savedViews(): void {
  const form = document.querySelector<HTMLFormElement>('form.inbox-filters');
  const list = document.getElementById('saved-views');
  if (!form || !list) return;
  const text = list.dataset;
  const read = (): SavedView[] => {
    try { return JSON.parse(localStorage.getItem(SAVED_VIEWS) ?? '[]') as SavedView[]; } catch { return []; }
  };
  const write = (views: SavedView[]) => localStorage.setItem(SAVED_VIEWS, JSON.stringify(views.slice(0, 12)));
  const draw = () => {
    const views = read();
    list.replaceChildren();
    list.hidden = views.length === 0;
    if (views.length === 0) return;
    const title = document.createElement('span');
    title.className = 'muted';
    title.textContent = `${text.title ?? ''}: `;
    list.append(title);
    for (const view of views) {
      const chip = document.createElement('span');
      chip.className = 'saved-view';
      const link = document.createElement('a');
      link.href = `/inbox${view.query}`;
      link.textContent = view.label;
      if (view.query === location.search) link.setAttribute('aria-current', 'true');
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'link';
      remove.textContent = '×';
      remove.setAttribute('aria-label', `${text.remove ?? ''}: ${view.label}`);
      remove.addEventListener('click', () => { write(read().filter((v) => v.query !== view.query)); draw(); });
      chip.append(link, remove);
      list.append(chip);
    }
  };
  const save = document.getElementById('save-view');
  if (save && location.search) {
    save.hidden = false;
    save.addEventListener('click', () => {
      const label = [...form.querySelectorAll('select')].filter((s) => s.value && s.name !== 'sort')
        .map((s) => (s.selectedOptions[0]?.textContent ?? '').replace(/\s*\(\d+\)\s*$/, '').trim()).join(' · ') || (text.all ?? '');
      write([{ label, query: location.search }, ...read().filter((v) => v.query !== location.search)]);
      draw();
    });
  }
  draw();
}

main();
savedViews();
