/**
 * Reading a process's settings from the environment. Each process (server, worker, the command-line
 * tools) reads only what it uses (docs/architecture.md, "Configuration"), checks every setting at
 * start and names every wrong one at once: a typo stops the start with the variable's name instead
 * of running with NaN. scripts/start.mjs and scripts/test.mjs fill them for the local parts.
 */
export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  readonly #problems: string[];

  constructor(problems: string[]) {
    super(`meritflow cannot start, its settings are wrong:\n  - ${problems.join('\n  - ')}`);
    this.#problems = problems;
    // A wrong setting is not a fault in the code: a process that prints what stopped it (console.error)
    // shows the list alone, without a stack trace to read past.
    this.stack = this.message;
  }

  get problems(): string[] {
    return [...this.#problems];
  }
}

/** Reads one setting after another and collects what is wrong; `done` throws them all together. */
export class SettingsReader {
  private readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  /** A setting that must be there. */
  required(name: string): string {
    const value = this.env[name];
    if (!value) this.problems.push(`${name} is not set; start meritflow with \`npm start\` or set it (see README)`);
    return value ?? '';
  }

  text(name: string, fallback: string): string {
    const value = this.env[name];
    return value === undefined || value === '' ? fallback : value;
  }

  /** A whole number of at least `min`, e.g. WORKER_LOCK_MS=30000. */
  wholeNumber(name: string, fallback: number, min = 1): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw.trim());
    if (!/^\s*\d+\s*$/.test(raw) || !Number.isSafeInteger(value) || value < min) {
      this.problems.push(`${name} must be a whole number ${min === 0 ? 'of 0 or more' : min === 1 ? 'above 0' : `of at least ${min}`}, not ${raw}`);
      return fallback;
    }
    return value;
  }

  /** true or false, nothing else: SECURE_COOKIES=yes would otherwise quietly mean false. */
  flag(name: string, fallback = false): boolean {
    const raw = this.env[name]?.trim();
    if (raw === undefined || raw === '') return fallback;
    if (raw === 'true' || raw === 'false') return raw === 'true';
    this.problems.push(`${name} must be true or false, not ${raw}`);
    return fallback;
  }

  /** An absolute http(s) URL, without a trailing slash. */
  url(name: string): string {
    const value = this.required(name);
    if (!value) return '';
    try {
      const parsed = new URL(value);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http');
    } catch {
      this.problems.push(`${name} must be an http(s) address such as http://127.0.0.1:8080/engine-rest, not ${value}`);
    }
    return value.replace(/\/$/, '');
  }

  /** A setting read by its own parser, which throws a message naming the variable. */
  parsed<T>(parse: (env: Env) => T, fallback: T): T {
    try {
      return parse(this.env);
    } catch (error) {
      this.problems.push(error instanceof Error ? error.message : String(error));
      return fallback;
    }
  }

  /** The settings, or every problem at once. */
  done<T>(settings: T): T {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
    return settings;
  }
}

/** The engine's REST API, for every process that talks to it. */
export interface EngineSettings {
  engineUrl: string;
  engineUser: string;
  enginePassword: string;
}

export function readEngineSettings(read: SettingsReader): EngineSettings {
  return { engineUrl: read.url('ENGINE_URL'), engineUser: read.text('ENGINE_USER', ''), enginePassword: read.text('ENGINE_PASSWORD', '') };
}

/** The store, for every process that reads or writes it. */
export interface StoreSettings {
  mongodbUri: string;
}

export function readStoreSettings(read: SettingsReader): StoreSettings {
  return { mongodbUri: read.required('MONGODB_URI') };
}

/**
 * Mail (the worker's dispatcher, src/worker/mail): SMTP_URL is the relay (smtp:// or smtps://, user
 * and password in the address if it needs them); unset, no mail leaves and the mails wait in the
 * store. APP_URL is the app's address that links in a mail lead to; MAIL_FROM the sender.
 */
export interface MailSettings {
  smtpUrl: string | null;
  mailFrom: string;
  appUrl: string;
  mailPollMs: number;
}

export function readMailSettings(read: SettingsReader, env: Env): MailSettings {
  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (smtpUrl) {
    let ok = false;
    try { ok = ['smtp:', 'smtps:'].includes(new URL(smtpUrl).protocol); } catch { ok = false; }
    if (!ok) read.parsed(() => { throw new Error(`SMTP_URL must be an smtp:// or smtps:// address such as smtp://relay.bank.example:25, not ${smtpUrl.replace(/\/\/[^@/]*@/, '//…@')}`); }, null);
  }
  let appUrl = read.text('APP_URL', `http://127.0.0.1:${env.PORT ?? 3000}`);
  try { if (!/^https?:$/.test(new URL(appUrl).protocol)) throw new Error('x'); } catch { read.parsed(() => { throw new Error(`APP_URL must be an http(s) address such as https://meritflow.bank.example, not ${appUrl}`); }, null); }
  appUrl = appUrl.replace(/\/$/, '');
  return { smtpUrl, mailFrom: read.text('MAIL_FROM', 'meritflow <meritflow@localhost>'), appUrl, mailPollMs: read.wholeNumber('MAIL_POLL_MS', 5_000, 100) };
}

/** What the command-line tools need: the engine and the store. */
export function loadToolConfig(env: Env = process.env): EngineSettings & StoreSettings {
  const read = new SettingsReader(env);
  return read.done({ ...readEngineSettings(read), ...readStoreSettings(read) });
}
