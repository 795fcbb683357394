import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import { templateOf } from '../../domain/mail';
import { translate, type Locale } from '../i18n';
import { formatMoney } from '../../lib/format-money';

/**
 * A mail's subject and text in its reader's language: templates/mail/<template>.hbs (the kind's own
 * or its family's, domain/mail.ts templateOf), its strings in templates/i18n/<locale>/mail.json. Plain
 * text: a mail shows what its parameters hold (pay figures removed before) and a link into the app.
 */
const mailDir = join(__dirname, '..', '..', '..', 'templates', 'mail');
export const MAIL_TEMPLATES: readonly string[] = readdirSync(mailDir).filter((f) => f.endsWith('.hbs')).map((f) => basename(f, '.hbs'));

const hbs = Handlebars.create();
const compiled = new Map<string, Handlebars.TemplateDelegate>();

function fill(text: string, values: Record<string, unknown>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, name: string) => (values[name] === undefined || values[name] === null ? match : String(values[name])));
}

export interface MailToRender {
  kind: string;
  params: Record<string, unknown>;
  /** An absolute link into the app. */
  link: string;
  readerName: string;
  locale: Locale;
  /** For a digest: its lines, each rendered as its own kind's subject. */
  entries?: Array<{ kind: string; params: Record<string, unknown>; link: string }>;
}

/**
 * A task's step named in the reader's language where the translations know it (the shipped flows'
 * steps, `step.<id>`); an owner's own step keeps the name in its diagram, stored when the mail was queued.
 */
function inReaderLanguage(params: Record<string, unknown>, locale: Locale): Record<string, unknown> {
  if (typeof params.stepKey !== 'string') return params;
  const key = `step.${params.stepKey}`;
  const translated = translate(locale, key);
  return translated === key ? params : { ...params, taskName: translated };
}

export function subjectOf(kind: string, given: Record<string, unknown>, locale: Locale): string {
  const params = inReaderLanguage(given, locale);
  const key = `mail.subject.${kind}`;
  const text = translate(locale, key);
  return fill(text === key ? translate(locale, `mail.subject.${templateOf(kind, MAIL_TEMPLATES.filter((t) => t !== 'generic'))}`) : text, { ...params, kindName: kindName(kind, locale) });
}

function kindName(kind: string, locale: Locale): string {
  const key = `mail.kind.${kind.replace(/\.\d+$/, '')}`;
  const text = translate(locale, key);
  return text === key ? translate(locale, 'mail.kind.other') : text;
}

function bodyOf(kind: string, params: Record<string, unknown>, locale: Locale): string {
  const key = `mail.body.${kind.replace(/\.\d+$/, '')}`;
  const text = translate(locale, key);
  return fill(text === key ? translate(locale, 'mail.body.generic') : text, { ...params, kindName: kindName(kind, locale) });
}

export function renderMail(given: MailToRender): { subject: string; text: string } {
  const mail = { ...given, params: inReaderLanguage(given.params, given.locale) };
  const name = templateOf(mail.kind, MAIL_TEMPLATES);
  let fn = compiled.get(name);
  if (!fn) {
    fn = hbs.compile(readFileSync(join(mailDir, `${name}.hbs`), 'utf8'), { noEscape: true, strict: false });
    compiled.set(name, fn);
  }
  const t = (key: string, options?: { hash?: Record<string, unknown> }) => fill(translate(mail.locale, key), { ...mail.params, ...(options?.hash ?? {}) });
  // A pay figure is in the parameters only when the policy lets the kind show it (domain/mail.ts redactPay).
  const amount = typeof mail.params.amountMinor === 'number' && typeof mail.params.currency === 'string' ? formatMoney(mail.params.amountMinor, mail.params.currency, mail.locale) : undefined;
  const text = fn({
    ...mail.params, amount, readerName: mail.readerName, link: mail.link, kind: mail.kind, body: bodyOf(mail.kind, mail.params, mail.locale),
    entries: mail.entries?.map((e) => ({ subject: subjectOf(e.kind, e.params, mail.locale), link: e.link })),
    count: mail.entries?.length ?? 0,
  }, { helpers: { t } });
  return { subject: subjectOf(mail.kind, { ...mail.params, count: mail.entries?.length ?? 0 }, mail.locale), text: text.replace(/\n{3,}/g, '\n\n').trim() + '\n' };
}
