// The feedback page: give a colleague a note about one of their goals (loaded when the colleague is
// chosen) or one of the bank's values, sent as JSON to /api/feedback; the person a note was given to
// chooses who else sees it (/api/feedback/:id/visibility). The server's reasons are shown at the form.
import type { FeedbackTopicsAnswer, FieldProblem, GiveFeedbackAnswer } from '../domain/api-types';
import { apiRequest } from './api-client';

const form = document.querySelector<HTMLFormElement>('form.give-feedback');
const status = document.querySelector<HTMLElement>('#feedback-status')!;

function showProblems(list: HTMLUListElement, problems: FieldProblem[]): void {
  list.replaceChildren(...problems.map((p) => {
    const item = document.createElement('li');
    item.className = 'alert error';
    item.textContent = p.message;
    return item;
  }));
}

if (form) {
  const to = form.querySelector<HTMLSelectElement>('select[name=to]')!;
  const goals = form.querySelector<HTMLOptGroupElement>('optgroup[data-group=goals]')!;
  const problems = form.querySelector<HTMLUListElement>('.problems')!;
  to.addEventListener('change', async () => {
    goals.replaceChildren();
    goals.hidden = true;
    if (!to.value) return;
    const answer = await apiRequest<FeedbackTopicsAnswer>('GET', `/api/feedback/people/${encodeURIComponent(to.value)}/topics`);
    if (!answer.ok) return;
    goals.replaceChildren(...answer.body.goals.map((g) => new Option(g.title, `goal:${g.id}`)));
    goals.hidden = answer.body.goals.length === 0;
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const about = String(data.get('about') ?? '');
    const [anchor, ...rest] = about.split(':');
    const body = {
      to: String(data.get('to') ?? ''), kind: String(data.get('kind') ?? ''), text: String(data.get('text') ?? ''),
      ...(anchor === 'goal' ? { goalId: rest.join(':') } : { value: rest.join(':') }),
    };
    const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
    button.disabled = true;
    const answer = await apiRequest<GiveFeedbackAnswer>('POST', '/api/feedback', body);
    button.disabled = false;
    if (answer.ok) return window.location.reload();
    showProblems(problems, answer.body.problems ?? [{ field: '', code: String(answer.status), message: answer.body.error ?? String(answer.status) }]);
  });
}

for (const share of document.querySelectorAll<HTMLFormElement>('form.share-form')) {
  share.addEventListener('submit', async (event) => {
    event.preventDefault();
    const visibility = (share.elements.namedItem('visibility') as HTMLSelectElement).value;
    const answer = await apiRequest<unknown>('PUT', `/api/feedback/${encodeURIComponent(share.dataset.note!)}/visibility`, { visibility });
    status.hidden = false;
    status.textContent = answer.ok ? status.dataset.saved ?? '' : (answer.body.error ?? String(answer.status));
    status.className = answer.ok ? 'alert' : 'alert error';
  });
}
