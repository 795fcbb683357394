import { readFileSync, readdirSync } from 'node:fs';
import { join, basename } from 'node:path';
import Handlebars from 'handlebars';
import type { Request, Response } from 'express';
import { localeOf, translate, type Locale } from './i18n';
import { formatMoney } from '../lib/format-money';
import { jobTitleIn, type JobTitle } from '../domain/job-title';
import { dimensionName } from '../domain/my-result';
import { MAIL_CATEGORIES, MAIL_MODES } from '../domain/mail';
import { policyTitles } from './policies/policy-versions';

const templatesDir = join(__dirname, '..', '..', 'templates');
const hbs = Handlebars.create();

hbs.registerHelper('t', function (this: unknown, key: string, options: { hash?: Record<string, unknown>; data: { root: { locale: Locale } } }) {
  const text = translate(options.data.root.locale, key);
  // {{t "key" count=3}}: the translation's {{count}} filled in (the result is escaped like any value).
  const hash = options.hash ?? {};
  return Object.keys(hash).length === 0 ? text : text.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, name: string) => (name in hash ? String(hash[name]) : match));
});
hbs.registerHelper('localName', (name: Record<string, string> | undefined, options: { data: { root: { locale: Locale } } }) =>
  name ? (name[options.data.root.locale] ?? name.en ?? '') : '');
