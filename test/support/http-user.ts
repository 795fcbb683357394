import { DEMO_PASSWORD } from '../../src/seed/demo-org';

export interface JsonResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A person using meritflow over HTTP, as the browser does: cookies (session, form token) and JSON. */
export class HttpUser {
  private readonly cookies = new Map<string, string>();
  id = '';

  constructor(private readonly baseUrl: string, readonly username: string) {}

  static async signIn(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<HttpUser> {
    const user = new HttpUser(baseUrl, username);
    const response = await user.request('POST', '/api/session', { username, password });
    if (response.status !== 200) throw new Error(`${username} could not sign in: ${response.status} ${JSON.stringify(response.body)}`);
    user.id = response.body.user.id;
    return user;
  }

  /** Several people signed in at once, in the order named; a tuple, so each can be destructured. */
  static signInAll<const Names extends readonly string[]>(baseUrl: string, usernames: Names): Promise<{ -readonly [K in keyof Names]: HttpUser }> {
    // Array.prototype.map forgets a tuple's length; the result has one user per name, in order.
    return Promise.all(usernames.map((username) => HttpUser.signIn(baseUrl, username))) as Promise<{ -readonly [K in keyof Names]: HttpUser }>;
  }

  /** A body that is a string is sent as it is (malformed JSON, form fields); anything else as JSON. */
  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonResponse<T>> {
    const response = await this.fetchWithCookies(method, path, body, headers);
    const text = await response.text();
    let parsed: unknown = text;
    try { parsed = JSON.parse(text); } catch { /* not JSON */ }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  /** A file as the browser saves it (a workbook, an export): its bytes, not text. */
  async download(path: string): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
    const response = await this.fetchWithCookies('GET', path);
    return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers };
  }

  private async fetchWithCookies(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const send = () => fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      redirect: 'manual',
    });
    // A kept-alive connection the server closed just as it was reused resets; a browser sends an
    // idempotent request again on a fresh one, and so does this client (never a write).
    const response = await send().catch((error: { cause?: { code?: string } }) => {
      if (method === 'GET' && error.cause?.code === 'ECONNRESET') return send();
      throw error;
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      const [name, value] = [pair!.slice(0, at).trim(), pair!.slice(at + 1)];
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  get<T = any>(path: string) { return this.request<T>('GET', path); }
  post<T = any>(path: string, body: unknown, headers: Record<string, string> = {}) { return this.request<T>('POST', path, body, headers); }

  /** An HTML form post, as the login page and the sign-out button send it. */
  postForm(path: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}) {
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) form.append(name, v);
    return this.request<string>('POST', path, form.toString(), { 'content-type': 'application/x-www-form-urlencoded', ...headers });
  }

  /** The form token a page renders into its forms (and sets as a cookie on first visit). */
  async formToken(page = '/login'): Promise<string> {
    const response = await this.get<string>(page);
    const token = /name="_csrf" value="([^"]+)"/.exec(String(response.body))?.[1];
    if (!token) throw new Error(`no form token on ${page} (${response.status})`);
    return token;
  }

  hasCookie(name: string): boolean {
    return this.cookies.has(name);
  }

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

/**
 * An error body without its `text`: the reason in the reader's language, present for a reader who does
 * not read English (demo people read Chinese). For tests about what the API refuses, not its wording.
 */
export function withoutText(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return body;
  const { text: _text, ...rest } = body as Record<string, unknown>;
  return rest;
}
