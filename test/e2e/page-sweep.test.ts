import type { ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CycleModel } from '../../src/db/models/cycle';
import { OrgUnitModel } from '../../src/db/models/org-unit';
import { PolicyVersionModel } from '../../src/db/models/policy-version';
import { PersonModel } from '../../src/db/models/person';
import { DEMO_PASSWORD } from '../../src/seed/demo-org';
import { LEAVER, runDemoStory } from '../../src/seed/demo-story/story';
import { artifactsDir, launchBrowser } from '../support/browser';
import { codesIn, englishIn, ownerNames, rawCodes, typedTexts, withoutListedCodes } from '../support/page-sweep-rules';
import { startTestStack, startWorker, stopWorker, uniqueCycle, type TestStack } from '../support/stack';

/**
 * Every page every role of the demo bank can reach, in both languages, at 1440 and 390 px. The
 * demo story (what `npm start` shows a first visitor) is told with cycles of its own; then each
 * person signs in and follows the links: the header's navigation first, then every link on every
 * page reached, so a page nobody links to is not in the sweep and a page someone links to cannot
 * be missed. Pages of one shape (/tasks/:id, /policies/:key) are visited up to a few times each,
 * preferring the story's cycles. A page fails on a console error, a failed request (4xx/5xx or a
 * network error), horizontal overflow at 1440 or 390 px, English on a Chinese page (outside names, the
 * brand and what people typed: page-sweep-rules.ts says how) and a raw code from the shipped data
 * (statuses, step ids, roles, policy codes, E-numbers outside the audit log, long unformatted numbers).
 */
let stack: TestStack;
let worker: ChildProcess;
let browser: Browser;
const previous = uniqueCycle('sweep1');
const current = uniqueCycle('sweep2');
let leaverId = '';
let codes: string[] = [];
let typed: string[] = [];
let englishNames: string[] = [];

/** One person per role of the demo bank (see src/seed/demo-org.ts), each with something to do in the story. */
const ROLES: Array<[role: string, username: string]> = [
  ['employee', 'cb.rm04'],
  ['employee whose goals changed mid-cycle', 'cb.rm01'],
  ['manager (unit head)', 'wm.head'],
  ['hrbp', 'hrbp'],
  ['hr', 'hr'],
  ['risk and compliance officer', 'risk.officer'],
  ['committee', 'ceo'],
  ['process owner', 'owner'],
  ['auditor', 'auditor'],
  ['admin', 'admin'],
];
const LOCALES = ['zh-CN', 'en'] as const;
/** How many pages of one shape each person visits (tasks differ by step, so more of those). */
const PER_SHAPE = 2;
const PER_SHAPE_TASKS = 4;
/** Pages open at once across the sweeps. */
const PAGES_AT_ONCE = 5;
/** Editors whose subject is keys and ids: their canvas and panels show them by design. */
const EDITOR = /^\/(modeler|forms-builder\/|decisions\/)/;
/** Parts of a page that are the editor's own working surface (keys in code, diagram, properties, builder JSON), not text for a reader. */
const EDITOR_SURFACES = 'code, .djs-container, .bio-properties-panel, .dmn-decision-table-container, .formbuilder, .formio-builder, .builder-sidebar, .component-preview';

/**
 * What a page shows as recorded, because the person reading it needs it so: the audit log's entries
 * (codes, ids, digests) for an auditor, and an incident's step id, case key and the worker's own error
 * message for an operator who must find the case and the cause. Marked data-record in the templates;
 * the page around them is checked.
 */
const RECORD = '[data-record]';

interface Problem { role: string; locale: string; width: number; path: string; what: string }
const problems: Problem[] = [];
/** How long each page took (ms), to name the slowest in the log. */
const timings: Array<[ms: number, page: string]> = [];
/** The problems as they are found, for whoever fixes them (the test's failure lists them too). */
const reportFile = join(artifactsDir, 'page-sweep-problems.txt');

beforeAll(async () => {
  stack = await startTestStack();
  worker = startWorker('page-sweep');
  leaverId = (await PersonModel.findOne({ username: LEAVER }, { _id: 1 }).lean())!._id;
  await PersonModel.updateOne({ _id: leaverId }, { $set: { active: true }, $unset: { employment: 1 } });
  const started = Date.now();
  await runDemoStory({ baseUrl: stack.baseUrl, previousCycle: previous, currentCycle: current, log: () => undefined });
  console.log(`page sweep: demo story told in ${Math.round((Date.now() - started) / 1000)} s`);
  codes = rawCodes();
  typed = await typedTexts();
  // Names a person or HR gave: people's names, job titles kept as one string from before titles had both
  // languages (a title in both must show in the reader's), and the cycles' (HR names a cycle "2026-H1" or anything else).
  englishNames = [
    ...(await PersonModel.find({}, { name: 1, title: 1 }).lean()).flatMap((p) => [p.name.en, p.name['zh-CN'], ...(typeof p.title === 'string' && p.title ? [p.title] : [])]),
    ...(await OrgUnitModel.find({}, { name: 1 }).lean()).flatMap((u) => [u.name.en, u.name['zh-CN']]),
    ...(await CycleModel.find({}, { _id: 1 }).lean()).map((c) => String(c._id)),
    // A policy an owner added has no title but its key (other test files add some to the shared store).
    ...(await PolicyVersionModel.distinct('key')).filter((key: string) => !existsSync(join(__dirname, '..', '..', 'policies', `${key}.json`))),
    ...(await ownerNames()),
  ].sort((a, b) => b.length - a.length);
  browser = await launchBrowser();
  writeFileSync(reportFile, '');
}, 600_000);

