// The task page: renders the task's pinned Form.io schema and submits it to meritflow's API.
// The server validates again; its field-level reasons are shown on the form.
import { errorBodyOf } from './api-client';
import { FORMIO_ZH_CN } from './formio-zh-CN';
import { postFormData } from './post-form-data';
import { submitToApi } from './form-problems';
import { withReadySubmit } from './ready-submit';

interface FormioForm {
  on(event: string, cb: (value: any) => void): void;
  setAlert(type: string, message: string): void;
  emit(event: string, value?: unknown): void;
  submission: { data: Record<string, unknown> };
  /** Settles once the form and each of its parts (a select's items) are ready, a submission set on it included. */
  ready: Promise<unknown>;
  submissionReady: Promise<unknown>;
  getComponent(key: string): { setCustomValidity(message: string, dirty?: boolean): void; element?: HTMLElement } | undefined;
}

declare const Formio: {
  createForm(el: HTMLElement, schema: unknown, options: Record<string, unknown>): Promise<FormioForm>;
};

interface TaskData {
  taskId: string;
  form: { key: string; version: number; schema: { translations?: Record<string, Record<string, string>> } };
  /** This person's earlier answer to the same form in this case (e.g. goals returned for rework). */
  draft?: Record<string, unknown> | null;
  /** False for a group task not claimed yet: the form is shown read-only. */
  canWork?: boolean;
}

const messages = {
  en: { saving: 'Submitting…', fix: 'Not submitted. Please correct the fields marked below:', refused: 'Not submitted: see the marked fields.', failed: 'The submission could not be saved. Please try again.', row: 'Row {n}' },
  'zh-CN': { saving: '正在提交…', fix: '未提交。请修改下方标出的字段：', refused: '未提交，请修改标出的字段。', failed: '提交未能保存，请重试。', row: '第 {n} 行' },
};

async function main(): Promise<void> {
  const data = JSON.parse(document.getElementById('task-data')!.textContent!) as TaskData;
  const language = document.documentElement.lang === 'en' ? 'en' : 'zh-CN';
  const text = messages[language];
  const status = document.getElementById('form-status')!;
  const translations = data.form.schema.translations ?? {};
  // The answer goes to meritflow's API from Form.io's beforeSubmit hook (form-problems.ts): nothing
  // says "submitted" before the server accepted it, and a refusal shows the server's reasons.
  let form: FormioForm;
  const beforeSubmit = submitToApi(
    (answer) => postFormData(`/api/tasks/${encodeURIComponent(data.taskId)}/submission`, answer),
    () => window.location.assign('/inbox?submitted=1'),
    status, text, () => form,
  );
  form = await Formio.createForm(document.getElementById('task-form')!, withReadySubmit(data.form.schema), {
    language,
    readOnly: data.canWork === false,
    // The renderer's own texts in Chinese, the form's labels over them.
    i18n: { ...translations, 'zh-CN': { ...FORMIO_ZH_CN, ...(translations['zh-CN'] ?? {}) }, en: { ...(translations.en ?? {}) } },
    hooks: { beforeSubmit },
  });

  // A long proposal's details (details[data-fold-on-phone] in a context panel) are open on a desktop and
  // folded on a phone, so the decision is near the top there; Form.io may draw the panel again, and a
  // window that turns from one to the other (a tablet turned, a window resized) folds or opens them.
  const phone = window.matchMedia('(max-width: 600px)');
  const fold = (all: boolean) => {
    for (const details of document.querySelectorAll<HTMLDetailsElement>(`#task-form details[data-fold-on-phone]${all ? '' : ':not([data-folded])'}`)) {
      details.open = !phone.matches;
      details.dataset.folded = 'yes';
    }
  };
  fold(true);
  form.on('render', () => fold(false));
  phone.addEventListener('change', () => fold(true));

  // A return sends the work back to someone: the form asks for the reason, and the page says why.
  const returnNote = document.getElementById('return-note');
  if (returnNote) {
    form.on('change', () => { returnNote.hidden = form.submission?.data?.decision !== 'return'; });
  }

  // Says when the answer so far is drawn: until then a select may show its value (an id) for a moment.
  if (data.draft) {
    form.submission = { data: data.draft };
    await form.submissionReady;
  }
  await form.ready;
  document.getElementById('task-form')!.dataset.ready = 'yes';
}

