// What the owner's pages (new flow and form, the decision table editor) share: a JSON call to
// meritflow's /api, and a status box with the server's reasons as a list.

export interface Problem { field?: string; code?: string; message: string }

// The API's answers are JSON of many shapes; each page reads the fields it asked for.
export interface ApiResponse { status: number; body: any }

export async function apiRequest(method: string, path: string, body?: unknown): Promise<ApiResponse> {
  const response = await fetch(path, {
    method, credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => ({})) };
}

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
