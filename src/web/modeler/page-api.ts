// What the owner's pages (new flow and form, the decision table editor) share: a status box with the
// server's reasons as a list, a download, and the cells and buttons of their version tables. Their JSON
// calls go through ../api-client.

export interface Problem { field?: string; code?: string; message: string }

export function showProblems(box: HTMLElement, message: string, kind: 'info' | 'error' | 'success', problems: Problem[] = []): void {
  box.hidden = false;
  box.className = `alert ${kind === 'info' ? '' : kind}`;
  box.textContent = message;
  if (problems.length > 0) {
    const list = document.createElement('ul');
    for (const p of problems) { const li = document.createElement('li'); li.textContent = p.message; list.append(li); }
    box.append(list);
  }
}

/** Offers text as a file download (an export). */
export function download(fileName: string, text: string, type: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** A table cell with its column's name, which the narrow (390 px) layout shows beside the value. */
export function cell(row: HTMLTableRowElement, text: string, label: string): HTMLTableCellElement {
  const td = row.insertCell();
  td.textContent = text;
  td.dataset.label = label;
  return td;
}

/** A button of a table row; `label` says what it acts on for a screen reader ("Open v3"). */
export function button(text: string, label: string, action: () => void, className = ''): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  if (className) b.className = className;
  b.setAttribute('aria-label', label);
  b.addEventListener('click', action);
  return b;
}
