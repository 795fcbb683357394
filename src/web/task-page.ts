// The task page: renders the task's pinned Form.io schema and submits it to meritflow's API.
// The server validates again; its field-level reasons are shown on the form.

interface FormioForm {
  on(event: string, cb: (value: any) => void): void;
  setAlert(type: string, message: string): void;
  emit(event: string, value?: unknown): void;
  submission: { data: Record<string, unknown> };
  getComponent(key: string): { setCustomValidity(message: string, dirty?: boolean): void } | undefined;
}

declare const Formio: {
  createForm(el: HTMLElement, schema: unknown, options: Record<string, unknown>): Promise<FormioForm>;
};

interface TaskData {
  taskId: string;
  form: { key: string; version: number; schema: { translations?: Record<string, Record<string, string>> } };
  /** This person's earlier answer to the same form in this case (e.g. goals returned for rework). */
  draft?: Record<string, unknown> | null;
}

const messages = {
  en: { saving: 'Submitting…', fix: 'Please correct the fields marked below.', failed: 'The submission could not be saved. Please try again.' },
  'zh-CN': { saving: '正在提交…', fix: '请修改下方标出的字段。', failed: '提交未能保存，请重试。' },
};

async function main(): Promise<void> {
  const data = JSON.parse(document.getElementById('task-data')!.textContent!) as TaskData;
  const language = document.documentElement.lang === 'en' ? 'en' : 'zh-CN';
  const text = messages[language];
  const status = document.getElementById('form-status')!;
  const form = await Formio.createForm(document.getElementById('task-form')!, data.form.schema, {
    language,
    i18n: { ...(data.form.schema.translations ?? {}), en: {} },
  });

  if (data.draft) form.submission = { data: data.draft };

  form.on('submit', async (submission: { data: Record<string, unknown> }) => {
    status.hidden = false;
    status.className = 'alert';
    status.textContent = text.saving;
    const payload = { ...submission.data };
    delete payload.submit; // the button is not a field
    const response = await fetch(`/api/tasks/${encodeURIComponent(data.taskId)}/submission`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: payload }),
      credentials: 'same-origin',
    });
    if (response.ok) {
      window.location.assign('/inbox?submitted=1');
      return;
    }
    const body = await response.json().catch(() => ({}));
    status.className = 'alert error';
    status.textContent = response.status === 400 ? text.fix : `${text.failed} (${body.error ?? response.status})`;
    for (const problem of body.problems ?? []) {
      form.getComponent(problem.field)?.setCustomValidity(problem.message, true);
    }
    form.emit('submitDone');
  });
}

main().catch((error) => {
  const status = document.getElementById('form-status')!;
  status.hidden = false;
  status.className = 'alert error';
  status.textContent = String(error);
});