afterAll(async () => {
  await PersonModel.updateOne({ _id: leaverId }, { $set: { active: true }, $unset: { employment: 1 } });
  await browser?.close();
  await stopWorker(worker);
  await stack?.close();
});

/** /tasks/abc-123 → /tasks/:id; a cycle, a unit, a key or a task id is a segment after the first. */
function shapeOf(path: string): string {
  const [first, ...rest] = path.split('/').filter(Boolean);
  if (!first) return '/';
  if (first === 'cycles' && rest[0] === 'launch') return rest.length > 1 ? '/cycles/launch/:id' : '/cycles/launch';
  return ['', first, ...rest.map((segment, i) => (i === rest.length - 1 && /^(dashboard|new)$/.test(segment) ? segment : ':x'))].join('/');
}

/** Signs a person in once; both languages' sweeps start from the session it leaves (the language is a cookie). */
async function signIn(username: string): Promise<Awaited<ReturnType<BrowserContext['storageState']>>> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${stack.baseUrl}/login?lang=zh-CN`);
  await page.fill('#username', username);
  await page.fill('#password', DEMO_PASSWORD);
  await Promise.all([page.waitForURL(/\/inbox/), page.click('button[type=submit]')]);
  const state = await context.storageState();
  await context.close();
  return state;
}

interface Seen { text: string[]; title: string; links: string[]; overflow: string | null }

/** Visible text (with placeholders, options and the tab title), the page's links, and what is wider than the window. */
async function readPage(page: Page, skip: string, editor: boolean): Promise<Seen> {
  return page.evaluate(([skipSelector, onEditor]) => {
    const text: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const el = node.parentElement;
      const value = node.textContent?.trim();
      if (!el || !value) continue;
      if (el.closest('script, style, noscript, template, textarea, [data-user-text]') || (skipSelector && el.closest(skipSelector))) continue;
      // A link in the other language (the language switch, lang="en") is that language by design.
      const lang = el.closest('[lang]')?.getAttribute('lang');
      if (lang && lang !== document.documentElement.lang) continue;
      // An option is read where its list is: a native select shows it, a select a widget replaced does not.
      const shown = el.closest('option') ? el.closest('select') : el;
      if (!shown || !shown.checkVisibility({ visibilityProperty: true } as CheckVisibilityOptions)) continue;
      text.push(value);
    }
    for (const el of document.querySelectorAll<HTMLInputElement>('input[placeholder], textarea[placeholder]')) {
      // In an owner's tools, a key field (its pattern admits no space) shows an example key ("nomination"): a code, not English.
      if (onEditor && el.pattern && !/\\s| /.test(el.pattern)) continue;
      if (!(skipSelector && el.closest(skipSelector)) && el.placeholder.trim()) text.push(el.placeholder.trim());
    }
    const links = [...document.querySelectorAll<HTMLAnchorElement>('a[href]')]
      .filter((a) => !(skipSelector && a.closest(skipSelector)) && !a.hasAttribute('download'))
      .map((a) => new URL(a.href, location.href))
      .filter((u) => u.origin === location.origin)
      .map((u) => u.pathname);
    const width = document.documentElement.clientWidth;
    let overflow: string | null = null;
    if (document.documentElement.scrollWidth > width + 1) {
      let widest: Element | null = null;
      for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.right > width + 1 && r.width > 0 && (!widest || el.contains(widest) === false)) widest = el;
      }
      overflow = `${document.documentElement.scrollWidth}px wide${widest ? `: ${widest.tagName.toLowerCase()}${widest.className && typeof widest.className === 'string' ? `.${widest.className.split(/\s+/).join('.')}` : ''} "${(widest.textContent ?? '').trim().slice(0, 40)}"` : ''}`;
    }
    return { text, title: document.title, links, overflow };
  }, [skip, editor] as const);
}

/**
 * Opens a page, waits until it has drawn what its script fetches, and collects every error on the
 * way. "Drawn" is: loaded, then no request of the page's in flight for 250 ms (a page that polls
 * is idle between its polls); at most 3 s.
 */
async function visit(context: BrowserContext, path: string, width: number): Promise<{ seen: Seen | null; errors: string[]; page: Page }> {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 900 });
  const errors: string[] = [];
  let inFlight = 0;
  let lastChange = Date.now();
  const settle = () => { inFlight = Math.max(0, inFlight - 1); lastChange = Date.now(); };
  page.on('request', () => { inFlight += 1; lastChange = Date.now(); });
  page.on('requestfinished', settle);
  page.on('console', (message) => { if (message.type() === 'error') errors.push(`console error: ${message.text().slice(0, 200)}`); });
  page.on('pageerror', (error) => errors.push(`script error: ${error.message.slice(0, 200)}`));
  page.on('requestfailed', (request) => { settle(); errors.push(`request failed: ${request.method()} ${new URL(request.url()).pathname} ${request.failure()?.errorText ?? ''}`); });
  page.on('response', (response) => { if (response.status() >= 400) errors.push(`request failed: ${response.request().method()} ${new URL(response.url()).pathname} → ${response.status()}`); });
  try {
    const response = await page.goto(`${stack.baseUrl}${path}`, { waitUntil: 'load', timeout: 30_000 });
    if (response && response.status() >= 400) errors.push(`page answered ${response.status()}`);
    const until = Date.now() + 3_000;
    while (Date.now() < until && (inFlight > 0 || Date.now() - lastChange < 250)) await page.waitForTimeout(50);
    // A task's form is read once its answer so far is drawn (task-page.ts marks it), as a person reads it.
    if (await page.locator('#task-form').count() > 0) {
      await page.waitForSelector('#task-form[data-ready]', { timeout: 10_000 }).catch(() => errors.push('the task form never said it was drawn'));
      await framesDrawn(page);
    }
    const editor = EDITOR.test(path);
    const seen = await readPage(page, editor ? `${EDITOR_SURFACES}, ${RECORD}` : RECORD, editor);
    return { seen, errors, page };
  } catch (error) {
    errors.push(`did not load: ${(error as Error).message.split('\n')[0]}`);
    return { seen: null, errors, page };
  }
}

/** Until the browser has drawn two frames: the style sheets' media queries and the resize observers (charts) have run. */
async function framesDrawn(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

function withoutCodes(text: string): string {
  const rest = withoutListedCodes(text, codes);
  // Keys (kebab-case), variables (camelCase), expressions, quoted literals and file types are the tools' own vocabulary.
  return rest.replace(/"[^"]*"/g, ' ').replace(/\$\{[^}]*\}/g, ' ').replace(/\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b/g, ' ').replace(/\b[a-z]+[A-Z]\w*\b/g, ' ').replace(/\.(bpmn|dmn|json)\b/gi, ' ');
}

function judge(path: string, locale: string, seen: Seen): string[] {
  const found: string[] = [];
  const all = [seen.title, ...seen.text];
  if (locale === 'zh-CN') {
    for (const chunk of all) {
      // An owner's tools name flows, forms and tables by key beside their names: a key is no English.
      const english = englishIn(EDITOR.test(path) ? withoutCodes(chunk) : chunk, typed, englishNames);
      if (english.length) found.push(`English: ${english.slice(0, 6).join(' ')} — in "${chunk.slice(0, 80)}"`);
    }
  }
  if (!EDITOR.test(path)) {
    for (const chunk of all) {
      // What people typed may hold anything; it is taken out only where a code was seen.
      if (codesIn(chunk, codes, path === '/audit').length === 0) continue;
      let rest = chunk;
      for (const t of typed) if (rest.includes(t)) rest = rest.split(t).join(' ');
      const raw = codesIn(rest, codes, path === '/audit');
      if (raw.length) found.push(`raw code: ${raw.join(', ')} — in "${chunk.slice(0, 80)}"`);
    }
  }
  return found;
}

/** One person in one language: the pages to visit (links found are added as pages are read) and what was seen. */
interface Sweep {
  role: string;
  username: string;
  locale: string;
  context: Promise<BrowserContext>;
  queue: string[];
  visited: Set<string>;
  perShape: Map<string, number>;
  inFlight: number;
  firstShot: boolean;
}

function newSweep(role: string, username: string, locale: string, state: Promise<Awaited<ReturnType<BrowserContext['storageState']>>>): Sweep {
  const context = state.then(async (storageState) => {
    const created = await browser.newContext({ locale, viewport: { width: 1440, height: 900 }, storageState });
    await created.addCookies([{ name: 'lang', value: locale, url: stack.baseUrl }]);
    return created;
  });
  return { role, username, locale, context, queue: ['/inbox'], visited: new Set(), perShape: new Map(), inFlight: 0, firstShot: locale === 'zh-CN' };
}

function take(sweep: Sweep, path: string): void {
  if (sweep.visited.has(path) || sweep.queue.includes(path)) return;
  // The brand's "/" only redirects to the inbox; sign-in and sign-out are not pages of the role.
  if (path === '/' || /^\/(login|logout|api|vendor|build|css)\b/.test(path) || /\.\w+$/.test(path)) return;
  const shape = shapeOf(path);
  const limit = shape === '/tasks/:x' ? PER_SHAPE_TASKS : shape.includes(':x') ? PER_SHAPE : 1;
  if ((sweep.perShape.get(shape) ?? 0) >= limit) return;
  sweep.perShape.set(shape, (sweep.perShape.get(shape) ?? 0) + 1);
  sweep.queue.push(path);
}

/** One page of one sweep: read at 1440 px, its links followed, then narrowed to 390 px. */
async function sweepPage(sweep: Sweep, path: string): Promise<void> {
  const { role, username, locale } = sweep;
  sweep.visited.add(path);
  const name = `sweep-${username}-${locale}-${path.replace(/[^\w]+/g, '_').slice(0, 60)}`;
  const context = await sweep.context;
  const began = Date.now();
  const { seen, errors, page } = await visit(context, path, 1440);
  const found = [...errors];
  if (seen) {
    found.push(...judge(path, locale, seen));
    if (seen.overflow) found.push(`overflow at 1440 px: ${seen.overflow}`);
    // The story's own cycles first, so that the pages of one shape show its data.
    const links = [...seen.links].sort((a, b) => Number(b.includes(previous) || b.includes(current)) - Number(a.includes(previous) || a.includes(current)));
    for (const link of links) take(sweep, link);
    // The phone: the same page narrowed to 390 px (media queries apply at once, charts redraw on their resize observers).
    await page.setViewportSize({ width: 390, height: 844 });
    await framesDrawn(page);
    const narrow = await readPage(page, '', false);
    if (narrow.overflow) found.push(`overflow at 390 px: ${narrow.overflow}`);
  }
  const unique = [...new Set(found)];
  for (const what of unique) {
    problems.push({ role, locale, width: /^overflow at 390/.test(what) ? 390 : 1440, path, what });
    appendFileSync(reportFile, `${role} (${locale}) ${path}: ${what}\n`);
  }
  if (unique.length || (sweep.firstShot && path === '/inbox')) {
    sweep.firstShot = false;
    await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true }).catch(() => undefined);
  }
  await page.close();
  timings.push([Date.now() - began, `${username} ${locale} ${path}`]);
}

/**
 * Runs every sweep with a few pages open at a time in one browser (the server and chromium share
 * two cores): the earliest sweep with a page waiting goes first, so few contexts are open at once;
 * a sweep's context closes once it has no page waiting or open.
 */
async function runSweeps(sweeps: Sweep[], pagesAtOnce: number): Promise<void> {
  const next = (): [Sweep, string] | null => {
    for (const sweep of sweeps) if (sweep.queue.length) return [sweep, sweep.queue.shift()!];
    return null;
  };
  const busy = () => sweeps.some((sweep) => sweep.inFlight > 0);
  await Promise.all(Array.from({ length: pagesAtOnce }, async () => {
    for (;;) {
      const job = next();
      if (!job) {
        if (!busy()) return;
        await new Promise((resolve) => setTimeout(resolve, 25));
        continue;
      }
      const [sweep, path] = job;
      sweep.inFlight += 1;
      try {
        await sweepPage(sweep, path);
      } finally {
        sweep.inFlight -= 1;
      }
      if (sweep.inFlight === 0 && sweep.queue.length === 0) await (await sweep.context).close();
    }
  }));
}

test('every page each role reaches is translated, free of codes, error-free and fits a phone', async () => {
  const started = Date.now();
  // One sign-in per person, all at once; each person's pages in both languages.
  const sweeps = ROLES.flatMap(([role, username]) => {
    const state = signIn(username);
    return LOCALES.map((locale) => newSweep(role, username, locale, state));
  });
  await runSweeps(sweeps, PAGES_AT_ONCE);
  const counts = sweeps.map((s) => `${s.username} ${s.locale}: ${s.visited.size}`);
  const slowest = [...timings].sort((a, b) => b[0] - a[0]).slice(0, 8).map(([ms, page]) => `${page} ${(ms / 1000).toFixed(1)} s`);
  console.log(`page sweep: ${counts.join('; ')} pages in ${Math.round((Date.now() - started) / 1000)} s; slowest: ${slowest.join(', ')}`);
  const report = problems.map((p) => `${p.role} (${p.locale}, ${p.width}) ${p.path}: ${p.what}`);
  expect([...new Set(report)]).toEqual([]);
}, 900_000);
