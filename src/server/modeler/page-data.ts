import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { personNames } from '../../db/person-cards';
import { translate, type Locale } from '../i18n';
import { processNameOf } from './new-flow';
import { processXml } from './process-library';

const projectRoot = join(__dirname, '..', '..', '..');
const STRING_KEYS = Object.keys(JSON.parse(readFileSync(join(projectRoot, 'templates', 'i18n', 'en', 'modeler.json'), 'utf8')) as Record<string, string>);

/** The modeler pages' strings for their scripts: modeler.x as x; on the builder, modeler.builder.x as x over them. */
export function clientStrings(locale: Locale, builder = false): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of STRING_KEYS) if (!key.startsWith('modeler.builder.')) out[key.slice('modeler.'.length)] = translate(locale, key);
  if (builder) for (const key of STRING_KEYS) if (key.startsWith('modeler.builder.')) out[key.slice('modeler.builder.'.length)] = translate(locale, key);
  return out;
}

/**
 * The names, in the page's language, of the people who saved or deployed the versions a page lists
 * and of the reader, who may save next: the history shows names, not person ids.
 */
export async function namesFor(locale: Locale, readerId: string, ids: Array<string | null | undefined>): Promise<Record<string, string>> {
  const names = await personNames([readerId, ...ids.filter((id): id is string => Boolean(id))]);
  return Object.fromEntries([...names].map(([id, name]) => [id, name[locale] ?? name.en]));
}

/**
 * A flow's name in the page's language: a shipped flow's from the translations, an owner's flow's as
 * the owner named it (its latest version's process name); the key only when it has neither.
 */
export async function flowName(locale: Locale, key: string, latestVersion?: number): Promise<string> {
  const name = translate(locale, `modeler.flow.${key}`);
  if (name !== `modeler.flow.${key}`) return name;
  if (latestVersion === undefined) return key;
  return processNameOf(await processXml(key, latestVersion).catch(() => '')) || key;
}
