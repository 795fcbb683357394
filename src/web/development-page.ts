// The development plan page: the employee marks an item of their plan (status and a note), sent as
// JSON to /api/development/items/:id/progress; the server's reasons are shown at the form, and a
// recorded change reloads the page, which shows it.
import { apiRequest } from './api-client';

for (const form of document.querySelectorAll<HTMLFormElement>('form.progress-form')) {
  const problems = form.querySelector<HTMLUListElement>('.problems')!;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const body = { status: String(data.get('status') ?? ''), note: String(data.get('note') ?? '') };
    const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
    button.disabled = true;
    const answer = await apiRequest<unknown>('POST', `/api/development/items/${encodeURIComponent(form.dataset.item!)}/progress`, body);
    button.disabled = false;
    if (answer.ok) return window.location.reload();
    problems.replaceChildren(...(answer.body.problems ?? [{ field: '', message: answer.body.error ?? String(answer.status) }]).map((p) => {
      const item = document.createElement('li');
      item.className = 'alert error';
      item.textContent = ('text' in p && p.text) || p.message;
      return item;
    }));
  });
}
