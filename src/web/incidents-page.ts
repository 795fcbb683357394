// The operators' incident list: a retry button per incident (POST /api/incidents/:id/retry; the
// server asks the engine), and the list refreshed from /api/incidents every few seconds, so an
// incident disappears once the step is running again and comes back if it fails again.
import type { IncidentList, IncidentRetried, MailRetried, OperatorIncident } from '../domain/api-types';
import { apiRequest, reasonOf } from './api-client';

const REFRESH_MS = 3000;

function strings(): Record<string, string> {
  const template = document.getElementById('ops-strings') as HTMLTemplateElement;
  return Object.fromEntries([...template.content.querySelectorAll('[data-key]')].map((el) => [(el as HTMLElement).dataset.key!, el.textContent ?? '']));
}

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString(document.documentElement.lang, { dateStyle: 'medium', timeStyle: 'short' }) : '';
}

function render(incidents: OperatorIncident[], text: Record<string, string>): void {
  const table = document.getElementById('incidents') as HTMLTableElement;
  const body = table.tBodies[0]!;
  const existing = new Map([...body.rows].map((row) => [row.dataset.incident!, row]));
  const keep = new Set(incidents.map((i) => i.id));
  for (const [id, row] of existing) if (!keep.has(id)) row.remove();
  for (const incident of incidents) {
    if (existing.has(incident.id)) continue;
    const row = body.insertRow(0);
    row.dataset.incident = incident.id;
    row.insertCell().textContent = when(incident.time);
    row.insertCell().textContent = incident.processName;
    const step = row.insertCell();
    step.textContent = incident.stepName;
    const id = document.createElement('code');
    id.className = 'muted';
    id.textContent = incident.step;
    id.dataset.record = '';
    step.append(document.createElement('br'), id);
    const key = row.insertCell();
    const code = document.createElement('code');
    code.textContent = incident.businessKey ?? '';
    code.dataset.record = '';
    key.append(code);
    const error = row.insertCell();
    const message = document.createElement('div');
    message.className = 'incident-message';
    message.dataset.record = '';
    message.textContent = incident.message;
    error.append(message);
    if (incident.details) {
      const details = document.createElement('details');
      const summary = document.createElement('summary');
      summary.textContent = text.details!;
      const pre = document.createElement('pre');
      pre.className = 'incident-details';
      pre.dataset.record = '';
      pre.textContent = incident.details;
      details.append(summary, pre);
      error.append(details);
    }
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'retry';
    button.dataset.incident = incident.id;
    button.textContent = text.retry!;
    button.setAttribute('aria-label', `${text.retry}: ${incident.businessKey ?? ''} ${incident.step}`);
    row.insertCell().append(button);
  }
  table.hidden = incidents.length === 0;
  document.getElementById('incidents-empty')!.hidden = incidents.length > 0;
}

async function refresh(text: Record<string, string>): Promise<void> {
  const response = await apiRequest<IncidentList>('GET', '/api/incidents');
  if (response.ok) render(response.body.incidents, text);
}

function main(): void {
  const text = strings();
  const status = document.getElementById('incident-status')!;
  document.getElementById('incidents')!.addEventListener('click', async (event) => {
    const button = (event.target as HTMLElement).closest('button.retry') as HTMLButtonElement | null;
    if (!button) return;
    button.disabled = true;
    const response = await apiRequest<IncidentRetried>('POST', `/api/incidents/${encodeURIComponent(button.dataset.incident!)}/retry`, {});
    status.hidden = false;
    if (response.ok) {
      status.className = 'alert success';
      status.textContent = text.retried!;
    } else {
      status.className = 'alert error';
      status.textContent = response.status === 404 ? text.gone! : `${text.failed} ${reasonOf(response)}`;
      button.disabled = false;
    }
    await refresh(text);
  });
  // A mail the dispatcher gave up on: one press queues it again (the server sends it once, however
  // many press); the row then says so in place of its button.
  document.getElementById('failed-mails')?.addEventListener('click', async (event) => {
    const button = (event.target as HTMLElement).closest('button.retry') as HTMLButtonElement | null;
    if (!button) return;
    button.disabled = true;
    const response = await apiRequest<MailRetried>('POST', `/api/incidents/mails/${encodeURIComponent(button.dataset.mail!)}/retry`, {});
    if (response.ok) {
      button.replaceWith(Object.assign(document.createElement('span'), { className: 'muted', textContent: response.body.retried ? text.mailRetried! : text.mailWaiting! }));
      return;
    }
    status.hidden = false;
    status.className = 'alert error';
    status.textContent = response.status === 404 ? text.gone! : `${text.failed} ${reasonOf(response)}`;
    button.disabled = false;
  });
  setInterval(() => { void refresh(text).catch(() => undefined); }, REFRESH_MS);
}

main();
