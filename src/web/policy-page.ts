// The policy editor page: the latest version's body as a Form.io form, a preview of the changes
// against it, and "save as a new version" through meritflow's API, which validates again and
// answers with problems by field; each is shown at its field and in a list above the form.
import type { PolicyVersionSaved } from '../domain/api-types';
import { diffBodies } from '../domain/policy-validation';
import { apiRequest, reasonOf } from './api-client';
import { FORMIO_ZH_CN } from './formio-zh-CN';
import { dimensionKeysOf, editorSchema, fieldsFor, fromForm, genericSchema, toForm, type EditorKind, type GenericLabels } from './policy-editor-adapters';
import { cell } from './modeler/page-api';

interface FormioComponent {
  element?: HTMLElement;
  path?: string;
  key?: string;
  rowIndex?: number | null;
  parent?: FormioComponent;
  component?: { label?: string; type?: string; hideLabel?: boolean; legend?: string };
  t?(text: string): string;
}
interface FormioForm {
  submission: { data: Record<string, unknown> };
  getComponent(path: string): FormioComponent | undefined;
  everyComponent(cb: (component: FormioComponent) => void): void;
  on(event: string, cb: (value: any) => void): void;
  setForm(schema: unknown): Promise<unknown>;
}
declare const Formio: { createForm(el: HTMLElement, schema: unknown, options: Record<string, unknown>): Promise<FormioForm> };

interface PageData {
  key: string;
  kind: EditorKind;
  mayEdit: boolean;
  today: string;
  latest: { version: number; effectiveFrom: string; body: Record<string, any> };
  form: { translations?: Record<string, Record<string, string>> } | null;
}

const messages = {
  en: { saving: 'Saving…', fix: 'The policy was not saved. Please correct the fields marked below:', failed: 'The policy could not be saved', saved: 'Saved as version', nothing: 'No changes against the latest version.', date: 'Effective from' },
  'zh-CN': { saving: '正在保存…', fix: '政策未保存。请修改下列标出的字段：', failed: '政策未能保存', saved: '已保存为版本', nothing: '与最新版本相比没有变更。', date: '生效日期' },
};
const rowWords = { en: (n: number) => `row ${n}`, 'zh-CN': (n: number) => `第 ${n} 行` };

