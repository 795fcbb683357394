import express, { type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import { join } from 'node:path';
import type { Config } from './config';
import { EngineError, type EngineClient } from './engine-client';
import { HttpError } from './http-errors';
import { errorText, problemsWithText } from './error-text';
import type { FieldProblem } from '../domain/api-types';
import { StoreSessionStore } from './session-store';
import { routers } from './routes';
import { IMPORT_PATHS } from './routes/support/imports';
import { requireUser } from './current-user';
import { formTokens as createFormTokens } from './security/form-token';
import { rateLimits, type RateLimitOptions } from './security/rate-limits';
import { refuseCrossOrigin } from './security/same-origin';
import { refuseUnexpectedQuery } from './security/strict-query';
import { refuseApiCaseVariants } from './security/api-path-case';
import { refuseControlCharacters } from './security/control-characters';
import { render } from './views';
import { localeOf } from './i18n';
import { formioAssets } from './formio-assets';

const projectRoot = join(__dirname, '..', '..');

/** State-changing API calls must be JSON: a cross-site form cannot send that without a CORS preflight. */
function requireJsonForApiWrites(req: Request, res: Response, next: NextFunction): void {
  if (req.path.startsWith('/api/') && !['GET', 'HEAD', 'OPTIONS'].includes(req.method) && !req.is('application/json') && req.headers['content-length'] !== '0' && req.method !== 'DELETE') {
    res.status(415).json({ error: 'send JSON (Content-Type: application/json)' });
    return;
  }
  next();
}

/** Files that are the same for everyone (style sheets, bundles, vendor assets): these may be cached. */
const STATIC_PREFIXES = /^\/(css|build|vendor)\//;

function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  res.set({
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'same-origin',
    'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-eval'; frame-ancestors 'none'",
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  });
  // Pay, ratings and cases are personal: no browser or proxy keeps a copy of a page or an answer.
  if (!STATIC_PREFIXES.test(req.path)) res.set('Cache-Control', 'no-store');
  next();
}

/** `rateLimits.scope`: servers with the same scope share their sign-in counters (every production node leaves it unset). */
export function createApp(config: Config, engine: EngineClient, options: { rateLimits?: RateLimitOptions } = {}): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders);
  app.use(refuseApiCaseVariants);
  app.use('/css', express.static(join(projectRoot, 'public', 'css')));
  app.use('/build', express.static(join(projectRoot, 'public', 'build')));
  // The tab's icon (layout.hbs links it; a browser asks for /favicon.ico when a page names none).
  app.use(['/favicon.svg', '/favicon.ico'], (_req, res) => res.type('image/svg+xml').sendFile(join(projectRoot, 'public', 'icons', 'favicon.svg')));
  app.use(formioAssets(join(projectRoot, 'node_modules')));
  // Before the body is read: a refused request costs nothing.
  app.use(refuseCrossOrigin);
  app.use(refuseUnexpectedQuery);
  // Imports carry whole files (a 10,000-row CSV is about 0.5 MB); every other route keeps the small limit.
  app.use(IMPORT_PATHS, express.json({ limit: '8mb' }));
  app.use(express.json({ limit: '256kb' }));
  app.use(express.urlencoded({ extended: false, limit: '32kb' }));
  app.use(requireJsonForApiWrites);
  app.use(refuseControlCharacters);
  const limits = rateLimits(config.rateLimits, options.rateLimits);
  const formTokens = createFormTokens(config.sessionSecret, config.secureCookies);
  // Pages get a form token (cookie and hidden field); the JSON API and the health check do not need one.
  app.use((req, res, next) => (req.path.startsWith('/api/') || req.path === '/healthz' ? next() : formTokens.issue(req, res, next)));
  app.use(session({
    name: 'meritflow.sid',
    secret: config.sessionSecret,
    store: new StoreSessionStore(),
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'strict', secure: config.secureCookies, maxAge: 8 * 60 * 60 * 1000 },
  }));
  app.use((req, res, next) => {
    if (typeof req.query.lang === 'string') res.cookie('lang', req.query.lang === 'en' ? 'en' : 'zh-CN', { sameSite: 'strict', maxAge: 365 * 24 * 3600 * 1000 });
    next();
  });

  app.get('/healthz', (_req, res) => { res.json({ ok: true }); });
  app.get('/', requireUser, (_req, res) => res.redirect('/inbox'));
  for (const [, router] of routers({ config, engine, limits, formTokens, modules: join(projectRoot, 'node_modules') })) app.use(router);

  app.use((req, res) => {
    if (req.path.startsWith('/api/')) res.status(404).json({ error: 'not found' });
    else res.status(404).type('text').send('not found');
  });
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    // The English message is the API's stable wording; `text` (and each problem's) is the reader's, which a page shows.
    const locale = localeOf(req);
    const answer = (message: string, problems?: FieldProblem[], words?: HttpError['words']) => {
      const text = errorText(message, locale, words);
      return { error: message, ...(text !== undefined ? { text } : {}), ...(problems ? { problems: problemsWithText(problems, locale) } : {}) };
    };
    const bodyError = error as { type?: string; status?: number };
    if (bodyError.type === 'entity.parse.failed') return void res.status(400).json(answer('the body is not valid JSON'));
    if (bodyError.type === 'entity.too.large') return void res.status(413).json(answer('the body is too large'));
    if (error instanceof HttpError) {
      if (!req.path.startsWith('/api/') && error.status === 404) return void render(req, res, 'not-found', {}, 404);
      return void res.status(error.status).json(answer(error.message, error.problems, error.words));
    }
    // The engine refusing the server's own credentials is the server's trouble, not the user's sign-in.
    if (error instanceof EngineError && (error.status === 401 || error.status === 403)) {
      console.error(error);
      return void res.status(503).json(answer('the workflow engine is not answering the server; try again shortly'));
    }
    // Errors express itself marks as the client's (an undecodable %-escape in a path, say).
    const clientError = error as { status?: unknown; expose?: boolean; message?: string };
    if (typeof clientError.status === 'number' && clientError.status >= 400 && clientError.status < 500) {
      return void res.status(clientError.status).json(answer(clientError.expose && clientError.message ? clientError.message : 'the request could not be read'));
    }
    console.error(error);
    res.status(500).json(answer('something went wrong on our side; it has been logged'));
  });
  return app;
}
