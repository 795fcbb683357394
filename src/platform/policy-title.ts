import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

const policiesDir = join(__dirname, '..', '..', 'policies');
const titles = new Map<string, Record<string, string>>();

/**
 * A policy's title as its shipped file states it (versions keep the body, not the title); the key when
 * there is none. The files ship with the release, so each is read once per process.
 */
export async function policyTitle(key: string, locale: 'en' | 'zh-CN'): Promise<string> {
  if (!/^[a-z0-9-]+$/.test(key)) return key;
  if (!titles.has(key)) {
    try {
      titles.set(key, (JSON.parse(await readFile(join(policiesDir, `${key}.json`), 'utf8')) as { title?: Record<string, string> }).title ?? {});
    } catch {
      titles.set(key, {});
    }
  }
  return titles.get(key)![locale] ?? key;
}
