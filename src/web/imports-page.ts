// The import page: a CSV or Excel file goes to the chosen import as JSON (CSV as its text, a
// workbook as base64, since every API write is JSON), with a progress bar while it uploads and
// while the server checks it; what was refused is listed by row and column. The export form
// downloads a cycle's metrics as a workbook that this page takes back.
import type { ImportAnswer } from '../domain/api-types';
import { errorBodyOf } from './api-client';

const form = document.getElementById('import-form') as HTMLFormElement | null;
const exportForm = document.getElementById('export-form') as HTMLFormElement | null;
const { maxBytes } = JSON.parse(document.getElementById('imports-data')!.textContent ?? '{}') as { maxBytes: number };
const text: Record<string, string> = Object.fromEntries([...(document.getElementById('imports-strings') as HTMLTemplateElement).content.querySelectorAll('[data-key]')]
  .map((el) => [(el as HTMLElement).dataset.key!, el.textContent ?? '']));

const fill = (template: string, values: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));

/** Base64 of a file's bytes, in slices: String.fromCharCode over a whole file overflows the stack. */
function base64Of(bytes: Uint8Array): string {
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(binary);
}

function setProgress(percent: number | null, message: string): void {
  const box = document.getElementById('import-progress')!;
  const bar = document.getElementById('import-progressbar')!;
  box.hidden = false;
  bar.classList.toggle('indeterminate', percent === null);
  (document.getElementById('import-progress-fill') as HTMLElement).style.width = `${percent ?? 100}%`;
  if (percent === null) bar.removeAttribute('aria-valuenow');
  else bar.setAttribute('aria-valuenow', String(percent));
  document.getElementById('import-progress-text')!.textContent = message;
}

/**
 * Where a problem is, in the reader's words: the server names cells as "xlsx row 3, column E (value)"
 * or "csv line 4: value"; anything else (the source, the file as a whole) is shown as it is.
 */
function placeOf(field: string): string {
  const cell = /^xlsx row (\d+), column ([A-Z]+) \((.+)\)$/.exec(field);
  if (cell) return fill(text.cell!, { row: cell[1]!, column: cell[2]!, field: cell[3]! });
  const row = /^xlsx row (\d+)(?:, column ([A-Z]+))?$/.exec(field);
  if (row) return row[2] ? fill(text.cell!, { row: row[1]!, column: row[2], field: '' }).replace(/\s*[（(]\s*[)）]$/, '') : fill(text.row!, { row: row[1]! });
  const line = /^csv line (\d+)(?:: (.+))?$/.exec(field);
  if (line) return line[2] ? `${fill(text.row!, { row: line[1]! })} · ${line[2]}` : fill(text.row!, { row: line[1]! });
  return field;
}

function showResult(message: string, kind: 'ok' | 'alert', problems: Array<{ field: string; message: string }> = []): void {
  const result = document.getElementById('import-result')!;
  result.className = message === '' ? '' : kind === 'ok' ? 'alert success' : 'alert error';
  result.textContent = message;
  const table = document.getElementById('import-problems') as HTMLTableElement;
  const body = table.tBodies[0]!;
  body.replaceChildren();
  for (const problem of problems) {
    const row = body.insertRow();
    row.insertCell().textContent = placeOf(problem.field);
    row.insertCell().textContent = problem.message;
  }
  table.hidden = problems.length === 0;
}

/** POST with upload progress (fetch reports none), answering the status and the parsed JSON. */
function postWithProgress(path: string, body: string, onProgress: (percent: number) => void): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', path);
    request.setRequestHeader('content-type', 'application/json');
    request.upload.onprogress = (event) => { if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100)); };
    request.onload = () => {
      let parsed: unknown = {};
      try { parsed = JSON.parse(request.responseText); } catch { /* a proxy's page */ }
      resolve({ status: request.status, body: parsed });
    };
    request.onerror = () => reject(new Error('network'));
    request.send(body);
  });
}

function showColumns(): void {
  const select = document.getElementById('kind') as HTMLSelectElement;
  document.getElementById('kind-columns')!.textContent = select.selectedOptions[0]?.dataset.columns ?? '';
}

if (form) {
  showColumns();
  document.getElementById('file')!.addEventListener('change', (event) => {
    document.getElementById('file-name')!.textContent = (event.target as HTMLInputElement).files?.[0]?.name ?? text.noFile!;
  });
  document.getElementById('kind')!.addEventListener('change', showColumns);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const kind = (document.getElementById('kind') as HTMLSelectElement).value;
    const system = (document.getElementById('system') as HTMLInputElement).value.trim();
    const file = (document.getElementById('file') as HTMLInputElement).files?.[0];
    if (!system) return showResult(text.needSystem!, 'alert');
    if (!file) return showResult(text.needFile!, 'alert');
    const isWorkbook = /\.xlsx$/i.test(file.name);
    if (!isWorkbook && !/\.csv$/i.test(file.name)) return showResult(text.wrongType!, 'alert');
    if (file.size > maxBytes) return showResult(text.tooLarge!, 'alert');

    const button = document.getElementById('import-submit') as HTMLButtonElement;
    button.disabled = true;
    showResult('', 'ok');
    try {
      const content = isWorkbook ? { xlsx: base64Of(new Uint8Array(await file.arrayBuffer())) } : { csv: await file.text() };
      const body = JSON.stringify({ source: { system, reference: file.name.slice(0, 200) }, ...content });
      setProgress(0, fill(text.uploading!, { percent: 0 }));
      const answer = await postWithProgress(`/api/${kind}`, body, (percent) => {
        if (percent < 100) setProgress(percent, fill(text.uploading!, { percent }));
        else setProgress(null, text.checking!);
      });
      document.getElementById('import-progress')!.hidden = true;
      if (answer.status === 200 || answer.status === 201) {
        const done = answer.body as ImportAnswer;
        showResult(fill(done.created + done.updated === 0 ? text.unchangedAll! : text.done!, { ...done }), 'ok');
      } else {
        const failure = errorBodyOf(answer.body);
        const problems = failure.problems ?? [];
        showResult(problems.length > 0 ? text.refused! : `${text.failed} ${failure.error ?? answer.status}`, 'alert', problems);
      }
    } catch {
      document.getElementById('import-progress')!.hidden = true;
      showResult(`${text.failed} ${file.name}`, 'alert');
    } finally {
      button.disabled = false;
    }
  });
}

exportForm?.addEventListener('submit', (event) => {
  event.preventDefault();
  const input = document.getElementById('export-cycle') as HTMLInputElement;
  const cycle = input.value.trim();
  if (!cycle || !input.checkValidity()) {
    input.setAttribute('aria-invalid', 'true');
    input.setCustomValidity(text.needCycle!);
    input.reportValidity();
    input.setCustomValidity('');
    return;
  }
  input.removeAttribute('aria-invalid');
  window.location.assign(`/api/metrics/${encodeURIComponent(cycle)}/export`);
});
