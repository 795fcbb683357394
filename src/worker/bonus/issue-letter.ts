import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Award } from '../../db/models/award';
import { BonusLetterModel } from '../../db/models/bonus-letter';
import { notify } from '../../db/models/notification';
import { OrgUnitModel } from '../../db/models/org-unit';
import { PersonModel } from '../../db/models/person';
import { retryOnBusy } from '../../db/retry-on-busy';
import { LETTER_TEMPLATE, renderBonusLetter } from '../../platform/bonus-letter';

const policiesDir = join(__dirname, '..', '..', '..', 'policies');

/** A policy's title as its file states it (versions keep the body, not the title); the key when there is none. */
async function policyTitle(key: string, locale: 'en' | 'zh-CN'): Promise<string> {
  if (!/^[a-z0-9-]+$/.test(key)) return key;
  try {
    const file = JSON.parse(await readFile(join(policiesDir, `${key}.json`), 'utf8')) as { title?: Record<string, string> };
    return file.title?.[locale] ?? key;
  } catch {
    return key;
  }
}

/** Renders the award's letter in the person's language, stores it under the award's id and tells the person. */
export async function issueLetter(award: Award, pack: { key: string; version: number }, notificationKind: string, notificationCaseId: string): Promise<void> {
  const [person, unit] = await Promise.all([
    PersonModel.findById(award.personId, { name: 1, locale: 1 }).lean(),
    OrgUnitModel.findById(award.unitId, { name: 1 }).lean(),
  ]);
  if (!person) throw new Error(`employee ${award.personId} of award ${award._id} is not on the org chart`);
  const locale = person.locale ?? 'zh-CN';
  const title = await policyTitle(pack.key, locale);
  const text = renderBonusLetter({ award, name: person.name[locale], unitName: unit?.name[locale] ?? award.unitId, pack: { ...pack, title } }, locale);
  await retryOnBusy(() => BonusLetterModel.replaceOne({ _id: award._id }, {
    _id: award._id, personId: award.personId, caseId: award.caseId, locale, text, amountMinor: award.amountMinor, template: LETTER_TEMPLATE, renderedAt: new Date(),
  }, { upsert: true }));
  await notify(award.personId, notificationCaseId, notificationKind, { awardId: award._id, amountMinor: award.amountMinor, currency: award.currency });
}
