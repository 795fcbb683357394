// The talent view: "Nominate" starts the talent-nomination flow for that person in the latest cycle
// shown, through the launcher (POST /api/flows/talent-nomination/launches); the nomination form then
// waits in the nominator's inbox, where the page sends them.
import type { LaunchAccepted } from '../domain/api-types';
import { apiRequest } from './api-client';

const table = document.querySelector<HTMLTableElement>('table.talent-table');
const status = document.querySelector<HTMLElement>('#talent-status')!;

for (const button of document.querySelectorAll<HTMLButtonElement>('button.nominate')) {
  button.addEventListener('click', async () => {
    button.disabled = true;
    const answer = await apiRequest<LaunchAccepted>('POST', '/api/flows/talent-nomination/launches', { cycle: table!.dataset.cycle, subjectIds: [button.dataset.person] });
    if (answer.ok) {
      window.location.assign('/inbox');
      return;
    }
    button.disabled = false;
    status.hidden = false;
    status.className = 'alert error';
    status.textContent = answer.body.problems?.map((p) => p.text ?? p.message).join(' ') || answer.body.error || String(answer.status);
  });
}