/** A JSON post to our API; the answer's error text when it fails. */
async function post(path: string, body: unknown): Promise<{ ok: boolean; error?: string; status: number }> {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' });
  if (response.ok) return { ok: true, status: response.status };
  const answer = errorBodyOf(await response.json().catch(() => ({})));
  return { ok: false, status: response.status, error: answer.error ?? String(response.status) };
}

function show(el: HTMLElement | null, ok: boolean, text: string): void {
  if (!el) return;
  el.hidden = false;
  el.className = ok ? 'alert success' : 'alert error';
  el.textContent = text;
}

/** Claim, give back, delegate and comment: each a post, then the page or the inbox shows the result. */
function wireActions(taskId: string): void {
  const base = `/api/tasks/${encodeURIComponent(taskId)}`;
  const actions = document.querySelector<HTMLElement>('.task-actions');
  const status = document.getElementById('action-status');
  const failed = actions?.dataset.failed ?? 'Failed';
  for (const button of document.querySelectorAll<HTMLButtonElement>('.task-actions [data-action]')) {
    button.addEventListener('click', async () => {
      button.disabled = true;
      const action = button.dataset.action!;
      const result = await post(`${base}/${action}`, {});
      if (result.ok) {
        if (action === 'claim') window.location.reload();
        else window.location.assign('/inbox');
        return;
      }
      // Lost a claim race (409) or the task is gone (404): the page now shows what is true, that
      // the task is someone else's (the server names them) or no longer open, with no claim button.
      if (action === 'claim' && (result.status === 409 || result.status === 404)) {
        actions!.querySelectorAll('[data-action="claim"], .hint').forEach((el) => el.remove());
        show(status, false, result.error ?? String(result.status));
        status?.append(' ', Object.assign(document.createElement('a'), { href: '/inbox', textContent: actions!.dataset.inbox ?? '/inbox' }));
        return;
      }
      button.disabled = false;
      show(status, false, `${failed}: ${result.error}`);
    });
  }
  const delegate = document.getElementById('delegate-form') as HTMLFormElement | null;
  delegate?.addEventListener('submit', async (event) => {
    event.preventDefault();
    const personId = (delegate.elements.namedItem('personId') as HTMLSelectElement).value;
    const reason = (delegate.elements.namedItem('reason') as HTMLTextAreaElement).value.trim();
    if (!personId) return;
    const result = await post(`${base}/delegate`, reason ? { personId, reason } : { personId });
    if (result.ok) window.location.assign('/inbox');
    else show(status, false, `${failed}: ${result.error}`);
  });
  const comment = document.getElementById('comment-form') as HTMLFormElement | null;
  const commentStatus = document.getElementById('comment-status');
  comment?.addEventListener('submit', async (event) => {
    event.preventDefault();
    const field = comment.elements.namedItem('text') as HTMLTextAreaElement;
    if (field.value.trim() === '') {
      show(commentStatus, false, comment.dataset.empty ?? '');
      field.focus();
      return;
    }
    const result = await post(`${base}/comments`, { text: field.value });
    if (result.ok) {
      // The history beside the form shows the new comment: the page is read again, the form's entries kept.
      sessionStorage.setItem('meritflow.commented', '1');
      window.location.reload();
    } else {
      show(commentStatus, false, `${comment.dataset.failed}: ${result.error}`);
    }
  });
  if (sessionStorage.getItem('meritflow.commented') === '1') {
    sessionStorage.removeItem('meritflow.commented');
    show(commentStatus, true, comment?.dataset.sent ?? '');
  }
}

try {
  wireActions((JSON.parse(document.getElementById('task-data')!.textContent!) as TaskData).taskId);
} catch { /* no task data: nothing to wire */ }

main().catch((error) => {
  const status = document.getElementById('form-status')!;
  status.hidden = false;
  status.className = 'alert error';
  status.textContent = String(error);
});
