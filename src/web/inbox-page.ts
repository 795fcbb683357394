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
        const reason = result.approved ? '' : `: ${result.error ?? ''}${(result.problems ?? []).map((p) => ` (${p.field}: ${p.message})`).join('')}`;
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
  });
}

main();
