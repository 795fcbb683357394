import { DEMO_PASSWORD } from '../../src/seed/demo-org';

export interface JsonResponse<T = any> {
  status: number;
  body: T;
}

/** A person using meritflow over HTTP, as the browser does: a session cookie and JSON. */
export class HttpUser {
  private cookie = '';
  id = '';

  constructor(private readonly baseUrl: string, readonly username: string) {}

  static async signIn(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<HttpUser> {
    const user = new HttpUser(baseUrl, username);
    const response = await user.request('POST', '/api/session', { username, password });
    if (response.status !== 200) throw new Error(`${username} could not sign in: ${response.status} ${JSON.stringify(response.body)}`);
    user.id = response.body.user.id;
    return user;
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonResponse<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(this.cookie ? { cookie: this.cookie } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      redirect: 'manual',
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    const text = await response.text();
    let parsed: unknown = text;
    try { parsed = JSON.parse(text); } catch { /* not JSON */ }
    return { status: response.status, body: parsed as T };
  }

  get<T = any>(path: string) { return this.request<T>('GET', path); }
  post<T = any>(path: string, body: unknown) { return this.request<T>('POST', path, body); }

  async inbox(): Promise<Array<{ id: string; step: string; caseId: string; subject: { id: string } }>> {
    const response = await this.get('/api/inbox');
    if (response.status !== 200) throw new Error(`inbox: ${response.status}`);
    return response.body.items;
  }

  /** The open task of this step in this case, once it has arrived in the inbox. */
  async taskFor(caseId: string, step: string): Promise<string | undefined> {
    return (await this.inbox()).find((t) => t.caseId === caseId && t.step === step)?.id;
  }
}
