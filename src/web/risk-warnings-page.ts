// The early-warning page: a risk officer's decision per open warning, sent as JSON to
// /api/risk-warnings/:id/decision; the severity and cycle are asked only for a confirmation, and
// the server's reasons are shown at the form (a unit's warning files no event, so its form asks
// neither). A recorded decision reloads the page, which shows it.
import { apiRequest } from './api-client';

for (const form of document.querySelectorAll<HTMLFormElement>('form.decide')) {
  const confirmOnly = form.querySelector<HTMLElement>('.confirm-only');
  const problems = form.querySelector<HTMLUListElement>('.problems')!;
  form.addEventListener('change', () => {
    if (confirmOnly) confirmOnly.hidden = (form.elements.namedItem('decision') as RadioNodeList).value !== 'confirmed';
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const decision = String(data.get('decision'));
    const body = {
      decision, note: String(data.get('note') ?? ''),
      ...(decision === 'confirmed' && confirmOnly ? { severity: String(data.get('severity') ?? ''), cycle: String(data.get('cycle') ?? '').trim() } : {}),
    };
    const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
    button.disabled = true;
    const answer = await apiRequest<unknown>('POST', `/api/risk-warnings/${encodeURIComponent(form.dataset.warning!)}/decision`, body);
    button.disabled = false;
    if (answer.ok) return window.location.reload();
    problems.replaceChildren(...(answer.body.problems ?? [{ field: '', message: answer.body.error ?? String(answer.status) }]).map((p) => {
      const item = document.createElement('li');
      item.className = 'alert error';
      item.textContent = p.message;
      return item;
    }));
  });
}