function show(value: unknown, field = '', kind: EditorKind = 'generic'): string {
  if (value === undefined) return '—';
  // Weights are fractions in the policy and percentages in the form: the preview speaks the form's language.
  if (kind === 'scoring' && typeof value === 'number' && /^weightsByBusinessLine\.[^.]+\.[^.]+$/.test(field)) return `${Math.round(value * 100 * 1e6) / 1e6} %`;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function findComponent(form: FormioForm, path: string): FormioComponent | undefined {
  let found: FormioComponent | undefined;
  form.everyComponent((c) => { if (!found && c.path === path) found = c; });
  return found ?? form.getComponent(path);
}

/**
 * A policy field (a path in the body) named as the person sees it in the form: the labels of the
 * components along it, in the page's language, with a list row's number ("前台（业务条线） · 业务",
 * "考核维度 · 第 5 行 · 名称（中文）"). The path itself only where the form draws no such field.
 */
function fieldName(form: FormioForm, kind: EditorKind, field: string, language: 'en' | 'zh-CN'): string {
  for (const path of fieldsFor(kind, field)) {
    const found = findComponent(form, path);
    if (!found) continue;
    const names: string[] = [];
    for (let c: FormioComponent | undefined = found; c?.component; c = c.parent) {
      // What the form shows: a field set's legend, a field's label unless hidden (a container's or
      // grid's label is hidden when its field set's legend names it); layout components show none.
      const { type = '', label, hideLabel, legend } = c.component;
      const shown = type === 'fieldset' ? legend : ['columns', 'column', 'panel', 'well', 'form'].includes(type) || hideLabel ? undefined : label;
      if (shown) names.unshift(c.t ? c.t(shown) : shown);
      // A data grid's cell: its row's number before it, the grid's own name further up.
      if (typeof c.rowIndex === 'number' && c.parent?.component?.type === 'datagrid') names.unshift(rowWords[language](c.rowIndex + 1));
    }
    if (names.length > 0) return names.join(' · ');
  }
  return field.replace(/^body\./, '');
}

async function main(): Promise<void> {
  const data = JSON.parse(document.getElementById('policy-data')!.textContent!) as PageData;
  const language = document.documentElement.lang === 'en' ? 'en' : 'zh-CN';
  const text = messages[language];
  const status = document.getElementById('policy-status')!;
  const problemsBox = document.getElementById('policy-problems')!;
  const initial = toForm(data.kind, data.latest.body);
  const schemaFor = (formData: Record<string, any>) => (data.form && data.kind !== 'generic' ? editorSchema(data.kind, data.form as Record<string, any>, formData, language) : genericSchema(data.latest.body, (data.form ?? {}) as GenericLabels, language));
  const form = await Formio.createForm(document.getElementById('policy-form')!, schemaFor(initial), {
    language, readOnly: !data.mayEdit, noAlerts: true,
    // formio.js's own texts in Chinese (validation, screen-reader hints), then the editor form's labels.
    i18n: { ...(data.form?.translations ?? {}), 'zh-CN': { ...FORMIO_ZH_CN, ...(data.form?.translations?.['zh-CN'] ?? {}) }, en: {} },
  });
  form.submission = { data: initial };
  if (!data.mayEdit) return;

  // The scoring form asks for a weight per dimension: when a dimension is added, removed or its key
  // changed, the form is drawn again with the values entered so far, once the person leaves the field.
  let drawnKeys = dimensionKeysOf(initial).join(',');
  if (data.kind === 'scoring') {
    document.getElementById('policy-form')!.addEventListener('focusout', () => {
      setTimeout(() => {
        const current = form.submission.data as Record<string, any>;
        const keys = dimensionKeysOf(current).join(',');
        if (keys === drawnKeys) return;
        drawnKeys = keys;
        const kept = JSON.parse(JSON.stringify(current)) as Record<string, any>;
        void form.setForm(schemaFor(kept)).then(() => { form.submission = { data: kept }; });
      }, 0);
    });
  }

  const dateInput = document.getElementById('effective-from') as HTMLInputElement;
  const body = () => fromForm(data.kind, form.submission.data as Record<string, any>, data.latest.body);

  function clearProblems(): void {
    problemsBox.hidden = true;
    problemsBox.replaceChildren();
    document.querySelectorAll('.policy-field-error').forEach((el) => el.remove());
    document.querySelectorAll('.policy-has-error').forEach((el) => el.classList.remove('policy-has-error'));
    dateInput.removeAttribute('aria-invalid');
  }

  function showProblems(problems: Array<{ field: string; message: string }>): void {
    problemsBox.hidden = false;
    const intro = document.createElement('p');
    intro.textContent = text.fix;
    const items = document.createElement('ul');
    for (const problem of problems) {
      const item = document.createElement('li');
      item.textContent = `${problem.field === 'effectiveFrom' ? text.date : fieldName(form, data.kind, problem.field, language)}: ${problem.message}`;
      items.append(item);
      if (problem.field === 'effectiveFrom') {
        dateInput.setAttribute('aria-invalid', 'true');
        const note = document.createElement('p');
        note.className = 'policy-field-error';
        note.textContent = problem.message;
        dateInput.insertAdjacentElement('afterend', note);
        continue;
      }
      for (const path of fieldsFor(data.kind, problem.field)) {
        const component = findComponent(form, path);
        if (!component?.element) continue;
        component.element.classList.add('policy-has-error');
        const note = document.createElement('p');
        note.className = 'policy-field-error';
        note.setAttribute('role', 'alert');
        note.textContent = problem.message;
        component.element.append(note);
        break;
      }
    }
    problemsBox.append(intro, items);
    problemsBox.scrollIntoView({ block: 'nearest' });
  }

  function preview(): void {
    const diffSection = document.getElementById('policy-diff')!;
    const rows = diffSection.querySelector('tbody')!;
    rows.replaceChildren();
    const headings = [...diffSection.querySelectorAll('thead th')].map((th) => th.textContent ?? '');
    const changes = diffBodies(data.latest.body, body());
    if (dateInput.value !== data.latest.effectiveFrom) changes.unshift({ field: text.date, before: data.latest.effectiveFrom, after: dateInput.value });
    if (changes.length === 0) {
      const row = rows.insertRow();
      const nothing = row.insertCell();
      nothing.colSpan = 3;
      nothing.textContent = text.nothing;
    }
    for (const change of changes) {
      const row = rows.insertRow();
      const name = change.field === text.date ? change.field : fieldName(form, data.kind, change.field, language);
      row.insertCell().textContent = name;
      // A phone stacks the table's cells (table.tasks), so before and after carry their column's name.
      cell(row, show(change.before, change.field, data.kind), headings[1] ?? '');
      cell(row, show(change.after, change.field, data.kind), headings[2] ?? '');
    }
    diffSection.hidden = false;
  }

  async function save(): Promise<void> {
    clearProblems();
    status.hidden = false;
    status.className = 'alert';
    status.textContent = text.saving;
    const answer = await apiRequest<PolicyVersionSaved>('POST', `/api/policies/${encodeURIComponent(data.key)}/versions`, { effectiveFrom: dateInput.value, body: body() });
    if (answer.ok) {
      window.location.assign(`/policies/${encodeURIComponent(data.key)}?saved=${answer.body.version}`);
      return;
    }
    status.hidden = true;
    if (answer.status === 400 && answer.body.problems) showProblems(answer.body.problems);
    else {
      status.hidden = false;
      status.className = 'alert error';
      status.textContent = `${text.failed} ${reasonOf(answer)}`;
    }
  }

  // A reason shown at a field goes once the person types again: it was about the values they saved.
  // (A DOM input event, not Form.io's change: that one also fires for recalculated totals, late.)
  document.getElementById('policy-form')!.addEventListener('input', () => {
    document.querySelectorAll('#policy-form .policy-field-error').forEach((el) => el.remove());
    document.querySelectorAll('.policy-has-error').forEach((el) => el.classList.remove('policy-has-error'));
  });
  document.getElementById('policy-preview')!.addEventListener('click', preview);
  document.getElementById('policy-save')!.addEventListener('click', () => { void save(); });
}

main().catch((error) => {
  const status = document.getElementById('policy-status')!;
  status.hidden = false;
  status.className = 'alert error';
  status.textContent = String(error);
});
