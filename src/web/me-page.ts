// "My performance": renders the appeal filing form (Form.io, the schema the server validates against)
// and files it through meritflow's API; the server checks the window and the form again.
import { postFormData } from './post-form-data';
import { apiRequest, reasonOf } from './api-client';
import type { ErrorBody } from '../domain/api-types';
import { submitToApi } from './form-problems';
import { withReadySubmit } from './ready-submit';

interface FormioForm {
  on(event: string, cb: (value: any) => void): void;
  emit(event: string, value?: unknown): void;
  getComponent(key: string): { setCustomValidity(message: string, dirty?: boolean): void } | undefined;
}


declare const Formio: {
  createForm(el: HTMLElement, schema: unknown, options: Record<string, unknown>): Promise<FormioForm>;
};

interface MeData {
  cycle: string;
  form: { key: string; version: number; schema: { translations?: Record<string, Record<string, string>> } } | null;
}

const messages = {
  en: { saving: 'Filing your appeal…', fix: 'Not filed. Please correct the fields marked below:', refused: 'Not filed: see the marked fields.', failed: 'The appeal could not be filed.', row: 'Row {n}', missing: 'The appeal form is not available. Please contact HR.' },
  'zh-CN': { saving: '正在提交申诉…', fix: '未提交。请修改下方标出的字段：', refused: '未提交，请修改标出的字段。', failed: '申诉未能提交。', row: '第 {n} 行', missing: '申诉表单暂不可用，请联系 HR。' },
};

async function main(): Promise<void> {
  const dataElement = document.getElementById('me-data');
  const host = document.getElementById('appeal-form');
  if (!dataElement || !host) return;
  const data = JSON.parse(dataElement.textContent!) as MeData;
  const language = document.documentElement.lang === 'en' ? 'en' : 'zh-CN';
  const text = messages[language];
  const status = document.getElementById('form-status')!;
  if (!data.form) {
    status.hidden = false;
    status.className = 'alert error';
    status.textContent = text.missing;
    return;
  }
  let form: Awaited<ReturnType<typeof Formio.createForm>>;
  // Through Form.io's beforeSubmit hook (form-problems.ts): no "submitted" beside a refusal.
  const beforeSubmit = submitToApi(
    (answer) => postFormData(`/api/cycles/${encodeURIComponent(data.cycle)}/appeals`, answer),
    () => window.location.assign(`/me?cycle=${encodeURIComponent(data.cycle)}#me-appeal-h`),
    status, text, () => form,
  );
  form = await Formio.createForm(host, withReadySubmit(data.form.schema), {
    language,
    i18n: { ...(data.form.schema.translations ?? {}), en: {} },
    hooks: { beforeSubmit },
  });
}

main().catch((error) => {
  const status = document.getElementById('form-status');
  if (!status) return;
  status.hidden = false;
  status.className = 'alert error';
  status.textContent = String(error);
});

/** The mail settings section: saves the chosen mode per category (PUT /api/me/mail-preferences). */
function mailPreferencesForm(): void {
  const form = document.getElementById('mail-preferences') as HTMLFormElement | null;
  const status = document.getElementById('mail-preferences-status');
  if (!form || !status) return;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = Object.fromEntries(new FormData(form).entries());
    void apiRequest('PUT', '/api/me/mail-preferences', body).then((answer) => {
      status.hidden = false;
      status.textContent = answer.ok ? (status.dataset.saved ?? '') : reasonOf(answer as { status: number; body: Partial<ErrorBody> });
    });
  });
}
mailPreferencesForm();
