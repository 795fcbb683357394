/**
 * The server's reasons for refusing a Form.io submission, shown where the reader looks: each at its
 * field (the cell of a grid row, or the grid for a rule about all rows, such as weights that must
 * total 100), and all of them in a list above the form whose entries take the reader to the field.
 * A reason is shown in the reader's language (the server words it: `text`), its English `message`
 * only when the server had no other.
 */
export interface ServerProblem {
  field: string;
  code?: string;
  message: string;
  text?: string;
}

interface FormioComponent {
  setCustomValidity(message: string, dirty?: boolean): void;
  element?: HTMLElement;
  component?: { label?: string; key?: string };
  t?(text: string): string;
  parent?: FormioComponent;
  focus?(): void;
}

export interface ProblemForm {
  getComponent(path: string): FormioComponent | undefined | null;
  on(event: string, cb: (value: any, flags?: any) => void): void;
}

/** goals[1].weight → goals[1] → goals: the field itself, else the nearest enclosing one the form knows. */
function componentAt(form: ProblemForm, field: string): FormioComponent | null {
  let path = field;
  while (path) {
    const found = form.getComponent(path);
    if (found) return found;
    const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    if (cut <= 0) break;
    path = path.slice(0, cut);
  }
  return null;
}

/** Row 2 of a grid, for a reason the page names in its list: goals[1].weight → 2. */
function rowNumber(field: string): number | null {
  const match = /\[(\d+)\]/.exec(field);
  return match ? Number(match[1]) + 1 : null;
}

/**
 * Marks each problem's field and writes the list into `box`. `words.heading` leads the list;
 * `words.row` names a grid row ("Row {n}").
 */
export function showServerProblems(form: ProblemForm, box: HTMLElement, problems: ServerProblem[], words: { heading: string; row: string }): void {
  box.hidden = false;
  box.className = 'alert error form-problems';
  box.replaceChildren();
  const heading = document.createElement('strong');
  heading.textContent = words.heading;
  const list = document.createElement('ul');
  box.append(heading, list);
  const shown: Array<{ component: FormioComponent | null; item: HTMLLIElement }> = [];
  for (const problem of problems) {
    const reason = problem.text ?? problem.message;
    const component = componentAt(form, problem.field);
    component?.setCustomValidity(reason, true);
    const item = document.createElement('li');
    const row = rowNumber(problem.field);
    const where = row === null ? '' : `${words.row.replace('{n}', String(row))}: `;
    if (component?.element) {
      const link = document.createElement('a');
      link.href = '#';
      link.textContent = `${where}${reason}`;
      link.addEventListener('click', (event) => {
        event.preventDefault();
        component.element!.scrollIntoView({ block: 'center', behavior: 'smooth' });
        component.element!.querySelector<HTMLElement>('input, select, textarea, [tabindex]')?.focus({ preventScroll: true });
      });
      item.append(link);
    } else {
      item.textContent = `${where}${reason}`;
    }
    list.append(item);
    shown.push({ component, item });
  }
  box.scrollIntoView({ block: 'start', behavior: 'smooth' });
  // A reason leaves the list once the reader changes its field (or a field inside it, such as a
  // weight in the grid whose total was wrong): the next submission judges it again.
  form.on('change', (_value, flags) => {
    let changed: FormioComponent | undefined = flags?.changed?.instance;
    const touched = new Set<FormioComponent>();
    for (let depth = 0; changed && depth < 20; depth++, changed = changed.parent) touched.add(changed);
    for (const entry of [...shown]) {
      if (entry.component && touched.has(entry.component)) {
        entry.item.remove();
        shown.splice(shown.indexOf(entry), 1);
      }
    }
    if (shown.length === 0) box.hidden = true;
  });
}

/** The words of a refusal in the page's language. */
export interface RefusalWords {
  saving: string;
  fix: string;
  refused: string;
  failed: string;
  row: string;
}

/**
 * Form.io's beforeSubmit hook that sends the answer to one of meritflow's routes. Form.io's own
 * "submission complete" (its alert, its button, its screen-reader announcement) comes only after
 * the hook lets the submission through; here it never does: on success the page leaves (`onSaved`),
 * on a refusal the server's reasons are shown and the submission stops silently.
 */
export function submitToApi(
  send: (data: Record<string, unknown>) => Promise<Response>,
  onSaved: () => void,
  status: HTMLElement,
  words: RefusalWords,
  form: () => ProblemForm,
): (submission: { data: Record<string, unknown> }, next: (error?: unknown) => void) => void {
  return (submission, next) => {
    status.hidden = false;
    status.className = 'alert';
    status.textContent = words.saving;
    void (async () => {
      const response = await send(submission.data).catch(() => null);
      if (response?.ok) return onSaved();
      const body = (await response?.json().catch(() => ({}))) as { error?: string; text?: string; problems?: ServerProblem[] } | undefined;
      if (body?.problems?.length) {
        showServerProblems(form(), status, body.problems, { heading: words.fix, row: words.row });
      } else {
        status.className = 'alert error';
        status.textContent = `${words.failed} (${body?.text ?? body?.error ?? response?.status ?? '—'})`;
      }
      // A board the form hosts (the calibration meeting's) shows the reasons where its moves are.
      document.dispatchEvent(new CustomEvent('task-form:problems', { detail: body?.problems ?? [] }));
      next({ silent: true, message: response?.status === 400 ? words.refused : words.failed });
    })();
  };
}
