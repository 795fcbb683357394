import { existsSync } from 'node:fs';
import { run } from './processes.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Browser tests use Debian's chromium; install it (and CJK fonts for zh-CN pages) when missing. */
export async function ensureChromium(log = console.log) {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  log('installing chromium from Debian packages (first test run only)…');
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update', '-qq'], { env });
  await run('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-noto-cjk'], { env });
  return CHROMIUM;
}
