import { DEMO_PASSWORD } from '../demo-org';
import { pollUntil } from '../../lib/concurrency';

export interface Reply<T = any> {
  status: number;
  body: T;
}

export interface InboxItem {
  id: string;
  step: string;
  caseId: string | null;
  assignedToMe: boolean;
  subject: { id: string } | null;
}

/**
 * One demo person using meritflow over HTTP as the browser does: a session cookie and JSON.
 * The story works only through these sessions, so everything it does is what a person could do.
 */
export class DemoSession {
  private cookie = '';
  id = '';

  private constructor(private readonly baseUrl: string, readonly username: string) {}

  static async signIn(baseUrl: string, username: string): Promise<DemoSession> {
    const session = new DemoSession(baseUrl, username);
    const reply = await session.request('POST', '/api/session', { username, password: DEMO_PASSWORD });
    if (reply.status !== 200) throw new Error(`${username} could not sign in: ${reply.status} ${JSON.stringify(reply.body)}`);
    session.id = reply.body.user.id;
    return session;
  }

  async request<T = any>(method: string, path: string, body?: unknown): Promise<Reply<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(this.cookie ? { cookie: this.cookie } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'manual',
    });
    const cookies = new Map(this.cookie ? this.cookie.split('; ').map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)] as const) : []);
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';')[0]!;
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1));
    }
    this.cookie = [...cookies].filter(([, v]) => v !== '').map(([k, v]) => `${k}=${v}`).join('; ');
    const text = await response.text();
    let parsed: unknown = text;
    try { parsed = JSON.parse(text); } catch { /* not JSON */ }
    return { status: response.status, body: parsed as T };
  }

  get<T = any>(path: string) { return this.request<T>('GET', path); }
  post<T = any>(path: string, body: unknown) { return this.request<T>('POST', path, body); }

  /** A write the story needs to succeed: any other answer than the expected ones stops the story, saying why. */
  async mustPost<T = any>(path: string, body: unknown, ok: number[] = [200, 201]): Promise<Reply<T>> {
    const reply = await this.post<T>(path, body);
    if (!ok.includes(reply.status)) throw new Error(`${this.username} POST ${path}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 600)}`);
    return reply;
  }

  async inbox(): Promise<InboxItem[]> {
    const reply = await this.get('/api/inbox');
    if (reply.status !== 200) throw new Error(`${this.username} inbox: ${reply.status}`);
    return reply.body.items;
  }

  async taskFor(caseId: string, step: string): Promise<InboxItem | undefined> {
    return (await this.inbox()).find((t) => t.caseId === caseId && t.step === step);
  }

  /** Opens a task (its form and what the step shows beside it). */
  async task(taskId: string): Promise<any> {
    const reply = await this.get(`/api/tasks/${encodeURIComponent(taskId)}`);
    if (reply.status !== 200) throw new Error(`${this.username} task ${taskId}: ${reply.status}`);
    return reply.body;
  }

  /** Claims a task offered to a group (when it is not already this person's), then submits the form. */
  async work(item: InboxItem, data: Record<string, unknown>): Promise<void> {
    if (!item.assignedToMe) await this.mustPost(`/api/tasks/${encodeURIComponent(item.id)}/claim`, {});
    await this.mustPost(`/api/tasks/${encodeURIComponent(item.id)}/submission`, { data });
  }
}

/** Polls until the probe answers something truthy; the worker moves the flows between human steps. */
export function until<T>(label: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 120_000, intervalMs = 400): Promise<T> {
  return pollUntil(`demo story: ${label}`, probe, timeoutMs, intervalMs);
}

export const enc = encodeURIComponent;
