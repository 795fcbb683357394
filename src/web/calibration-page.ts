// Calibration pages: the meeting's working board on the unit head's task (calibration/meeting-board.ts),
// and the distribution chart wherever a calibration's curve is shown (the HRBP's approval, the board).
// Loaded after the task page's own script, which creates the Form.io form this board writes into.
import { bandsFromList, curveChart } from './calibration/curve-chart';
import { MeetingBoard, type MeetingForm, type Problem } from './calibration/meeting-board';

declare const Formio: { forms?: Record<string, MeetingForm & { element?: HTMLElement }> } | undefined;

/** The Form.io form holding an element, once the task page has created it and drawn the element. */
function formHolding(selector: string, timeoutMs = 15_000): Promise<{ form: MeetingForm; element: HTMLElement } | null> {
  const started = Date.now();
  return new Promise((resolve) => {
    const look = () => {
      const element = document.querySelector<HTMLElement>(selector);
      const forms = typeof Formio === 'undefined' ? [] : Object.values(Formio.forms ?? {});
      const form = element ? forms.find((f) => f.element?.contains(element)) : undefined;
      if (element && form) resolve({ form, element });
      else if (Date.now() - started > timeoutMs) resolve(null);
      else setTimeout(look, 50);
    };
    look();
  });
}

function draftChanges(): Array<Record<string, unknown>> {
  try {
    const data = JSON.parse(document.getElementById('task-data')?.textContent ?? '{}') as { draft?: { changes?: unknown } | null };
    return Array.isArray(data.draft?.changes) ? (data.draft!.changes as Array<Record<string, unknown>>) : [];
  } catch {
    return [];
  }
}

function drawCharts(scope: ParentNode): void {
  for (const box of scope.querySelectorAll<HTMLElement>('.cal-chart[data-static]')) {
    const list = box.parentElement?.querySelector('.cal-standing');
    if (list) curveChart(box, bandsFromList(list), box.dataset.binding !== 'false');
  }
}

async function taskPage(): Promise<void> {
  const found = await formHolding('.case-context');
  if (!found) return;
  const root = found.element.closest('#task-form') ?? document;
  drawCharts(root);
  const boardElement = root.querySelector<HTMLElement>('.calibration-meeting-board');
  if (!boardElement) return;
  const board = new MeetingBoard(boardElement, found.form, draftChanges());
  board.mount();
  // The task page tells of a refused submission (its field-level reasons) with this event.
  document.addEventListener('task-form:problems', (event) => board.showServerProblems(((event as CustomEvent).detail ?? []) as Problem[]));
}

if (document.getElementById('task-data')) void taskPage();
else drawCharts(document);
