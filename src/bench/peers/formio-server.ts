import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ChildProcess } from 'node:child_process';
import { projectRoot } from '../../deploy/deploy-all';
import { startPeer, waitForPeer } from './peer-process';

/**
 * The open-source Form.io server (npm `formio`), installed at bench time into .tools/bench-formio
 * from src/bench/peers/formio-package.json: not a dependency of the product. 4.6.7, not the newest
 * 4.8.1: that one needs @formio/feature-flags ^1.3.0, which the registry we reach does not serve.
 * inputmask is held at 5.0.9: 5.0.10 reads the browser's matchMedia when loaded and the server dies.
 */
const folder = join(projectRoot, '.tools', 'bench-formio');
const serverDir = join(folder, 'node_modules', 'formio');
const manifest = join(projectRoot, 'src', 'bench', 'peers', 'formio-package.json');
const ADMIN = { email: 'bench@example.com', password: 'bench-formio-pass' };

async function ensureInstalled(): Promise<void> {
  const wanted = (JSON.parse(readFileSync(manifest, 'utf8')) as { dependencies: { formio: string } }).dependencies.formio;
  const installed = join(serverDir, 'package.json');
  if (!existsSync(installed) || (JSON.parse(readFileSync(installed, 'utf8')) as { version: string }).version !== wanted) {
    console.log(`installing the Form.io server ${wanted} into .tools/bench-formio (first run only)…`);
    mkdirSync(folder, { recursive: true });
    copyFileSync(manifest, join(folder, 'package.json'));
    await promisify(execFile)('npm', ['install', '--prefix', folder, '--no-audit', '--no-fund'], { maxBuffer: 64 * 1024 * 1024 });
  }
  // The server prints welcome.txt from its working folder at start; the package does not ship it.
  if (!existsSync(join(serverDir, 'welcome.txt'))) writeFileSync(join(serverDir, 'welcome.txt'), '');
}

export interface FormioServer {
  child: ChildProcess;
  base: string;
  /** The admin's JWT, sent with every request. */
  token: string;
}

/**
 * Starts the Form.io server on the bench's document store (a database `formio-bench-…` beside the
 * platform's), lets it install its default project with an admin, and signs the admin in.
 */
export async function startFormio(mongodbUri: string, port: number): Promise<FormioServer> {
  await ensureInstalled();
  const uri = new URL(mongodbUri);
  // A database of its own each run: the server installs its project and admin only into an empty one.
  uri.pathname = `/formio-bench-${Date.now().toString(36)}`;
  const child = startPeer('formio', process.execPath, ['main.js'], {
    cwd: serverDir,
    env: {
      NODE_CONFIG: JSON.stringify({ mongo: uri.toString(), port, host: `127.0.0.1:${port}`, domain: `http://127.0.0.1:${port}`, jwt: { secret: 'bench', expireTime: 240 }, mongoSecret: 'bench' }),
      ROOT_EMAIL: ADMIN.email, ROOT_PASSWORD: ADMIN.password,
    },
  });
  const base = `http://127.0.0.1:${port}`;
  let token = '';
  await waitForPeer('formio', child, async () => {
    const response = await fetch(`${base}/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ data: ADMIN }) });
    token = response.headers.get('x-jwt-token') ?? '';
    return response.ok && token !== '';
  }, 180_000);
  return { child, base, token };
}

/** Creates a form of the given schema; its id, for `/form/:id/submission`. */
export async function createFormioForm(server: FormioServer, name: string, schema: { title?: unknown; components?: unknown[] }): Promise<string> {
  const path = `${name.replace(/[^a-z0-9]/gi, '')}${Date.now().toString(36)}`;
  const response = await fetch(`${server.base}/form`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-jwt-token': server.token },
    body: JSON.stringify({ title: schema.title ?? name, name: path, path, type: 'form', display: 'form', components: schema.components }),
  });
  if (!response.ok) throw new Error(`Form.io: creating form ${name}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { _id: string })._id;
}
