// "Propose a goal change" (on My performance and the goal versions page): starts the goal-change flow
// for the signed-in person through meritflow's API and opens its first step, the proposal form.
import { apiRequest } from './api-client';

const messages = {
  en: { starting: 'Starting your goal change…', failed: 'The goal change could not be started.', inbox: 'Your goal change is under way; open it from your inbox.' },
  'zh-CN': { starting: '正在发起目标调整…', failed: '目标调整未能发起。', inbox: '目标调整已发起，请在待办中打开。' },
};

function main(): void {
  const language = document.documentElement.lang === 'en' ? 'en' : 'zh-CN';
  const text = messages[language];
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-goal-change-cycle]')) {
    button.addEventListener('click', async () => {
      const status = document.getElementById('goal-change-status');
      const show = (message: string, error: boolean) => {
        if (!status) return;
        status.hidden = false;
        status.className = error ? 'alert error' : 'alert';
        status.textContent = message;
      };
      button.disabled = true;
      show(text.starting, false);
      const answer = await apiRequest<{ caseId: string; taskId: string | null }>('POST', `/api/goal-changes/${encodeURIComponent(button.dataset.goalChangeCycle ?? '')}`);
      if (!answer.ok) {
        button.disabled = false;
        const reason = answer.body.problems?.[0]?.text ?? answer.body.error ?? String(answer.status);
        show(`${text.failed} ${reason}`, true);
        return;
      }
      if (answer.body.taskId) window.location.assign(`/tasks/${encodeURIComponent(answer.body.taskId)}`);
      else show(text.inbox, false);
    });
  }
}

main();