/** A person's job title in the reader's language; an old one-string title as it is. */
hbs.registerHelper('jobTitle', (title: JobTitle | undefined, options: { data: { root: { locale: Locale } } }) => jobTitleIn(title, options.data.root.locale));
hbs.registerHelper('json', (value: unknown) => new Handlebars.SafeString(
  // Safe inside <script type="application/json">: no "</script>" can close the element early.
  JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')));
hbs.registerHelper('date', (iso: string | null, options: { data: { root: { locale: Locale } } }) =>
  iso ? new Date(iso).toLocaleString(options.data.root.locale, { dateStyle: 'medium', timeStyle: 'short' }) : '');

/** A key built from parts, e.g. {{tKey "dimension." dimension}}. */
hbs.registerHelper('tKey', (prefix: string, name: string, options: { data: { root: { locale: Locale } } }) =>
  translate(options.data.root.locale, `${prefix}${name}`));
/** A scoring dimension's name: the policy's label kept with the score, else the translations': {{dimensionName dimension label}} (label optional). */
hbs.registerHelper('dimensionName', (dimension: string, ...rest: unknown[]) => {
  const options = rest.pop() as { data: { root: { locale: Locale } } };
  const label = rest[0];
  const locale = options.data.root.locale;
  return dimensionName(dimension, label && typeof label === 'object' ? (label as Record<string, string>) : undefined, locale, (key) => translate(locale, key));
});
/** Minor units as money in the page's language: {{money amountMinor currency}}. */
hbs.registerHelper('money', (amountMinor: number, currency: string, options: { data: { root: { locale: Locale } } }) =>
  typeof amountMinor === 'number' && typeof currency === 'string' ? formatMoney(amountMinor, currency, options.data.root.locale) : '');
/**
 * A policy by its short name in the page's language ("评分规则"), never its key ("scoring"): the
 * translations' `policy.name.<key>`, else the policy file's title, else (an owner's new policy) the key.
 */
export function policyName(locale: Locale, key: string): string {
  const named = translate(locale, `policy.name.${key}`);
  if (named !== `policy.name.${key}`) return named;
  const title = policyTitles()[key];
  return title ? (title[locale] ?? title.en) : key;
}
hbs.registerHelper('policyTitle', (key: string, options: { data: { root: { locale: Locale } } }) => policyName(options.data.root.locale, key));
/**
 * An explanation's words (a step or formula the domain wrote in English, kept with the number for
 * audit) in the page's language, from the label table `explain.<text>` in the translations; numbers
 * inside are matched as "#" ("rounded to 4 decimals" → "rounded to # decimals"). Unknown text stays
 * as written: the stored explanation is the record.
 */
hbs.registerHelper('explain', (text: unknown, options: { data: { root: { locale: Locale } } }) => {
  if (typeof text !== 'string') return '';
  const locale = options.data.root.locale;
  const direct = translate(locale, `explain.${text}`);
  if (direct !== `explain.${text}`) return direct;
  const numbers = text.match(/\d+(?:\.\d+)?/g) ?? [];
  const shapeKey = `explain.${text.replace(/\d+(?:\.\d+)?/g, '#')}`;
  const shaped = translate(locale, shapeKey);
  if (shaped === shapeKey) return text;
  let i = 0;
  return shaped.replace(/#/g, () => numbers[i++] ?? '');
});
/** A number grouped in the page's language (20000000000 → 20,000,000,000). */
hbs.registerHelper('number', (value: unknown, options: { data: { root: { locale: Locale } } }) => {
  const n = typeof value === 'number' ? value : Number(value);
  return typeof value !== 'boolean' && value !== '' && Number.isFinite(n) ? n.toLocaleString(options.data.root.locale, { maximumFractionDigits: 4 }) : String(value ?? '');
});
hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
hbs.registerHelper('mailCategories', () => MAIL_CATEGORIES);
hbs.registerHelper('mailModes', () => MAIL_MODES);
/** A kind of mail by its name in the page's language ("review.check-in-reminder.2" → "a check-in reminder"). */
function mailKindName(locale: Locale, kind: unknown): string {
  const key = `mail.kind.${String(kind).replace(/\.\d+$/, '')}`;
  const named = translate(locale, key);
  return named === key ? translate(locale, 'mail.kind.other') : named;
}
hbs.registerHelper('mailKind', (kind: unknown, options: { data: { root: { locale: Locale } } }) => mailKindName(options.data.root.locale, kind));
/** Kinds of mail by name, each name once (an appeal upheld, dismissed or rejected is "your appeal is decided"). */
hbs.registerHelper('mailKindNames', (kinds: unknown, options: { data: { root: { locale: Locale } } }) =>
  [...new Set((Array.isArray(kinds) ? kinds : []).map((kind) => mailKindName(options.data.root.locale, kind)))]);
hbs.registerHelper('urlComponent', (value: unknown) => encodeURIComponent(String(value ?? '')));
/** {{#if (hasAnyRole user "auditor" "admin")}}: a link only those it is for can follow. */
hbs.registerHelper('hasAnyRole', (user: { roles?: string[] } | undefined, ...rest: unknown[]) =>
  Boolean(user?.roles?.some((role) => rest.slice(0, -1).includes(role))));
/** A flow's name in the page's language when the translations know it (the shipped flows), else the name in its diagram. */
hbs.registerHelper('flowLabel', (flow: string, name: string | null, options: { data: { root: { locale: Locale } } }) => {
  const key = `inbox.flow.${flow}`;
  const translated = translate(options.data.root.locale, key);
  return translated === key ? (name || flow) : translated;
});
/** A step's name in the page's language when the translations know it, else the name in the diagram. */
hbs.registerHelper('stepName', (step: string, name: string | null, options: { data: { root: { locale: Locale } } }) => {
  const key = `step.${step}`;
  const translated = translate(options.data.root.locale, key);
  return translated === key ? (name ?? step) : translated;
});

for (const file of readdirSync(join(templatesDir, 'partials'))) {
  hbs.registerPartial(basename(file, '.hbs'), readFileSync(join(templatesDir, 'partials', file), 'utf8'));
}

const compiled = new Map<string, Handlebars.TemplateDelegate>();
function template(name: string): Handlebars.TemplateDelegate {
  let fn = compiled.get(name);
  if (!fn || process.env.NODE_ENV === 'development') {
    fn = hbs.compile(readFileSync(join(templatesDir, `${name}.hbs`), 'utf8'), { strict: false });
    compiled.set(name, fn);
  }
  return fn;
}

/**
 * One partial (templates/partials/<name>.hbs) on its own, in a language: the case data a form's
 * context component shows (tasks/case-context). Escaped like every page.
 */
export function renderPartial(name: string, data: Record<string, unknown>, locale: Locale): string {
  let fn = compiled.get(`partial:${name}`);
  if (!fn || process.env.NODE_ENV === 'development') {
    // preventIndent: an indented {{> partial}} would otherwise indent every line of what it renders,
    // a typed statement's second line included.
    fn = hbs.compile(readFileSync(join(templatesDir, 'partials', `${name}.hbs`), 'utf8'), { strict: false, preventIndent: true });
    compiled.set(`partial:${name}`, fn);
  }
  return fn({ ...data, locale });
}

/**
 * The tab's title in the page's language. A route names its page by a short key ("inbox", "audit")
 * or passes words already translated; the key is looked up under `title.` so that no tab reads
 * "inbox · meritflow" in Chinese. A task's tab is its step, named as the heading names it.
 */
function pageTitle(name: string, data: Record<string, unknown>, locale: Locale): string | undefined {
  const given = typeof data.title === 'string' ? data.title : name;
  const key = `title.${given}`;
  const translated = translate(locale, key);
  if (translated !== key) return translated;
  const task = data.task as { taskDefinitionKey?: string; name?: string | null } | undefined;
  if (name === 'task' && task?.taskDefinitionKey) {
    const stepKey = `step.${task.taskDefinitionKey}`;
    const step = translate(locale, stepKey);
    return step === stepKey ? (task.name ?? undefined) : step;
  }
  return typeof data.title === 'string' ? data.title : undefined;
}

/** Renders templates/<name>.hbs inside templates/layout.hbs, in the request's language. */
export function render(req: Request, res: Response, name: string, data: Record<string, unknown> = {}, status = 200): void {
  const locale = localeOf(req);
  // formToken goes into every form that posts (login, sign out): see security/form-token.ts.
  const root = { ...data, title: pageTitle(name, data, locale), locale, user: req.user, otherLocale: locale === 'en' ? 'zh-CN' : 'en', path: req.path, formToken: res.locals.formToken, oidcSignIn: res.locals.oidcSignIn === true };
  const body = template(name)(root);
  res.status(status).type('html').send(template('layout')({ ...root, body: new Handlebars.SafeString(body) }));
}
